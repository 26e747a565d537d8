import { getEcsActions } from '../../shared/runtime/ecs-actions.js';
import { createEventHandler } from '../../shared/runtime/event-handler.js';
import { getLogExcerpts } from '../../shared/runtime/log-excerpts.js';

/** ECS Task State Change (stopping/stopped tasks) → incidents, metrics, replacement of opted-in tasks, alerts. */
export const handler = createEventHandler({ ecs: getEcsActions, logs: getLogExcerpts });
