/** The EventBridge pattern matcher lives with the simulator, which routes events through the deployed patterns. */
export { type EventPattern, matchesPattern } from '../../shared/simulator/event-pattern.js';
