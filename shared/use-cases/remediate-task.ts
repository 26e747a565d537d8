import type { Verdict } from '../domain/classify/types.js';
import type { TaskEvent } from '../domain/events/types.js';
import { planTaskRemediation } from '../domain/remediation/plan.js';
import { addIncidentNote } from './incident-notes.js';
import { pageRefusedReplacement } from './page-refused-replacement.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';
import { executePlan } from './remediate.js';

const OPT_IN_TAG = 'ecs-lookout:replace';

/**
 * The stopped task's tags: the event's own when it carries them, else ListTagsForResource for a standalone
 * task (they decide the `ecs-lookout:replace` opt-in and are copied onto the replacement); empty when unknown.
 */
async function tagsOf(deps: PipelineDeps, verdict: Verdict, event: TaskEvent): Promise<Record<string, string>> {
  if (event.tags) return event.tags;
  if (!deps.ecs || deps.config.remediation.mode === 'off' || !verdict.facts.standalone) return {};
  return deps.ecs.taskTags(event.taskArn).catch(() => ({}) as Record<string, string>);
}

/**
 * Plans and runs the remediation a stopped task calls for; the outcome becomes a line of the alert of
 * `noteOn` (the incident whose alert is about to go out), when given.
 */
export async function remediateTask(
  deps: PipelineDeps,
  verdict: Verdict,
  event: TaskEvent,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
  noteOn?: string,
): Promise<void> {
  if (verdict.remediation !== 'replace-task' || deps.config.remediation.mode === 'off') return;
  const tags = await tagsOf(deps, verdict, event);
  const optedIn = tags[OPT_IN_TAG] === 'true';
  const policy = deps.config.remediation;
  const outcome = planTaskRemediation({ verdict, event, policy, taggedOptIn: optedIn, tags });
  let note = outcome.skipped;
  let refused: string | undefined;
  if (outcome.plan) {
    const done = await executePlan(deps, outcome.plan, effects, nowMs);
    note = done.reason;
    const lost = done.outcome === 'over-budget' || (done.outcome === 'failed' && !done.retryable);
    if (lost && done.mode === 'on') refused = done.reason;
  } else if (optedIn || !outcome.skipped?.startsWith('not opted in')) {
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
