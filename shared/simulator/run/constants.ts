/**
 * The deployed numbers the simulator copies: SQS event source mappings, schedules and Lambda timeouts.
 * One module, so a template test can check that serverless.yml deploys the same values.
 */

/** Lambda event source mapping: a batch closes this long after its first message arrived … */
export const SQS_BATCH_WINDOW_S = 10;
/** … or when it holds this many messages. */
export const SQS_BATCH_SIZE = 100;
/** A message whose handling failed is visible again after this long. */
export const SQS_VISIBILITY_S = 180;
/** Receives before SQS moves a message to the dead-letter queue. */
export const SQS_MAX_RECEIVES = 5;

/** Grace sweep schedule (rate(1 minute)). */
export const SWEEP_EVERY_MS = 60_000;
/** Stuck check schedule (rate(5 minutes)). */
export const CHECK_EVERY_MS = 5 * 60_000;
/** Daily digest: cron(0 8 * * ? *), UTC hour. */
export const DIGEST_UTC_HOUR = 8;

/** Function timeouts (serverless.yml), each less the 3 s the wiring keeps for recording deliveries. */
export const DEADLINE_MS = {
  event: 30_000 - 3_000,
  sweep: 50_000 - 3_000,
  report: 120_000 - 3_000,
} as const;

/** How EventBridge hands events on, unless a scenario says otherwise: at least once, out of order. */
export const DELIVERY_DEFAULTS = {
  /** Fraction of events delivered twice (the copy gets its own delay). */
  duplicateRate: 0.01,
  /** Typical delay from the event's time to its arrival in the queue. */
  medianDelaySeconds: 2,
  /** Fraction of events delayed anywhere up to maxDelaySeconds (a slow target, a retried put). */
  outlierRate: 0.01,
  maxDelaySeconds: 300,
} as const;

/** Step of virtual time between two looks at the fleet: events become visible at most this late. */
export const TICK_MS = 1_000;
