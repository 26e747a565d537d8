import { formatDuration } from '../duration.js';
import { awaitingHeldUntil, type HookSweepOutput, sweepAwaitingHooks } from './hook-sweep.js';
import { addNote, openIncident, resolveIncident, withAlert } from './incident-state.js';
import { AGENT_CONNECTED_TROUBLE } from './instance-health.js';
import { instanceIncidentKey } from './keys.js';
import {
  lastActivityBySubject,
  quietAt,
  quietWindowMs,
  STEADY_HOLD_MS,
  STEADY_RESOLUTION,
  steadySinceLastFailure,
} from './quiet.js';
import { applySilences, type Silence } from './silences.js';
import type { AlertIntent } from './step.js';
import { toIso, toMs } from './time.js';
import type { Decision, DeploymentRecord, Incident, IncidentPolicy, PendingDisconnect } from './types.js';

/** Key of the instance-lost incident a pending disconnect opens (re-exported for the sweep's callers). */
export { instanceIncidentKey } from './keys.js';

/** What the periodic sweep looks at. */
export interface SweepInput {
  now: string;
  /** Pending disconnects with dueAt <= now. */
  due: PendingDisconnect[];
  /**
   * containerInstanceArn → true while ACTIVE with the agent disconnected (replay: true). Also read for open
   * instance-lost incidents: false there resolves them (the instance is back or gone).
   */
  stillDisconnected: Record<string, boolean>;
  /**
   * containerInstanceArn → ECS status of an instance that left the cluster (INACTIVE, DEREGISTERING, MISSING):
   * its open instance-lost incident resolves with a note saying there is nothing left to act on.
   */
  leftCluster?: Record<string, string>;
  /**
   * containerInstanceArn → why ECS could not be asked (no role for its account, access denied, cluster not
   * found): the grace check decides from the events alone, and the incident it opens says so.
   */
  eventsOnly?: Record<string, string>;
  /** Open incidents, for quiet resolution. */
  open: Incident[];
  /** Existing instance-lost incidents of due instances, keyed by container instance ARN or incident key. */
  instanceIncidents: Record<string, Incident | undefined>;
  /** Deployment records whose lifecycle hook awaits action and is due (see hooks.ts). */
  dueHooks?: DeploymentRecord[];
  /** Stored deployment incidents of the due hooks' services, by key. */
  hookIncidents?: Record<string, Incident | undefined>;
  /** Silences in force: a hook warning they cover is held back as an event's alert would be. */
  silences?: readonly Silence[];
  policy: IncidentPolicy;
}

/**
 * Applies the silences to the hook warnings the sweep decided, one incident at a time as an event's decision
 * is silenced (applySilences): a covered warning is held back with decision reason `silenced`, and pages as
 * opened if the hook still waits when the silence ends. A note on an open incident has no alert to hold.
 */
function silenceHookWarnings(
  hooks: HookSweepOutput,
  previous: Record<string, Incident | undefined>,
  silences: readonly Silence[],
  now: string,
): void {
  const alerts: AlertIntent[] = [];
  hooks.incidents = hooks.incidents.map((incident) => {
    const own = hooks.alerts.filter((alert) => alert.incidentKey === incident.key);
    if (own.length === 0) return incident;
    const at = hooks.decisions.findIndex((decision) => decision.incidentKey === incident.key);
    const decision = hooks.decisions[at] ?? { reason: 'first', detail: 'lifecycle hook awaiting action' };
    const output = applySilences({ decision, incidents: [incident], alerts: own }, previous, silences, now);
    if (at >= 0) hooks.decisions[at] = output.decision;
    alerts.push(...output.alerts);
    return output.incidents[0] ?? incident;
  });
  hooks.alerts = alerts;
}

/** Decisions, changed incidents (rev incremented), pending disconnects to delete, alerts, and lost instances to remediate. */
export interface SweepOutput {
  decisions: Decision[];
  incidents: Incident[];
  deletePending: string[];
  alerts: AlertIntent[];
  confirmedLost: Array<{ incident: Incident; pending: PendingDisconnect }>;
  /** Deployment records to write (rev incremented), each with the incident it must be written with, if any. */
  deployments: Array<{ record: DeploymentRecord; incidentKey?: string }>;
}

