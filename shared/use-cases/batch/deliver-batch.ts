import { copyOfIncident } from '../../domain/incidents/incident-state.js';
import type { Incident } from '../../domain/incidents/types.js';
import { MAX_COMMIT_ITEMS } from '../../ports/state-store.js';
import {
  type Abandoned,
  reachedNoChannel,
  releaseOutbox,
  type SendOutcome,
  sendOutbox,
  settleOutbox,
} from '../deliver-alerts.js';
import type { EffectLog, PipelineDeps } from '../pipeline-deps.js';

/**
 * Delivers the transitions a batch wrote with its own send lease, every incident in parallel, then
 * records what each channel got in one more transaction, each incident conditional on the revision the
 * batch wrote (so a newer transition written meanwhile is never cleared: those fall back to a per-incident
 * release that re-reads and checks the transition). Returns the keys whose alert reached no channel.
 */
export async function deliverLeased(
  deps: PipelineDeps,
  leased: ReadonlyMap<string, Incident>,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
): Promise<Set<string>> {
  const incidents = [...leased.values()];
  const sends: SendOutcome[] = await Promise.all(
    incidents.map((incident) => sendOutbox(deps, incident, effects, true)),
  );
  const abandonedBy = new Map<string, Abandoned[]>();
  const marks = incidents.map((incident, i) => {
    const { next, abandoned } = settleOutbox(deps, incident, sends[i]!, nowMs);
    abandonedBy.set(incident.key, abandoned);
    // settleOutbox's own copy (any but the incident given) is stamped in place rather than copied once more.
    const settled = next === incident ? copyOfIncident(next) : next;
    settled.rev = incident.rev + 1;
    return { incident: settled, expectedRev: incident.rev };
  });
  for (let start = 0; start < marks.length; start += MAX_COMMIT_ITEMS) {
    const part = marks.slice(start, start + MAX_COMMIT_ITEMS);
    if (await deps.store.commit({ incidents: part }, expiresAt)) continue;
    // Some incident changed since the batch wrote it: record each one on its own, on what is stored now.
    for (const { incident } of part) {
      const sent = sends[incidents.findIndex((i) => i.key === incident.key)]!;
      abandonedBy.set(incident.key, await releaseOutbox(deps, sent, nowMs, expiresAt));
    }
  }
  const undelivered = new Set<string>();
  for (const sent of sends) {
    if (reachedNoChannel(deps, sent, abandonedBy.get(sent.key) ?? [], effects, nowMs)) undelivered.add(sent.key);
  }
  return undelivered;
}
