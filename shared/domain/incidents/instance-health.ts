import type { Category } from '../classify/types.js';
import type { DecideInput } from './decide.js';
import { resolveOpen } from './deployments.js';
import { decideFailure } from './failure.js';
import { alreadyCounted, INCIDENT_LIMITS, pushBounded } from './incident-state.js';
import { instanceTarget } from './keys.js';
import { noChange, type Step, severityGate } from './step.js';
import { laterOf, toMs } from './time.js';
import type { Incident } from './types.js';

/**
 * Instance incidents opened by a failed health check while the agent stays connected (hung runtime, GPU, daemon):
 * the agent being connected says nothing about them; ECS's OK, or the instance leaving, resolves them.
 */
export const AGENT_CONNECTED_TROUBLE: ReadonlySet<Category> = new Set<Category>([
  'instance-impaired',
  'managed-instance-impaired',
]);

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

/**
 * A task failure on a host whose health checks failed is that host's trouble, not its service's: it folds into
 * the host's open incident (counted as absorbed, the host's cause and facts kept) instead of opening a service
 * incident. A runtime hang makes tasks fail to start (ContainerRuntimeTimeoutError, CannotStartContainerError)
 * on that host before anything else shows it (ECS developer guide, container instance health).
 */
export function foldIntoImpairedHost(input: DecideInput): Step | undefined {
  const { verdict, now } = input;
  const target = instanceTarget(verdict.facts, false);
  const host = target ? input.incidents[target.key] : undefined;
  if (!target || host?.status !== 'open' || !HEALTH_CATEGORIES.has(host.category)) return undefined;
  if (toMs(now) < toMs(host.openedAt)) return undefined;
  if (alreadyCounted(host, verdict.facts)) {
    return noChange('deduplicated', 'this task was already counted in its host’s incident', target.key);
  }
  const { category, facts } = verdict;
  const folded: Incident = {
    ...host,
    absorbed: host.absorbed + 1,
    countsByCategory: { ...host.countsByCategory, [category]: (host.countsByCategory[category] ?? 0) + 1 },
    lastEventAt: laterOf(host.lastEventAt, now),
  };
  if (facts.taskArn) folded.countedTasks = pushBounded(host.countedTasks, facts.taskArn, INCIDENT_LIMITS.countedTasks);
  const detail = `${verdict.category} on the impaired host: folded into its incident (${folded.absorbed} tasks)`;
  return { decision: { reason: 'deduplicated', detail, incidentKey: target.key }, changed: [folded] };
}
