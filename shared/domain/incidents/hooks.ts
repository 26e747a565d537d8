import type { DecideInput } from './decide.js';
import { resolveOpen } from './deployments.js';
import { pushBounded } from './incident-state.js';
import { deploymentScope, serviceTarget } from './keys.js';
import { noChange, type Step, trackedOnly } from './step.js';
import { toIso, toMs } from './time.js';
import type { AwaitingHook, DeploymentRecord } from './types.js';

/** Hook ids a deployment record remembers as gone on: enough for every stage of a deployment and its rollback. */
const SETTLED_HOOKS = 20;

/**
 * A hook that succeeded resolves the deployment incident its own earlier timeout (or wait) opened (same hookId:
 * a pause continued after all). Another hook succeeding says nothing about a failure: during a rollback, ECS
 * runs the traffic-shift hooks of the rollback itself, and those must not resolve the incident of the failed
 * deployment.
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

/**
 * Why a HOOK_AWAITING_ACTION starts no timer, or undefined when it does: the hook already went on (its
 * success may arrive first), it is already waiting (a redelivery), or the service's deployment news is newer.
 */
function waitIgnored(record: DeploymentRecord | undefined, hookId: string, now: string): string | undefined {
  if (record?.settledHooks?.includes(hookId)) return `lifecycle hook ${hookId} already went on`;
  if (record?.awaitingHook?.hookId === hookId) return `lifecycle hook ${hookId} already awaits action`;
  if (!record) return undefined;
  const ended = record.state === 'completed' || record.state === 'failed';
  if (toMs(now) < toMs(record.since) || (ended && toMs(now) <= toMs(record.since))) {
    return `the deployment record (${record.state} since ${record.since}) is newer than the wait`;
  }
  return undefined;
}

/** A fresh record of a deployment the hook events show before (or without) its own events. */
function recordFromHook(input: DecideInput, state: DeploymentRecord['state']): DeploymentRecord | undefined {
  const { facts } = input.verdict;
  const scope = deploymentScope(facts);
  if (!scope) return undefined;
  const deploymentId = facts.deploymentArn ?? facts.deploymentId ?? facts.hookId ?? 'unknown';
  return { ...scope, deploymentId, state, since: input.now, rev: input.deployment?.rev ?? 0 };
}

/**
 * A hook awaiting action (a pause hook's approval) starts a timer on the deployment record: the sweep opens a
 * warning on the deployment if it still waits after hookAwaitingAfterMs. Kept on the record rather than as an
 * item of its own: every event that ends the wait (the hook going on, the deployment completing, failing or
 * rolling back, another deployment starting) already reads and rewrites that record, so it drops the timer in
 * the same conditional write, and a late HOOK_AWAITING_ACTION finds the hook settled there.
 */
export function decideHookAwaiting(input: DecideInput): Step {
  const { facts } = input.verdict;
  const hookId = facts.hookId;
  if (!hookId || !deploymentScope(facts)) return trackedOnly(input.verdict);
  const current = input.deployment;
  const ignored = waitIgnored(current, hookId, input.now);
  if (ignored) return noChange('ignored', ignored);
  const ongoing = current?.state === 'in-progress' || current?.state === 'rollback';
  const base = ongoing ? current : recordFromHook(input, 'in-progress');
  if (!base) return trackedOnly(input.verdict);
  const dueAt = toIso(toMs(input.now) + input.policy.hookAwaitingAfterMs);
  const awaitingHook: AwaitingHook = {
    hookId,
    ...(facts.lifecycleStage ? { lifecycleStage: facts.lifecycleStage } : {}),
    since: input.now,
    dueAt,
    facts,
  };
  const stage = facts.lifecycleStage ? ` at ${facts.lifecycleStage}` : '';
  return {
    decision: {
      reason: 'grace-pending',
      detail: `lifecycle hook ${hookId} awaiting action${stage}: a warning if it still waits at ${dueAt}`,
    },
    deployment: { ...base, awaitingHook, rev: (current?.rev ?? 0) + 1 },
  };
}

/**
 * The health check's stuck-deployment finding on a deployment whose lifecycle hook awaits action: the hook is
 * why it is stuck, and its own timer (LOOKOUT_HOOK_AWAITING_AFTER) tells it, naming the hook. Without this the
 * generic check, counting from the deployment's start, would page first and the hook would only be a note.
 */
export function waitingHookExplains(input: DecideInput): Step | undefined {
  const hook = input.deployment?.awaitingHook;
  if (!hook || input.verdict.facts.eventName !== 'LOOKOUT_CHECK_STUCK_DEPLOYMENT') return undefined;
  const detail = `the deployment waits on lifecycle hook ${hook.hookId} (awaiting action since ${hook.since}): its own timer tells it`;
  return noChange('ignored', detail);
}

/**
 * Wraps the handler of a hook that went on (succeeded, failed, timed out): the deployment record remembers
 * the hook as settled and drops its timer, in the same write as the handler's own changes.
 */
export function settlingHook(handler: (input: DecideInput) => Step): (input: DecideInput) => Step {
  return (input) => {
    const step = handler(input);
    const hookId = input.verdict.facts.hookId;
    if (!hookId) return step;
    const written = step.deployment ?? undefined;
    const gone = input.verdict.category === 'hook-succeeded' ? 'in-progress' : 'rollback';
    const base = written ?? input.deployment ?? recordFromHook(input, gone);
    if (!base) return step;
    if (base.settledHooks?.includes(hookId) && base.awaitingHook?.hookId !== hookId) return step;
    const { awaitingHook, ...rest } = base;
    const next: DeploymentRecord = {
      ...rest,
      ...(awaitingHook && awaitingHook.hookId !== hookId ? { awaitingHook } : {}),
      settledHooks: pushBounded(base.settledHooks, hookId, SETTLED_HOOKS),
      rev: written ? written.rev : (input.deployment?.rev ?? 0) + 1,
    };
    return { ...step, deployment: next };
  };
}
