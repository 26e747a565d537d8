import { createEventHandler } from '../../shared/runtime/event-handler.js';

/** ECS Task State Change (stopping/stopped tasks) → incidents, metrics, replacement of opted-in tasks, alerts. */
export const handler = createEventHandler();
