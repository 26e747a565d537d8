import { randomUUID } from 'node:crypto';
import type { Verdict } from '../domain/classify/types.js';
import { type DecideOutput, decide, stateKeysFor } from '../domain/incidents/decide.js';
import type { Incident } from '../domain/incidents/types.js';
import { deploymentKey, type StateCommit } from '../ports/state-store.js';
import { mustWrite } from './batch/commit-batch.js';
import { conflictBackoff, MAX_DECIDE_ATTEMPTS } from './batch/conflict-backoff.js';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * Loads the state a verdict needs, decides, and writes what matters (see mustWrite) with conditional
 * writes; retries on conflict. Used off the batch path (the refused-replacement page).
 */
export async function applyDecision(
  deps: PipelineDeps,
  verdict: Verdict,
  dedupKey: string,
  now: string,
  expiresAt: number,
): Promise<DecideOutput> {
  const { store } = deps;
  for (let attempt = 1; ; attempt++) {
    const keys = stateKeysFor(verdict);
    const read = await store.getMany({
      incidentKeys: keys.incidentKeys,
      deployments: keys.deployment ? [keys.deployment] : [],
      pendingInstanceArns: keys.pendingInstanceArn ? [keys.pendingInstanceArn] : [],
    });
    const incidents: Record<string, Incident | undefined> = Object.fromEntries(
      keys.incidentKeys.map((key) => [key, read.incidents.get(key)]),
    );
    const deployment = keys.deployment
      ? read.deployments.get(deploymentKey(keys.deployment.cluster, keys.deployment.service))
      : undefined;
    const pending = keys.pendingInstanceArn ? read.pending.get(keys.pendingInstanceArn) : undefined;
    const output = decide({ verdict, dedupKey, now, incidents, deployment, pending, policy: deps.config.incidents });
    // As a batch does: count changes of an open incident past its threshold are metrics, not writes.
    const transitions = new Set(output.alerts.map((a) => a.incidentKey));
    const changed = output.incidents.filter((i) => mustWrite(incidents[i.key], i, transitions.has(i.key)));
    if (changed.length === 0 && !output.deployment && output.pending === undefined) return output;
    const pendingChange = keys.pendingInstanceArn
      ? { containerInstanceArn: keys.pendingInstanceArn, read: pending, next: output.pending }
      : undefined;
    if (await write(deps, output, deployment?.rev ?? 0, pendingChange, expiresAt)) return output;
    if (attempt >= MAX_DECIDE_ATTEMPTS)
      throw new Error(`state kept changing under us after ${MAX_DECIDE_ATTEMPTS} attempts`);
    deps.log.info('state conflict; deciding again on fresh state', { attempt, dedupKey });
    await conflictBackoff(attempt);
  }
}

/**
 * Writes a decision's changes in one commit (a transaction when there is more than one item), so a
 * conflict leaves nothing half-applied. A single incident write refused because its own response was
 * lost (the SDK's retry then fails the condition) is recognised by its write id.
 */
async function write(
  deps: PipelineDeps,
  output: DecideOutput,
  deploymentRev: number,
  pending: StateCommit['pending'],
  expiresAt: number,
): Promise<boolean> {
  const writeId = randomUUID();
  const incidents = output.incidents.map((incident) => ({
    incident: { ...incident, writtenBy: writeId },
    expectedRev: incident.rev - 1,
  }));
  const deployment = output.deployment ? { record: output.deployment, expectedRev: deploymentRev } : undefined;
  if (await deps.store.commit({ incidents, deployment, pending }, expiresAt)) return true;
  const [only] = incidents;
  if (incidents.length !== 1 || deployment || pending || !only) return false;
  const stored = await deps.store.getIncident(only.incident.key);
  return stored?.writtenBy === writeId && stored.rev === only.incident.rev;
}
