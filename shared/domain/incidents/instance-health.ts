import type { Category } from '../classify/types.js';
import type { DecideInput } from './decide.js';
import { resolveOpen } from './deployments.js';
import { decideFailure } from './failure.js';
import { instanceTarget } from './keys.js';
import { noChange, type Step, severityGate } from './step.js';

/** Categories of an instance incident opened by ECS's own health checks (an OK check resolves only these). */
const HEALTH_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'instance-unreachable',
  'instance-impaired',
  'managed-instance-impaired',
]);

/**
 * An IMPAIRED health check opens the instance's incident, or escalates it (a managed instance's warning, then
 * its agent gone). AGENT_CONNECTIVITY is ECS's verdict that the agent is gone for good: it confirms the
 * instance lost now and ends our own grace timer, which stays for agents that don't send the check.
 */
export function decideInstanceImpaired(input: DecideInput): Step {
  const target = instanceTarget(input.verdict.facts, true);
  if (!target) return noChange('ignored', 'the event names no container instance');
  const gated = severityGate(input.verdict, input.policy);
  if (gated) return gated;
  const step = decideFailure(input, target, { crashLoop: false, neverRepeat: true });
  return input.pending && input.verdict.category === 'instance-unreachable' ? { ...step, pending: null } : step;
}

/** Health back to OK resolves an incident the health checks opened (not one of a lost agent or host). */
export function decideInstanceHealthy(input: DecideInput): Step {
  const target = instanceTarget(input.verdict.facts, true);
  if (!target) return noChange('ignored', 'the event names no container instance');
  const open = input.incidents[target.key];
  if (open?.status !== 'open' || !HEALTH_CATEGORIES.has(open.category)) {
    return noChange('ignored', 'instance healthy; no health incident open', target.key);
  }
  return (
    resolveOpen(input, [target.key], 'instance health back to OK') ??
    noChange('ignored', 'instance healthy before the incident’s last event', target.key)
  );
}
