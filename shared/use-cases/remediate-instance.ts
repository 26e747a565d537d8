import type { Incident, PendingDisconnect } from '../domain/incidents/types.js';
import { planInstanceRemediation } from '../domain/remediation/plan.js';
import { addIncidentNote } from './incident-notes.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';
import { executePlan } from './remediate.js';

/** Drains (or deregisters) each confirmed lost instance once, and notes the outcome on its incident. */
export async function remediateLostInstances(
  deps: PipelineDeps,
  confirmed: Array<{ incident: Incident; pending?: PendingDisconnect }>,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
): Promise<void> {
  for (const { incident, pending } of confirmed) {
    const outcome = planInstanceRemediation({ incident, pending, policy: deps.config.remediation });
    const note = outcome.plan ? (await executePlan(deps, outcome.plan, effects, nowMs)).reason : outcome.skipped;
    if (note) await addIncidentNote(deps, incident.key, note, expiresAt);
  }
}
