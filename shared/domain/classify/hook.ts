import type { HookEvent } from '../events/extra-types.js';
import type { VerdictDraft } from './draft.js';
import { categoryByEventType, serviceSubjectFacts } from './service.js';
import { inCluster, inParentheses, nameText } from './summary-text.js';
import type { Category, Facts } from './types.js';

/**
 * Category of a hook event from its eventName (ECS developer guide, ecs_hook_state_change_events): the
 * eventType of failures is not documented, so known names never rely on it. A pause hook "fails" when a
 * person calls ROLLBACK: the deployment is rolling back on purpose, not failing validation.
 */
function hookCategory(event: HookEvent): Category {
  switch (event.eventName) {
    case 'HOOK_FAILED':
      return event.hookType === 'PAUSE' ? 'deployment-rollback' : 'hook-failed';
    case 'HOOK_TIMED_OUT':
      return 'hook-timed-out';
    case 'HOOK_AWAITING_ACTION':
      return 'hook-awaiting-action';
    case 'HOOK_SUCCEEDED':
      return 'hook-succeeded';
    case 'HOOK_IN_PROGRESS':
      return 'service-info';
    default:
      return categoryByEventType(event.eventType);
  }
}

/** Classifies an `ECS Hook State Change` event; its incident is the service's deployment incident. */
export function classifyHook(event: HookEvent): VerdictDraft {
  const facts = serviceSubjectFacts(event);
  if (event.serviceDeploymentArn !== undefined) facts.deploymentArn = event.serviceDeploymentArn;
  if (event.hookId !== undefined) facts.hookId = event.hookId;
  if (event.lifecycleStage !== undefined) facts.lifecycleStage = event.lifecycleStage;
  if (event.expiresAt !== undefined) facts.expiresAt = event.expiresAt;
  facts.eventName = event.eventName;
  return { category: hookCategory(event), remediation: 'none', facts };
}

const PHRASES: Partial<Record<string, string>> = {
  HOOK_FAILED: 'failed',
  HOOK_TIMED_OUT: 'timed out',
  HOOK_AWAITING_ACTION: 'is waiting for an action',
  HOOK_SUCCEEDED: 'succeeded',
  HOOK_IN_PROGRESS: 'is running',
};

/** The summary sentence of a hook verdict: the hook, its stage and what happened. */
export function hookSummary(event: HookEvent, category: Category, facts: Facts): string {
  const hook = `${event.hookType === 'PAUSE' ? 'Pause hook' : 'Lifecycle hook'}${event.hookId ? ` ${nameText(event.hookId)}` : ''}`;
  const whose = `of service ${nameText(facts.service ?? '')}${inCluster(facts.cluster)}`;
  const stage = event.lifecycleStage ? ` at ${nameText(event.lifecycleStage)}` : '';
  if (category === 'deployment-rollback') {
    return `${hook} ${whose} was answered with ROLLBACK${stage}: the deployment is rolling back.`;
  }
  const phrase = PHRASES[event.eventName];
  if (!phrase)
    return `${hook} ${whose} reported "${nameText(event.eventName)}"${stage}${inParentheses(event.eventType)}.`;
  const expires =
    category === 'hook-awaiting-action' ? inParentheses(event.expiresAt && `expires ${event.expiresAt}`) : '';
  return `${hook} ${whose} ${phrase}${stage}${expires}.`;
}
