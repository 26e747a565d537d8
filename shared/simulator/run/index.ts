/** The runner: the deployed monitor against a simulated ECS fleet, on virtual time. */
export * from './constants.js';
export type { DeliveryProfile } from './delivery.js';
export type { DeliveredMessage, DeliveredReport, RecordedRemediation, RunCounts, RunResult } from './result.js';
export { type RunOptions, runScenario } from './run-scenario.js';
