import type { DecideInput } from './decide.js';
import { resolveOpen } from './deployments.js';
import { decideFailure } from './failure.js';
import { incidentKeyFor } from './keys.js';
import { noChange, type Step, severityGate } from './step.js';

/**
 * A daemon rollout rolling back or failing, or a daemon task that cannot start: one incident per daemon and
 * cluster. A rollout's later steps (rolled back, rollback failed) join it without repeating; a failure that
 * gets worse escalates it. Start failures on many instances count into it and repeat at the usual interval.
 */
export function decideDaemonTrouble(input: DecideInput): Step {
  const target = incidentKeyFor(input.verdict);
  if (!target) return noChange('ignored', 'the event names no daemon');
  const gated = severityGate(input.verdict, input.policy);
  if (gated) return gated;
  const neverRepeat = input.verdict.category !== 'daemon-start-impaired';
  return decideFailure(input, target, { crashLoop: false, neverRepeat });
}

/** A completed daemon rollout resolves the daemon's incident. */
export function decideDaemonDeployed(input: DecideInput): Step {
  const target = incidentKeyFor(input.verdict);
  if (!target) return noChange('ignored', 'the event names no daemon');
  return (
    resolveOpen(input, [target.key], 'daemon rollout completed') ??
    noChange('ignored', 'daemon rollout completed; nothing open', target.key)
  );
}