function openLost(
  pending: PendingDisconnect,
  previous: Incident | undefined,
  now: string,
  policy: IncidentPolicy,
  eventsOnly: string | undefined,
): Incident {
  const arn = pending.containerInstanceArn;
  const facts = {
    account: pending.account,
    region: pending.region,
    time: pending.disconnectedAt,
    resourceArn: arn,
    cluster: pending.cluster,
    containerInstanceArn: arn,
    ...(pending.ec2InstanceId ? { ec2InstanceId: pending.ec2InstanceId } : {}),
  };
  const target = {
    key: instanceIncidentKey(pending),
    group: 'instance-lost' as const,
    subject: { kind: 'instance' as const, name: arn },
    account: pending.account,
    region: pending.region,
    cluster: pending.cluster,
  };
  const base = openIncident({ target, facts, category: 'instance-disconnected', severity: 'critical', now, previous });
  const opened: Incident = {
    ...base,
    lastEventAt: pending.disconnectedAt,
    recentFailures: [pending.disconnectedAt],
    totalFailures: 1,
    countsByCategory: { 'instance-disconnected': 1 },
    notes: [
      `Agent disconnected since ${pending.disconnectedAt} (grace ${formatDuration(policy.disconnectGraceMs)})`,
      ...(eventsOnly ? [`Decided from the events alone (no reconnect within grace): ${eventsOnly}`] : []),
    ],
    rev: (previous?.rev ?? 0) + 1,
  };
  return withAlert(opened, 'opened', now);
}

function resolved(
  incident: Incident,
  now: string,
  by: 'event' | 'quiet',
  detail: string,
  out: SweepOutput,
  note?: string,
  resolution = detail,
): void {
  const closed = resolveIncident(note ? addNote(incident, note) : incident, now, by, resolution);
  out.incidents.push({ ...withAlert(closed, 'resolved', now), rev: incident.rev + 1 });
  out.alerts.push({ incidentKey: incident.key, transition: 'resolved' });
  out.decisions.push({ reason: 'resolved', detail, incidentKey: incident.key, transition: 'resolved' });
}

/**
 * A lost instance is not "quiet", it is gone: it stays open (one reminder after the repeat interval) while its agent
 * is disconnected, whatever its status (a drained instance is DRAINING and still lost). Only the agent coming
 * back or the instance leaving the cluster resolves it. Unread instances (undefined) wait for the next sweep.
 */
function lostInstanceCheck(incident: Incident, input: SweepInput, out: SweepOutput): void {
  const { now, policy } = input;
  const arn = incident.subject.name;
  const still = input.stillDisconnected[arn];
  if (still === false) {
    const left = input.leftCluster?.[arn];
    // A failed health check with the agent connected (hung runtime, GPU, daemon): ECS's OK or the instance
    // leaving resolves it, not the agent being connected.
    if (!left && AGENT_CONNECTED_TROUBLE.has(incident.category)) return;
    if (!left)
      resolved(
        incident,
        now,
        'event',
        'agent reconnected: instance no longer lost',
        out,
        undefined,
        'agent reconnected',
      );
    else {
      const note = `Instance left the cluster (${left}): nothing left to drain`;
      resolved(
        incident,
        now,
        'event',
        `instance left the cluster (${left})`,
        out,
        note,
        `instance left the cluster (${left})`,
      );
    }
    return;
  }
  const sinceAlert = toMs(now) - toMs(incident.lastAlertAt);
  // One reminder: an instance that stays dead (drained, DRAINING until someone deregisters it) is no news after
  // that, and the health report keeps listing it.
  if (incident.lastTransition === 'repeated') return;
  if (still !== true || !(sinceAlert >= policy.repeatIntervalMs)) return;
  out.incidents.push({ ...withAlert(incident, 'repeated', now), rev: incident.rev + 1 });
  out.alerts.push({ incidentKey: incident.key, transition: 'repeated' });
  out.decisions.push({
    reason: 'repeat-elapsed',
    detail: `agent still disconnected; last alert ${formatDuration(sinceAlert)} ago`,
    incidentKey: incident.key,
    transition: 'repeated',
  });
}

