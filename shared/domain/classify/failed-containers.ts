import type { ContainerState } from '../events/types.js';
import { clip, exitCodeMeaning, inParentheses, nameText } from './summary-text.js';
import { failureRank, isOomReason } from './task-reasons.js';

/** Most containers a summary names (the explaining one included); the rest are counted, `+N more`. */
export const MAX_NAMED_CONTAINERS = 3;

/** Longest container reason quoted in the list of other failures. */
const MAX_OTHER_REASON = 80;

/** SIGTERM: the graceful stop the agent sends every container once an essential one exits, not a failure. */
const GRACEFUL_STOP = 143;

/**
 * A container that shows a failure: an OOM reason, STOPPED without an exit code, or a non-zero exit other than
 * SIGTERM (137 stays: a crash and a kill after the stop timeout look the same).
 */
function showsFailure(container: ContainerState): boolean {
  if (isOomReason(container.reason)) return true;
  if (container.exitCode === undefined) return container.lastStatus === 'STOPPED';
  return container.exitCode !== 0 && container.exitCode !== GRACEFUL_STOP;
}

function describe(container: ContainerState): string {
  const reason = container.reason === undefined ? undefined : clip(container.reason, MAX_OTHER_REASON);
  const exit = container.exitCode === undefined ? 'no exit code' : `exit ${container.exitCode}`;
  return `"${nameText(container.name)}"${inParentheses(exit, exitCodeMeaning(container.exitCode), reason)}`;
}

/**
 * ` Other failed containers: "a" (exit 137, SIGKILL), "b" (no exit code), +2 more.` naming every other container
 * that shows a failure, most telling first (bounded); empty when there is none.
 */
export function otherFailuresText(containers: readonly ContainerState[], shown: string | undefined): string {
  const others = containers
    .filter((container) => container.name !== shown && showsFailure(container))
    .sort((a, b) => failureRank(a) - failureRank(b));
  if (others.length === 0) return '';
  const named = others.slice(0, shown === undefined ? MAX_NAMED_CONTAINERS : MAX_NAMED_CONTAINERS - 1);
  const more = others.length - named.length;
  const list = named.map(describe).join(', ');
  return ` ${shown === undefined ? 'Containers' : 'Other failed containers'}: ${list}${more > 0 ? `, +${more} more` : ''}.`;
}
