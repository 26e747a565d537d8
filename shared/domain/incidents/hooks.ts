import type { DecideInput } from './decide.js';
import { resolveOpen } from './deployments.js';
import { serviceTarget } from './keys.js';
import { noChange, type Step } from './step.js';

/**
 * A hook that succeeded resolves the deployment incident its own earlier timeout opened (same hookId: a pause
 * continued after all). Another hook succeeding says nothing about a failure: during a rollback, ECS runs the
 * traffic-shift hooks of the rollback itself, and those must not resolve the incident of the failed deployment.
 */
export function decideHookSucceeded(input: DecideInput): Step {
  const { facts } = input.verdict;
  const key = serviceTarget(facts, 'deployment')?.key;
  const open = key ? input.incidents[key] : undefined;
  if (!key || open?.status !== 'open' || !facts.hookId || open.lastFacts.hookId !== facts.hookId) {
    return noChange('ignored', `hook ${facts.hookId ?? '(no id)'} succeeded`, key);
  }
  return (
    resolveOpen(input, [key], `lifecycle hook ${facts.hookId} succeeded`) ??
    noChange('ignored', `hook ${facts.hookId} succeeded before the incident’s last event`, key)
  );
}
