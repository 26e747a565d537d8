import type { RemediationPlan } from '../domain/remediation/plan.js';
import type { ActionResult } from '../ports/ecs-actions.js';
import type { RemediationEffect } from './effects.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';

const DAY_MS = 86_400_000;

async function act(deps: PipelineDeps, plan: RemediationPlan): Promise<ActionResult> {
  const ecs = deps.ecs;
  if (!ecs) return { ok: false, arns: [], error: 'no ECS client available' };
  const cluster = plan.request?.cluster ?? '';
  if (plan.action === 'run-task' && plan.request) return ecs.runTask(plan.request);
  if (plan.action === 'drain-instance') return ecs.drainInstances(plan.cluster ?? cluster, [plan.target]);
  return ecs.deregisterInstance(plan.cluster ?? cluster, plan.target);
}

/**
 * Runs one remediation plan at most once per failure: a claim in the state store guards against
 * redelivered events, and the RunTask clientToken guards against a lost response on retry.
 * Returns the effect; its `reason` is the line the incident's alert shows.
 */
export async function executePlan(
  deps: PipelineDeps,
  plan: RemediationPlan,
  effects: EffectLog,
  nowMs: number,
  /** budgetSpent's answer when the caller already asked it for this plan. */
  spent?: boolean,
): Promise<RemediationEffect> {
  const base = {
    effect: 'remediation',
    action: plan.action,
    target: plan.target,
    clientToken: plan.clientToken,
  } as const;
  const record = (effect: RemediationEffect): RemediationEffect => {
    effects.push(effect);
    effects.count('Remediations', { Action: plan.action, Outcome: effect.outcome }, nowMs);
    deps.log.info('remediation', { ...effect });
    return effect;
  };
  // From the later of event and wall time, so a late event's claim and budget window don't expire on arrival.
  const since = Math.max(nowMs, deps.clock().getTime());
  const expiresAt = since + DAY_MS;
  if (plan.mode !== 'dry-run' && (spent ?? (await budgetSpent(deps, plan)))) {
    // Nothing will run, so there is nothing to guard: no claim, no write (a burst past the budget costs reads).
    return record({ ...base, mode: 'on', outcome: 'over-budget', reason: overBudgetReason(plan) });
  }
  const claim = await deps.store.claimRemediation(
    { key: plan.claimKey, status: 'started', clientToken: plan.clientToken },
    expiresAt,
  );
  if (plan.mode === 'dry-run') {
    // Dry runs claim too, so the log shows the one action per failure a real run would take.
    if (!claim.claimed) {
      const reason = 'Dry run: already handled for this failure';
      return record({ ...base, mode: 'dry-run', outcome: 'already-done', reason });
    }
    // …and take the budget like a real run, under their own key: a rehearsal never eats the live budget.
    const withinBudget =
      !plan.budgetKey ||
      plan.budgetLimit === undefined ||
      (await deps.store.takeBudget(`dry-run#${plan.budgetKey}`, plan.budgetLimit, since + 2 * 3_600_000));
    await deps.store.finishRemediation(
      {
        key: plan.claimKey,
        status: withinBudget ? 'done' : 'failed',
        detail: withinBudget ? 'dry run' : 'dry run: over budget',
      },
      expiresAt,
    );
    if (!withinBudget) {
      const reason = `Dry run: would not ${describe(plan)}: over budget (${budgetWords(plan)})`;
      return record({ ...base, mode: 'dry-run', outcome: 'over-budget', reason });
    }
    return record({ ...base, mode: 'dry-run', outcome: 'would-start', reason: `Dry run: would ${describe(plan)}` });
  }
  if (!claim.claimed && claim.existing?.status !== 'started') {
    const prior = claim.existing?.detail ? ` (${claim.existing.detail})` : '';
    return record({ ...base, mode: 'on', outcome: 'already-done', reason: `Already handled for this failure${prior}` });
  }
  if (claim.claimed && plan.budgetKey && plan.budgetLimit !== undefined) {
    const allowed = await deps.store.takeBudget(plan.budgetKey, plan.budgetLimit, since + 2 * 3_600_000);
    if (!allowed) {
      const reason = overBudgetReason(plan);
      await deps.store.finishRemediation({ key: plan.claimKey, status: 'failed', detail: 'over budget' }, expiresAt);
      return record({ ...base, mode: 'on', outcome: 'over-budget', reason });
    }
  }
  const result = await act(deps, plan);
  const detail = result.ok ? result.arns.join(', ') : (result.error ?? 'unknown error');
  if (!result.ok && result.retryable) {
    // The claim stays "started": the platform's retry of this invocation acts again under the same clientToken.
    return record({
      ...base,
      mode: 'on',
      outcome: 'failed',
      reason: `Failed to ${describe(plan)}, will retry: ${detail}`,
      retryable: true,
    });
  }
  await deps.store.finishRemediation(
    { key: plan.claimKey, status: result.ok ? 'done' : 'failed', clientToken: plan.clientToken, detail },
    expiresAt,
  );
  return record(
    result.ok
      ? { ...base, mode: 'on', outcome: 'started', reason: `${capitalise(describe(plan))}: done (${detail})` }
      : { ...base, mode: 'on', outcome: 'failed', reason: `Failed to ${describe(plan)}: ${detail}` },
  );
}

/** True when the plan's budget is used up and no earlier attempt claimed this failure (that one goes on as before). */
export async function budgetSpent(deps: PipelineDeps, plan: RemediationPlan): Promise<boolean> {
  if (!plan.budgetKey || plan.budgetLimit === undefined) return false;
  if (!(await deps.store.budgetUsedUp(plan.budgetKey, plan.budgetLimit))) return false;
  return (await deps.store.getClaim(plan.claimKey)) === undefined;
}

function overBudgetReason(plan: RemediationPlan): string {
  return plan.action === 'run-task'
    ? `Not replaced: over budget (${budgetWords(plan)})`
    : `Not done: over budget (${budgetWords(plan)})`;
}

function budgetWords(plan: RemediationPlan): string {
  return plan.action === 'run-task'
    ? `${plan.budgetLimit} replacements per family per hour`
    : `${plan.budgetLimit} instance actions per cluster per hour`;
}

function describe(plan: RemediationPlan): string {
  if (plan.action === 'run-task') return `start a replacement for ${plan.target.split('/').pop()}`;
  const instance = plan.subject ?? plan.target.split('/').pop();
  if (plan.action === 'drain-instance') return `set instance ${instance} to DRAINING`;
  return `deregister instance ${instance}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
