import { randomUUID } from 'node:crypto';
import type { Verdict } from '../domain/classify/types.js';
import { type DecideOutput, decide, stateKeysFor } from '../domain/incidents/decide.js';
import type { Incident } from '../domain/incidents/types.js';
import type { PipelineDeps } from './pipeline-deps.js';

const MAX_ATTEMPTS = 10;
// Losers of a write race wait a random while before deciding again (full jitter, doubling, capped), so a
// burst of events on one incident is settled in turn instead of colliding again on every attempt.
const CONFLICT_BACKOFF_MS = 20;
const CONFLICT_BACKOFF_CAP_MS = 1_000;

function conflictBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_MS * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** Loads the state a verdict needs, decides, and writes the result with conditional writes; retries on conflict. */
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
    const loaded = await Promise.all(
      keys.incidentKeys.map(async (key) => [key, await store.getIncident(key)] as const),
    );
    const incidents: Record<string, Incident | undefined> = Object.fromEntries(loaded);
    const deployment = keys.deployment
      ? await store.getDeployment(keys.deployment.cluster, keys.deployment.service)
      : undefined;
    const pending = keys.pendingInstanceArn ? await store.getPendingDisconnect(keys.pendingInstanceArn) : undefined;
    const output = decide({ verdict, dedupKey, now, incidents, deployment, pending, policy: deps.config.incidents });
    if (await write(deps, output, deployment?.rev ?? 0, keys.pendingInstanceArn, expiresAt)) return output;
    if (attempt >= MAX_ATTEMPTS) throw new Error(`state kept changing under us after ${MAX_ATTEMPTS} attempts`);
    deps.log.info('state conflict; deciding again on fresh state', { attempt, dedupKey });
    await conflictBackoff(attempt);
  }
}

async function write(
  deps: PipelineDeps,
  output: DecideOutput,
  deploymentRev: number,
  pendingArn: string | undefined,
  expiresAt: number,
): Promise<boolean> {
  const { store } = deps;
  const writeId = randomUUID();
  for (const incident of output.incidents) {
    if (await store.putIncident({ ...incident, writtenBy: writeId }, incident.rev - 1, expiresAt)) continue;
    // A refused write may be our own: stored, then its response lost and the SDK's retry refused.
    const stored = await store.getIncident(incident.key);
    if (stored?.writtenBy !== writeId || stored.rev !== incident.rev) return false;
  }
  if (output.deployment) {
    if (!(await store.putDeployment(output.deployment, deploymentRev, expiresAt))) return false;
  }
  if (output.pending) await store.putPendingDisconnect(output.pending, expiresAt);
  if (output.pending === null && pendingArn) await store.deletePendingDisconnect(pendingArn);
  return true;
}
