import type { DecideInput } from './decide.js';
import { resolveOpen } from './deployments.js';
import { taskFailureTarget } from './keys.js';
import { noChange, type Step } from './step.js';

const NORMAL = 'normal stop (scale-in, deployment replacement, user stop or success)';

/**
 * True for a standalone task whose essential container exited 0 and ended the task (the classifier calls an
 * essential exit normal only when it succeeded): proof that the family's job runs again. A user stop, a
 * scale-in or a drain is not.
 */
export function isSuccessfulRun(input: Pick<DecideInput, 'verdict'>): boolean {
  const { facts } = input.verdict;
  return (
    input.verdict.category === 'normal-stop' &&
    facts.standalone === true &&
    facts.stopCode === 'EssentialContainerExited' &&
    facts.lastStatus === 'STOPPED'
  );
}

/** A successful run of a standalone family resolves the family's open task-failure incident; other stops change nothing. */
export function decideNormalStop(input: DecideInput): Step {
  if (!isSuccessfulRun(input)) return noChange('ignored', NORMAL);
  const target = taskFailureTarget(input.verdict.facts);
  const family = target.subject.name;
  return resolveOpen(input, [target.key], `a run of ${family} completed successfully`) ?? noChange('ignored', NORMAL);
}
