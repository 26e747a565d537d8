/** Public surface of the classifier. */
export { classify } from './classify.js';
export { DEFAULT_SEVERITIES, isAlertSeverity, severityFor } from './severity.js';
export type { SeverityOverridesResult } from './severity-overrides.js';
export { parseSeverityOverrides } from './severity-overrides.js';