/** Confirms due disconnects still disconnected as lost instances, and resolves incidents that went quiet. Pure. */
export function sweep(input: SweepInput): SweepOutput {
  const { now, policy } = input;
  const nowMs = toMs(now);
  const out: SweepOutput = {
    decisions: [],
    incidents: [],
    deletePending: [],
    alerts: [],
    confirmedLost: [],
    deployments: [],
  };
  if (!Number.isFinite(nowMs)) return out;
  for (const pending of input.due) {
    const arn = pending.containerInstanceArn;
    if (!(toMs(pending.dueAt) <= nowMs)) continue;
    out.deletePending.push(arn);
    const key = instanceIncidentKey(pending);
    const existing = input.instanceIncidents[key] ?? input.instanceIncidents[arn];
    if (input.stillDisconnected[arn] !== true) {
      out.decisions.push({ reason: 'ignored', detail: 'agent reconnected within grace', incidentKey: key });
    } else if (existing?.status === 'open') {
      out.decisions.push({
        reason: 'deduplicated',
        detail: 'the instance already has an open instance-lost incident',
        incidentKey: key,
      });
    } else {
      const incident = openLost(pending, existing, now, policy, input.eventsOnly?.[arn]);
      out.incidents.push(incident);
      out.alerts.push({ incidentKey: key, transition: 'opened' });
      out.confirmedLost.push({ incident, pending });
      const detail = `agent still disconnected after ${formatDuration(policy.disconnectGraceMs)}: instance lost`;
      out.decisions.push({ reason: 'first', detail, incidentKey: key, transition: 'opened' });
    }
  }
  const touched = new Set(out.incidents.map((incident) => incident.key));
  if (input.dueHooks?.length) {
    const hooks = sweepAwaitingHooks({
      now,
      due: input.dueHooks,
      open: input.open,
      previous: input.hookIncidents ?? {},
      policy,
      touched,
    });
    if (input.silences?.length) silenceHookWarnings(hooks, input.hookIncidents ?? {}, input.silences, now);
    out.incidents.push(...hooks.incidents);
    out.alerts.push(...hooks.alerts);
    out.decisions.push(...hooks.decisions);
    out.deployments.push(...hooks.deployments);
    for (const incident of hooks.incidents) touched.add(incident.key);
  }
  const lastActivity = lastActivityBySubject(input.open);
  for (const incident of input.open) {
    if (incident.status !== 'open' || touched.has(incident.key)) continue;
    touched.add(incident.key);
    if (incident.group === 'instance-lost') {
      lostInstanceCheck(incident, input, out);
      continue;
    }
    // A hook still awaiting action is not quiet: its answer (or its deployment's end) resolves it.
    if (nowMs >= quietAt(incident, policy, lastActivity) && nowMs >= awaitingHeldUntil(incident)) {
      const steady = steadySinceLastFailure(incident, lastActivity);
      const window = formatDuration(steady ? STEADY_HOLD_MS : quietWindowMs(incident, policy));
      if (incident.silenced?.transition === 'opened') resolvedUnheard(incident, now, window, out);
      else if (steady) {
        const detail = `service steady since ${incident.steadyAt} and no failure for ${window}`;
        resolved(incident, now, 'event', detail, out, undefined, STEADY_RESOLUTION);
      } else resolved(incident, now, 'quiet', `no new failure for ${window}`, out, undefined, `quiet for ${window}`);
    } else if (incident.silenced && nowMs >= toMs(incident.silenced.until)) {
      if (goesOn(incident, policy, nowMs)) silenceOver(incident, now, out);
      else if (!incident.silenced.ended) {
        // Nothing to tell yet: waits for a new failure (then it pages) or for quiet (then it closes unheard).
        out.incidents.push({ ...incident, silenced: { ...incident.silenced, ended: true }, rev: incident.rev + 1 });
      }
    }
  }
  return out;
}

