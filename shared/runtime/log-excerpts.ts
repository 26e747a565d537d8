import { createLogExcerpts } from '../adapters/logs/log-excerpts.js';
import type { LogExcerpts } from '../ports/log-excerpts.js';
import { ecsClient } from './clients/ecs.js';
import { logsClient } from './clients/logs.js';

let logExcerpts: LogExcerpts | undefined;

/** The log reader, built once per container: its task-definition cache must outlive an invocation. */
export function getLogExcerpts(): LogExcerpts {
  logExcerpts ??= createLogExcerpts({ ecs: ecsClient(), logs: logsClient() });
  return logExcerpts;
}
