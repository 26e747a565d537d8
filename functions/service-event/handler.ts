import { createEventHandler } from '../../shared/runtime/event-handler.js';

/** ECS Deployment State Change and ECS Service Action → deployment and service-health incidents, alerts. */
export const handler = createEventHandler();
