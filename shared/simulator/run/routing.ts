import { buildEventPatterns } from '../../../infra/scope.cjs';
import { type EventPattern, matchesPattern } from '../event-pattern.js';
import type { EcsEnvelope } from '../types.js';

/** The event functions, each behind its own SQS queue. */
export type EventFunction = 'task-state-change' | 'instance-state-change' | 'service-event';

/** Which deployed rule feeds which function (serverless.yml). */
const RULE_TARGETS: Record<keyof ReturnType<typeof buildEventPatterns>, EventFunction> = {
  taskStateChange: 'task-state-change',
  instanceStateChange: 'instance-state-change',
  deploymentStateChange: 'service-event',
  serviceAction: 'service-event',
};

/** Routes an envelope to the functions whose rules match it: a list, as EventBridge rules match independently. */
export type Router = (envelope: EcsEnvelope) => EventFunction[];

/** The deployed rules (infra/event-patterns.json narrowed to `clusters` as infra/scope.cjs deploys them). */
export function createRouter(clusters: string[]): Router {
  const rules = Object.entries(buildEventPatterns(clusters)).map(([name, pattern]) => ({
    pattern: pattern as EventPattern,
    target: RULE_TARGETS[name as keyof typeof RULE_TARGETS],
  }));
  return (envelope) => rules.filter((rule) => matchesPattern(rule.pattern, envelope)).map((rule) => rule.target);
}