/**
 * True when a silenced incident's problem goes on past its silence: a lifecycle hook still awaiting action, a
 * failure after it ended, or one within the escalation window before. Otherwise it waits: quiet, it closes
 * without a message; failing again, it pages.
 */
function goesOn(incident: Incident, policy: IncidentPolicy, nowMs: number): boolean {
  if (nowMs < awaitingHeldUntil(incident)) return true;
  const until = toMs(incident.silenced?.until ?? '');
  return toMs(incident.lastEventAt) >= until - policy.escalationWindowMs;
}

/** An incident that opened and went quiet within its silence: closed without a message nobody waits for. */
function resolvedUnheard(incident: Incident, now: string, window: string, out: SweepOutput): void {
  const { silenced: state, outbox: _none, ...rest } = incident;
  const closed = resolveIncident(rest, now, 'quiet', `quiet for ${window}`);
  out.incidents.push({ ...closed, rev: incident.rev + 1 });
  const detail = `quiet for ${window} within its silence (${state?.reason ?? ''}): resolved without a message`;
  out.decisions.push({ reason: 'silenced', detail, incidentKey: incident.key });
}

/** The silence ended and the problem goes on: the team hears of it now (opened, or its latest transition). */
function silenceOver(incident: Incident, now: string, out: SweepOutput): void {
  const { silenced: state, ...rest } = incident;
  const transition = state?.transition === 'resolved' || !state ? 'repeated' : state.transition;
  const paged = addNote(rest, `Silenced until ${state?.until ?? now} by ${state?.by ?? '?'}: ${state?.reason ?? ''}`);
  out.incidents.push({ ...withAlert(paged, transition, now), rev: incident.rev + 1 });
  out.alerts.push({ incidentKey: incident.key, transition });
  const reason = transition === 'opened' ? 'first' : transition === 'escalated' ? 'escalated' : 'repeat-elapsed';
  const detail = `silence ${state?.id ?? ''} ended and the incident is still open: ${transition}`;
  out.decisions.push({ reason, detail, incidentKey: incident.key, transition });
}

/**
 * The earliest time a sweep has something to do (a grace period ends, a waiting hook is due, an incident goes
 * quiet); undefined if
 * never. Lost-instance reminders are left out: a replay would otherwise never run out of sweeps.
 */
export function nextSweepDue(
  pending: PendingDisconnect[],
  open: readonly Incident[],
  policy: IncidentPolicy,
  hooks: readonly DeploymentRecord[] = [],
): string | undefined {
  const earliest = nextSweepDueMs(pending, open, policy, hooks);
  return Number.isFinite(earliest) ? toIso(earliest) : undefined;
}

/**
 * nextSweepDue in epoch ms, Infinity if never: a whole millisecond, rounded up, because a quiet window twice a
 * mean gap can end within one (a sweep at the truncated time was a fraction early and did nothing). What `open`
 * adds depends on each subject's incidents alone (a subject's last activity is its own), so it is also the
 * least of the values of `open`'s subjects taken apart.
 */
export function nextSweepDueMs(
  pending: readonly PendingDisconnect[],
  open: readonly Incident[],
  policy: IncidentPolicy,
  hooks: readonly DeploymentRecord[] = [],
): number {
  const lastActivity = lastActivityBySubject(open);
  let earliest = Number.POSITIVE_INFINITY;
  for (const p of pending) {
    const ms = toMs(p.dueAt);
    if (Number.isFinite(ms) && ms < earliest) earliest = ms;
  }
  for (const record of hooks) {
    const ms = toMs(record.awaitingHook?.dueAt ?? '');
    if (Number.isFinite(ms) && ms < earliest) earliest = ms;
  }
  for (const i of open) {
    if (i.status !== 'open' || i.group === 'instance-lost') continue;
    const quiet = Math.max(quietAt(i, policy, lastActivity), awaitingHeldUntil(i));
    // A silenced incident still open when its silence ends pages then.
    const ms = i.silenced && !i.silenced.ended ? Math.min(quiet, toMs(i.silenced.until)) : quiet;
    if (Number.isFinite(ms) && ms < earliest) earliest = ms;
  }
  return Math.ceil(earliest);
}
