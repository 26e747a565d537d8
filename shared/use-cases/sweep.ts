import { metricCluster } from '../domain/accounts.js';
import { scopedClusterOf, serviceTarget } from '../domain/incidents/keys.js';
import { redeliveryDue } from '../domain/incidents/outbox.js';
import { instanceIncidentKey, sweep } from '../domain/incidents/sweep.js';
import type { DeploymentRecord, Incident, PendingDisconnect } from '../domain/incidents/types.js';
import type { InstanceStatus } from '../ports/ecs-actions.js';
import { deliverAlerts } from './deliver-alerts.js';
import type { DecisionEffect, Effect } from './effects.js';
import { EffectLog, type PipelineDeps } from './pipeline-deps.js';
import { recordTransitions } from './record-metrics.js';
import { finishInstanceActions, remediateLostInstances } from './remediate-instance.js';
import { activeSilences } from './silences.js';

/** The container instances of one cluster of one account and Region, asked about in one call. */
interface ClusterCheck {
  account: string;
  region: string;
  cluster: string;
  arns: string[];
  /** The earliest grace end among the due disconnects of this cluster (none: only open incidents). */
  dueAt?: string;
}

/**
 * Instances to ask ECS about, grouped by (account, Region, cluster): the due disconnects, and the subjects
 * of open lost-instance incidents. Same-named clusters of two accounts are two groups.
 */
function instancesToCheck(due: PendingDisconnect[], open: Incident[]): ClusterCheck[] {
  const groups = new Map<string, ClusterCheck>();
  const add = (scope: { account: string; region: string; cluster: string }, arn: string, dueAt?: string) => {
    const key = scopedClusterOf(scope);
    const group = groups.get(key) ?? { ...scope, arns: [] };
    if (!group.arns.includes(arn)) group.arns.push(arn);
    if (dueAt && !(group.dueAt && group.dueAt <= dueAt)) group.dueAt = dueAt;
    groups.set(key, group);
  };
  for (const p of due) add(p, p.containerInstanceArn, p.dueAt);
  for (const i of open) if (i.group === 'instance-lost' && i.subject.kind === 'instance') add(i, i.subject.name);
  return [...groups.values()];
}

// ECS statuses of an instance that has left the cluster (MISSING: DescribeContainerInstances no longer knows it).
const LEFT_CLUSTER: ReadonlySet<string> = new Set(['INACTIVE', 'DEREGISTERING', 'REGISTRATION_FAILED', 'MISSING']);

/**
 * Errors that mean ECS will not tell this monitor about the cluster, now or later: no role registered for
 * the account/Region, the role or this account's policy denies the read, or the cluster is another
 * account's. Waiting for the next sweep would leave the check pending for ever.
 */
const CANNOT_ASK: ReadonlySet<string> = new Set([
  'ClusterNotFoundException',
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'NoMemberRoleError',
]);

/** What the sweep learnt from ECS: agents still disconnected, instances that left, and checks ECS could not answer. */
interface AgentStates {
  still: Record<string, boolean>;
  left: Record<string, string>;
  eventsOnly: Record<string, string>;
}

/**
 * Whether each instance's agent is still disconnected, as ECS sees it now: a disconnected agent on an
 * ACTIVE or DRAINING instance is still lost (a drained lost instance is DRAINING). Where ECS can't be asked
 * (see CANNOT_ASK) the events decide: a disconnect not followed by a reconnect within grace is a loss.
 * A cluster that can't be read for another reason (throttling) is asked again next sweep, until its grace
 * has been over for another grace period: then the events decide too, so no check stays pending for ever.
 */
async function agentStates(deps: PipelineDeps, checks: ClusterCheck[], nowMs: number): Promise<AgentStates> {
  const result: AgentStates = { still: {}, left: {}, eventsOnly: {} };
  for (const { account, region, cluster, arns, dueAt } of checks) {
    // Without ECS (replay) the events are the only truth.
    let statuses: InstanceStatus[] = [];
    if (deps.ecs) {
      try {
        statuses = await deps.ecs.describeInstances(cluster, arns);
      } catch (error) {
        const { name, message } = error as Error;
        const overdue = dueAt !== undefined && nowMs - Date.parse(dueAt) >= deps.config.incidents.disconnectGraceMs;
        if (!CANNOT_ASK.has(name) && !overdue) {
          deps.log.warn('could not describe container instances; checking again next sweep', {
            account,
            region,
            cluster,
            error: message,
          });
          continue;
        }
        const why = CANNOT_ASK.has(name) ? message || name : `ECS unreadable past twice the grace (${message})`;
        for (const arn of arns) result.eventsOnly[arn] = why;
      }
    }
    for (const arn of arns) {
      const status = statuses.find((s) => s.containerInstanceArn === arn);
      const gone = status !== undefined && LEFT_CLUSTER.has(status.status);
      if (gone) result.left[arn] = status.status;
      result.still[arn] = status ? !gone && !status.agentConnected : true;
    }
  }
  return result;
}

/**
 * Writes each changed incident together with the removal of its pending disconnect, or the deployment record
 * whose awaiting hook it tells (one commit each), so a conflict (an event changed the incident or the record
 * meanwhile: the hook went on) leaves the disconnect pending, or the hook due, for the next sweep.
 */
