import { instanceIncidentKey, sweep } from '../domain/incidents/sweep.js';
import type { Incident, PendingDisconnect } from '../domain/incidents/types.js';
import { deliverAlerts } from './deliver-alerts.js';
import type { Effect } from './effects.js';
import { EffectLog, type PipelineDeps } from './pipeline-deps.js';
import { recordTransitions } from './record-metrics.js';
import { remediateLostInstances } from './remediate-instance.js';

// Outboxes older than this are re-delivered by the sweep (the invocation that set them failed or timed out).
const REDELIVER_AFTER_MS = 2 * 60_000;

async function stillDisconnected(deps: PipelineDeps, due: PendingDisconnect[]): Promise<Record<string, boolean>> {
  const result: Record<string, boolean> = {};
  const byCluster = new Map<string, string[]>();
  for (const p of due) byCluster.set(p.cluster, [...(byCluster.get(p.cluster) ?? []), p.containerInstanceArn]);
  for (const [cluster, arns] of byCluster) {
    // Without ECS (replay) the events are the only truth: a pending disconnect is still disconnected.
    const statuses = deps.ecs ? await deps.ecs.describeInstances(cluster, arns) : undefined;
    for (const arn of arns) {
      const status = statuses?.find((s) => s.containerInstanceArn === arn);
      result[arn] = statuses ? status?.status === 'ACTIVE' && !status.agentConnected : true;
    }
  }
  return result;
}

/**
 * The periodic sweep at `now`: confirms disconnects past their grace period as lost instances (and
 * drains them), resolves incidents that went quiet, and re-delivers alerts whose delivery was cut short.
 */
export async function runSweep(deps: PipelineDeps, now: string): Promise<Effect[]> {
  const effects = new EffectLog(deps);
  const nowMs = Date.parse(now);
  const expiresAt = nowMs + deps.config.incidents.retentionMs;
  const due = await deps.store.listDueDisconnects(now);
  const open = await deps.store.listOpenIncidents();
  const instanceIncidents: Record<string, Incident | undefined> = {};
  for (const p of due) instanceIncidents[p.containerInstanceArn] = await deps.store.getIncident(instanceIncidentKey(p));
  const out = sweep({
    now,
    due,
    stillDisconnected: await stillDisconnected(deps, due),
    open,
    instanceIncidents,
    policy: deps.config.incidents,
  });
  const written: string[] = [];
  for (const incident of out.incidents) {
    // A conflict means an event changed the incident meanwhile; the next sweep looks again.
    if (await deps.store.putIncident(incident, incident.rev - 1, expiresAt)) written.push(incident.key);
  }
  for (const arn of out.deletePending) await deps.store.deletePendingDisconnect(arn);
  for (const decision of out.decisions) {
    const incident = out.incidents.find((i) => i.key === decision.incidentKey);
    effects.push({
      effect: 'decision',
      input: `sweep@${now}`,
      at: now,
      category: incident?.category ?? 'instance-disconnected',
      severity: incident?.severity ?? 'info',
      reason: decision.reason,
      detail: decision.detail,
      ...(decision.incidentKey ? { incident: decision.incidentKey } : {}),
      ...(decision.transition ? { transition: decision.transition } : {}),
    });
    deps.log.info('decision', { ...decision, input: 'sweep' });
  }
  const alerts = out.alerts.filter((a) => written.includes(a.incidentKey));
  recordTransitions(effects, { alerts, incidents: out.incidents }, nowMs);
  const confirmed = out.confirmedLost.filter(({ incident }) => written.includes(incident.key));
  await remediateLostInstances(deps, confirmed, effects, nowMs, expiresAt);
  const stale = open.filter((i) => i.outbox && nowMs - Date.parse(i.outbox.at) >= REDELIVER_AFTER_MS).map((i) => i.key);
  await deliverAlerts(deps, [...alerts.map((a) => a.incidentKey), ...stale], effects, expiresAt);
  return effects.effects;
}
