import { type AccountScope, scopeOfArn } from '../../domain/accounts.js';
import type { LogExcerpts } from '../../ports/log-excerpts.js';

/**
 * Log excerpts read in the account and Region of the task (from its ARN): a member's through its role. A
 * task the monitor can't reach (no role registered) gets no lines, like any other unreadable log.
 */
export function createScopedLogExcerpts(
  forScope: (scope: AccountScope | undefined) => LogExcerpts | { unreachable: string },
): LogExcerpts {
  return {
    async lastLines(input) {
      const excerpts = forScope(scopeOfArn(input.taskArn));
      return 'unreachable' in excerpts ? { lines: [] } : excerpts.lastLines(input);
    },
  };
}
