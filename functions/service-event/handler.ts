import { getRoutingTags } from '../../shared/runtime/ecs-actions.js';
import { createEventHandler } from '../../shared/runtime/event-handler.js';

/**
 * ECS Deployment State Change, ECS Service Action, ECS Hook State Change and the two managed-daemon events →
 * deployment, service-health and daemon incidents, alerts.
 */
export const handler = createEventHandler({ routingTags: getRoutingTags });
