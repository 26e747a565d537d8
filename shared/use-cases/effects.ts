import type { ChannelName } from '../domain/alerts/types.js';
import type { Category, Severity } from '../domain/classify/types.js';
import type { DecisionReason, Transition } from '../domain/incidents/types.js';

/** Why the pipeline did or didn't page, for one event or sweep finding. */
export interface DecisionEffect {
  effect: 'decision';
  input: string;
  /** Event time (or sweep time), ISO. */
  at: string;
  category: Category;
  severity: Severity;
  reason: DecisionReason;
  detail: string;
  incident?: string;
  transition?: Transition;
}

/** One delivery of one incident transition to one channel. */
export interface AlertEffect {
  effect: 'alert';
  channel: ChannelName;
  incident: string;
  transition: Transition;
  severity: Severity;
  category: Category;
  title: string;
  ok: boolean;
  error?: string;
  /** The route it took (`payments → C0PAY (tags)`), when not the default. */
  route?: string;
  /** True when the route does not want it on this channel (below its minimum severity): nothing was sent. */
  skipped?: boolean;
}

/** What remediation did (or would do, in dry-run) and why. */
export interface RemediationEffect {
  effect: 'remediation';
  action: 'run-task' | 'drain-instance' | 'deregister-instance';
  target: string;
  clientToken?: string;
  mode: 'off' | 'dry-run' | 'on';
  outcome: 'started' | 'would-start' | 'already-done' | 'over-budget' | 'failed' | 'skipped';
  reason: string;
  /** A failed action that may succeed if tried again (throttling, 5xx, AGENT): the invocation fails so Lambda retries it. */
  retryable?: boolean;
}

/** A metric data point that was recorded. */
export interface MetricEffect {
  effect: 'metric';
  name: string;
  dimensions: Record<string, string>;
  value: number;
}

/** Everything the pipeline did, in order; the replay prints these and the Lambdas log them. */
export type Effect = DecisionEffect | AlertEffect | RemediationEffect | MetricEffect;

/** Thrown when an alert reached no channel: the invocation must fail so the platform retries or dead-letters it. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/** Thrown after alerts went out when a remediation failed in a way a retry may fix; the platform retries the event. */
export class RemediationRetryError extends Error {
  override name = 'RemediationRetryError';
}
