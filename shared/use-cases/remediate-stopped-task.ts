import { remediationBlocked } from '../domain/accounts.js';
import type { Verdict } from '../domain/classify/types.js';
import type { TaskEvent } from '../domain/events/types.js';
import { OPT_IN_TAG, planTaskRemediation } from '../domain/remediation/plan.js';
import { addIncidentNote } from './incident-notes.js';
import { pageRefusedReplacement } from './page-refused-replacement.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';
import { budgetSpent, executePlan } from './remediate.js';

/** The tags ECS can tell for this task (ListTagsForResource): only for a standalone task whose event carries none. */
function canAskTags(deps: PipelineDeps, verdict: Verdict, event: TaskEvent): boolean {
  return !event.tags && !!deps.ecs && verdict.facts.standalone === true;
}

/**
 * Plans and runs the replacement of a stopped standalone task (remediateTask's gate passed); the outcome
 * becomes a line of the alert of `noteOn` (the incident whose alert is about to go out), when given.
 */
export async function replaceStoppedTask(
  deps: PipelineDeps,
  verdict: Verdict,
  event: TaskEvent,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
  noteOn?: string,
): Promise<void> {
  const policy = deps.config.remediation;
  const plan = (tags: Record<string, string> | undefined) =>
    planTaskRemediation({ verdict, event, policy, taggedOptIn: tags?.[OPT_IN_TAG] === 'true', tags });
  // The stopped task's tags decide a tag opt-in and are copied onto the replacement: one ListTagsForResource,
  // asked only when its answer can change what happens (the opt-in is missing, or a replacement will run).
  let outcome = plan(event.tags);
  let spent: boolean | undefined;
  // A task of an account/Region the monitor has no (remediating) role in: an eligible run is lost, and says why.
  const blocked = remediationBlocked(deps.config.accounts, {
    account: verdict.facts.account || event.meta.account,
    region: verdict.facts.region || event.meta.region,
  });
  if (blocked) {
    if (outcome.plan) outcome = { skipped: blocked, scope: 'task', refused: true };
  } else if (canAskTags(deps, verdict, event)) {
    if (outcome.plan && outcome.plan.mode !== 'dry-run') spent = await budgetSpent(deps, outcome.plan);
    if (outcome.optInMissing || (outcome.plan && !spent)) {
      const tags = await deps.ecs?.taskTags(event.taskArn).catch(() => undefined);
      outcome = plan(tags ?? {});
    }
  }
  let note = outcome.skipped;
  let refused: string | undefined;
  if (outcome.plan) {
    const done = await executePlan(deps, outcome.plan, effects, nowMs, spent);
    note = done.reason;
    const lost = done.outcome === 'over-budget' || (done.outcome === 'failed' && !done.retryable);
    if (lost && done.mode === 'on') refused = done.reason;
  } else if (!outcome.optInMissing) {
    // Say why an eligible task was not replaced; tasks nobody opted in are only logged.
    const reason = `Not replaced: ${outcome.skipped ?? 'no plan'}`;
    effects.push({
      effect: 'remediation',
      action: 'run-task',
      target: event.taskArn,
      mode: deps.config.remediation.mode,
      outcome: 'skipped',
      reason,
    });
    effects.count('Remediations', { Action: 'run-task', Outcome: 'skipped' }, nowMs);
    note = reason;
    if (outcome.refused && deps.config.remediation.mode === 'on') refused = reason;
  }
  deps.log.info('remediation outcome', { task: event.taskArn, note });
  if (noteOn && note) await addIncidentNote(deps, noteOn, note, expiresAt);
  // An opted-in task's lost run must reach someone even when its own category doesn't alert.
  if (refused && !noteOn) await pageRefusedReplacement(deps, verdict, event, refused, effects, nowMs, expiresAt);
}
