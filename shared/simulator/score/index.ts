/** The scorer: pure functions from a scenario's ground truth and a run's record to a scorecard. */
export { belongsTo, PAGE_SLACK_MS, RESOLVE_SLACK_MS, sameSubject, timeProblem } from './match.js';
export { DETERMINISTIC_CAUSES, scoreRemediations, type WrongRemediations } from './remediations.js';
export { type Scorecard, scoreRun, scoreRuns, THRESHOLDS } from './scorecard.js';
