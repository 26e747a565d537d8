import type { LogExcerpts } from '../ports/log-excerpts.js';
import { accountLogExcerpts } from './account-log-excerpts.js';

let logExcerpts: LogExcerpts | undefined;

/**
 * The log reader, built once per container: its task-definition cache must outlive an invocation. It reads
 * each task's logs in the task's own account and Region (see account-log-excerpts.ts).
 */
export function getLogExcerpts(): LogExcerpts {
  logExcerpts ??= accountLogExcerpts();
  return logExcerpts;
}
