import { createEventHandler } from '../../shared/runtime/event-handler.js';

/** ECS Container Instance State Change → agent disconnect grace periods, lost-instance incidents, alerts. */
export const handler = createEventHandler();
