import { resourceIdFromArn } from '../arn.js';
import type { PlanOutcome, RemediationPlan } from './plan.js';

/** What happened when a plan was carried out (or why it wasn't). */
export type RemediationResult =
  | { status: 'done'; arns: string[] }
  | { status: 'dry-run' }
  | { status: 'over-budget' }
  | { status: 'already-claimed'; detail?: string }
  | { status: 'failed'; error: string };

const MAX_ERROR_CHARS = 200;

function clip(text: string): string {
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

function wouldDo(plan: RemediationPlan): string {
  const who = plan.subject ?? resourceIdFromArn(plan.target);
  if (plan.action === 'run-task') return `start a replacement for task ${resourceIdFromArn(plan.target)} of ${who}`;
  return plan.action === 'drain-instance' ? `drain instance ${who}` : `deregister instance ${who}`;
}

function done(plan: RemediationPlan, arns: string[]): string {
  const list = arns.length > 0 ? arns.join(', ') : resourceIdFromArn(plan.target);
  if (plan.action === 'run-task') return `Replacement task started: ${list}`;
  return plan.action === 'drain-instance' ? `Instance set to DRAINING: ${list}` : `Instance deregistered: ${list}`;
}

/**
 * The human line added to an incident's alert, e.g. "Replacement task started: arn…",
 * "Not replaced: image-pull would fail again", "Over budget: 3 replacements of batch-job this hour".
 * Error text is untrusted: it is clipped here and escaped by the channel that renders it.
 */
export function remediationNote(outcome: PlanOutcome, result?: RemediationResult): string {
  const plan = outcome.plan;
  if (!plan) {
    const lead = outcome.scope === 'instance' ? 'No instance action' : 'Not replaced';
    return `${lead}: ${outcome.skipped ?? 'no remediation applies'}`;
  }
  if (plan.mode === 'dry-run' || result === undefined || result.status === 'dry-run')
    return `Dry run: would ${wouldDo(plan)}`;
  switch (result.status) {
    case 'done':
      return done(plan, result.arns);
    case 'over-budget': {
      const what =
        plan.action === 'run-task'
          ? `replacements of ${plan.subject ?? 'this family'}`
          : 'instance actions in this cluster';
      return `Over budget: ${plan.budgetLimit ?? 0} ${what} this hour`;
    }
    case 'already-claimed':
      return `Already handled for this failure${result.detail ? ` (${clip(result.detail)})` : ''}`;
    case 'failed':
      return `Failed to ${wouldDo(plan)}: ${clip(result.error)}`;
  }
}