async function commitSweep(
  deps: PipelineDeps,
  incidents: Incident[],
  deletePending: string[],
  due: PendingDisconnect[],
  expiresAt: number,
  records: Array<{ record: DeploymentRecord; incidentKey?: string }> = [],
): Promise<string[]> {
  const written: string[] = [];
  const removal = (arn: string) => ({
    containerInstanceArn: arn,
    read: due.find((p) => p.containerInstanceArn === arn),
    next: null,
  });
  const left = new Set(deletePending);
  for (const incident of incidents) {
    const arn = incident.subject.kind === 'instance' && left.delete(incident.subject.name) ? incident.subject.name : '';
    const record = records.find((r) => r.incidentKey === incident.key)?.record;
    const change = {
      incidents: [{ incident, expectedRev: incident.rev - 1 }],
      pending: arn ? removal(arn) : undefined,
      deployment: record ? { record, expectedRev: record.rev - 1 } : undefined,
    };
    if (await deps.store.commit(change, expiresAt)) written.push(incident.key);
  }
  for (const { record } of records.filter((r) => r.incidentKey === undefined)) {
    await deps.store.commit({ incidents: [], deployment: { record, expectedRev: record.rev - 1 } }, expiresAt);
  }
  for (const arn of left) await deps.store.commit({ incidents: [], pending: removal(arn) }, expiresAt);
  return written;
}

/**
 * The periodic sweep at `now`: confirms disconnects past their grace period as lost instances (and
 * drains them), resolves incidents that went quiet, and re-delivers alerts whose delivery was cut short.
 */
export async function runSweep(deps: PipelineDeps, now: string): Promise<Effect[]> {
  const effects = new EffectLog(deps);
  const nowMs = Date.parse(now);
  const expiresAt = nowMs + deps.config.incidents.retentionMs;
  // Independent reads, sent together: each was a round trip the next one waited for, every minute.
  const [listed, open, dueHooks] = await Promise.all([
    deps.store.listDueDisconnects(now),
    deps.store.listOpenIncidents(),
    deps.store.listDueHooks(now),
  ]);
  const states = await agentStates(deps, instancesToCheck(listed, open), nowMs);
  // Disconnects whose agent state couldn't be read stay pending for the next sweep.
  const due = listed.filter((p) => p.containerInstanceArn in states.still);
  const hookKeys = dueHooks.map((record) =>
    record.awaitingHook ? serviceTarget(record.awaitingHook.facts, 'deployment')?.key : undefined,
  );
  const [instanceFound, hookFound] = await Promise.all([
    Promise.all(due.map((p) => deps.store.getIncident(instanceIncidentKey(p)))),
    Promise.all(hookKeys.map((key) => (key ? deps.store.getIncident(key) : undefined))),
  ]);
  const instanceIncidents: Record<string, Incident | undefined> = {};
  due.forEach((p, i) => {
    instanceIncidents[p.containerInstanceArn] = instanceFound[i];
  });
  const hookIncidents: Record<string, Incident | undefined> = {};
  hookKeys.forEach((key, i) => {
    if (key) hookIncidents[key] = hookFound[i];
  });
  // A decision about a due hook that changed no incident (below the alert threshold, no service) is the hook's.
  const hookDecision = (key: string | undefined) => key === undefined || key in hookIncidents;
  const out = sweep({
    now,
    due,
    stillDisconnected: states.still,
    leftCluster: states.left,
    eventsOnly: states.eventsOnly,
    open,
    instanceIncidents,
    dueHooks,
    hookIncidents,
    // Read only when a hook is due: most sweeps have none, and the silences cost a read.
    ...(dueHooks.length > 0 ? { silences: await activeSilences(deps) } : {}),
    policy: deps.config.incidents,
  });
  const written = await commitSweep(deps, out.incidents, out.deletePending, due, expiresAt, out.deployments);
  for (const decision of out.decisions) {
    const incident = out.incidents.find((i) => i.key === decision.incidentKey);
    const effect: DecisionEffect = {
      effect: 'decision',
      input: `sweep@${now}`,
      at: now,
      category:
        incident?.category ?? (hookDecision(decision.incidentKey) ? 'hook-awaiting-action' : 'instance-disconnected'),
      severity: incident?.severity ?? 'info',
      reason: decision.reason,
      detail: decision.detail,
      ...(decision.incidentKey ? { incident: decision.incidentKey } : {}),
      ...(decision.transition ? { transition: decision.transition } : {}),
    };
    effects.push(effect);
    // The same fields as an event's decision line, so one Logs Insights query finds both.
    deps.log.info('decision', { ...effect });
    if (decision.reason === 'silenced' && incident) {
      const cluster = metricCluster(deps.config.accounts, incident);
      effects.count('AlertsSilenced', { Cluster: cluster, Category: incident.category }, nowMs);
    }
  }
  const alerts = out.alerts.filter((a) => written.includes(a.incidentKey));
  recordTransitions(effects, { alerts, incidents: out.incidents }, nowMs, deps.config.accounts);
  const confirmed = out.confirmedLost.filter(({ incident }) => written.includes(incident.key));
  await remediateLostInstances(deps, confirmed, effects, nowMs, expiresAt);
  const resolvedNow = new Set(out.incidents.filter((i) => i.status === 'resolved').map((i) => i.key));
  const confirmedNow = new Set(confirmed.map(({ incident }) => incident.key));
  const stillOpen = open.filter((i) => !resolvedNow.has(i.key) && !confirmedNow.has(i.key));
  await finishInstanceActions(deps, stillOpen, states.still, effects, nowMs, expiresAt);
  const undelivered = await deps.store.listPendingOutboxes();
  // Retries back off per failed attempt (2, 4, 8, 16 min) until the channel gives the transition up.
  const stale = undelivered.filter((i) => i.outbox && redeliveryDue(i.outbox, nowMs)).map((i) => i.key);
  // The sweep reads no logs (its role has no log permissions): re-sends show the excerpt kept with the incident.
  const keys = [...alerts.map((a) => a.incidentKey), ...stale];
  await deliverAlerts(deps, keys, effects, expiresAt, nowMs, { readLogs: false });
  return effects.effects;
}
