import { getRoutingTags } from '../../shared/runtime/ecs-actions.js';
import { createEventHandler } from '../../shared/runtime/event-handler.js';

/**
 * ECS Container Instance State Change and Health Change → agent disconnect grace periods, lost or impaired
 * instance incidents, alerts.
 * No ECS client: draining a lost instance is the grace sweep's job, after the grace period.
 */
export const handler = createEventHandler({ routingTags: getRoutingTags });
