import type { Verdict } from '../domain/classify/types.js';
import type { TaskEvent } from '../domain/events/types.js';
import { applyDecision } from './apply-decision.js';
import { deliverAlerts } from './deliver-alerts.js';
import { addIncidentNote } from './incident-notes.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';
import { recordTransitions } from './record-metrics.js';

/**
 * Pages (warning) when an opted-in task's replacement was refused or failed and no alert of its own is going
 * out (its category is below the alert threshold, e.g. a Spot interruption): the run is lost and nobody will
 * re-run it unless someone hears of it. Counted into the family's task-failure incident, with the reason as a
 * note; the dedup key makes a redelivered event page once.
 */
export async function pageRefusedReplacement(
  deps: PipelineDeps,
  verdict: Verdict,
  event: TaskEvent,
  reason: string,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
): Promise<void> {
  const paged: Verdict = { ...verdict, severity: 'warning', alert: true };
  const now = new Date(nowMs).toISOString();
  const output = await applyDecision(deps, paged, `replacement-refused#${event.taskArn}`, now, expiresAt);
  // Logged, not a second decision effect: the event already has its one decision (and a remediation effect).
  const key = output.decision.incidentKey;
  deps.log.warn('replacement refused; paging', {
    task: event.taskArn,
    reason,
    incident: key,
    decision: output.decision.reason,
    detail: output.decision.detail,
  });
  if (!key) return;
  recordTransitions(effects, output, nowMs, deps.config.accounts);
  // Already paged with this very reason and nothing owed: the incident as decided says so, no need to ask again.
  const known = output.incidents.find((incident) => incident.key === key);
  if (known?.notes.includes(reason) && !known.outbox && output.alerts.length === 0) return;
  await addIncidentNote(deps, key, reason, expiresAt);
  await deliverAlerts(deps, [...output.alerts.map((a) => a.incidentKey), key], effects, expiresAt, nowMs);
}
