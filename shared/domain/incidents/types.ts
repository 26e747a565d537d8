import type { Category, Facts, Severity } from '../classify/types.js';
import type { SilencedState } from './silences.js';

/** Why the pipeline did (or didn't) page for an event. Logged with every outcome. */
export type DecisionReason =
  | 'first'
  | 'escalated'
  | 'repeat-elapsed'
  | 'resolved'
  | 'duplicate'
  | 'stale'
  | 'deduplicated'
  | 'grace-pending'
  | 'below-threshold'
  | 'inhibited'
  | 'silenced'
  | 'ignored';

/** Incident lifecycle transitions that produce an alert. */
export type Transition = 'opened' | 'escalated' | 'repeated' | 'resolved';

/**
 * What an incident groups: failures of one service/family, one lost instance,
 * one deployment, or service-level health signals (placement, start impaired, discovery).
 */
export type IncidentGroup = 'task-failure' | 'instance-lost' | 'deployment' | 'service-health';

/** What the incident is about. */
export interface IncidentSubject {
  kind: 'service' | 'family' | 'instance' | 'daemon';
  /** Service name, task definition family, container instance ARN, or managed daemon name. */
  name: string;
}

/** One incident, as stored. `rev` increments on every write (optimistic concurrency). */
export interface Incident {
  key: string;
  group: IncidentGroup;
  account: string;
  region: string;
  cluster: string;
  subject: IncidentSubject;
  status: 'open' | 'resolved';
  severity: Severity;
  /** Most recent failure category that fed the incident. */
  category: Category;
  openedAt: string;
  lastEventAt: string;
  lastAlertAt: string;
  lastTransition: Transition;
  resolvedAt?: string;
  /** Event times of failures inside the escalation window (bounded list, ISO strings). */
  recentFailures: string[];
  totalFailures: number;
  countsByCategory: Partial<Record<Category, number>>;
  /** Failures absorbed from other incidents or inhibited events (e.g. tasks of a failed deployment). */
  absorbed: number;
  /** Facts of the latest event, for the alert. */
  lastFacts: Facts;
  /** Human lines added by remediation and inhibition ("replacement started", "over budget", …). */
  notes: string[];
  rev: number;
  /** Id of the write that stored this revision: a writer whose response was lost recognises its own write. */
  writtenBy?: string;
  /** Dedup keys of the last events applied (bounded): a retried event finds its key and changes nothing. */
  appliedKeys?: string[];
  /** The last transition's alert until every channel has it; the use case marks and clears it. */
  outbox?: IncidentOutbox;
  /** Task ARNs already counted (bounded): a task's STOPPING and STOPPED events count as one failure. */
  countedTasks?: string[];
  /**
   * The last log lines fetched for the task of `lastFacts` (bounded, see boundedExcerpt): a re-sent alert
   * shows them without reading logs again (the grace sweep has no log permissions).
   */
  logExcerpt?: LogExcerpt;
  /** When the failures reached the crash-loop threshold (escalates once per opening). */
  escalatedAt?: string;
  /**
   * What closed it: an event saying the subject is healthy (steady state, deployment completed, agent back),
   * the sweep finding it quiet, or a failed deployment's incident absorbing it.
   */
  resolvedBy?: 'event' | 'quiet' | 'absorbed';
  /** What resolved it, in words for the alert ("rollback completed", "quiet for 30 min"). */
  resolution?: string;
  /** The deployment whose failures this incident tells (one incident per deployment episode). */
  deploymentId?: string;
  /** The silence holding its alerts back, and the transition the team will hear when it ends. */
  silenced?: SilencedState;
  /**
   * When the service reported steady state too soon after a failure to call it over (see STEADY_HOLD_MS): it
   * resolves once the hold passes with no failure after this time.
   */
  steadyAt?: string;
}

/** Log lines of one task's container, as shown in its alert. */
export interface LogExcerpt {
  taskArn: string;
  lines: string[];
  consoleUrl?: string;
}

/** An alert waiting for delivery: the transition, when it happened, and the channels that have it. */
export interface IncidentOutbox {
  transition: Transition;
  at: string;
  delivered: ('slack' | 'sns')[];
  /** Wall-clock ms when an invocation took the lease to send it; others wait until the lease lapses. */
  sendingAt?: number;
  /** Who holds the lease (one id per delivery attempt), so a writer whose response was lost knows it is its own. */
  sendingBy?: string;
  /** Failed attempts per channel (count, first and last attempt, epoch ms): retries back off, then give up. */
  failures?: Partial<Record<'slack' | 'sns', { attempts: number; since: number; last: number }>>;
  /** Channels that gave this transition up (permanent failure, or too many attempts / too old): never sent late. */
  abandoned?: ('slack' | 'sns')[];
}

/** A service's deployment as last seen, used to tell deployment churn from failures. */
export interface DeploymentRecord {
  /** The account/Region-scoped cluster, `123456789012/us-east-1/prod` (see scopedClusterOf). */
  cluster: string;
  service: string;
  deploymentId: string;
  state: 'in-progress' | 'rollback' | 'completed' | 'failed';
  since: string;
  rev: number;
  /** A lifecycle hook of this deployment waiting for an action (approval), until it goes on or is paged. */
  awaitingHook?: AwaitingHook;
  /** Hook ids that went on (succeeded, failed, timed out; bounded): a late HOOK_AWAITING_ACTION starts no timer. */
  settledHooks?: string[];
}

/** A hook in HOOK_AWAITING_ACTION: the sweep opens a warning on its deployment at `dueAt` if it still waits. */
export interface AwaitingHook {
  hookId: string;
  lifecycleStage?: string;
  /** Time of the HOOK_AWAITING_ACTION event. */
  since: string;
  /** since + hookAwaitingAfterMs; absent once the sweep has paged it (the record is then off the due list). */
  dueAt?: string;
  /** The event's facts, for the incident the sweep opens (cluster, service, ARNs, expiresAt). */
  facts: Facts;
}

/** A disconnected agent waiting for its grace period to end. */
export interface PendingDisconnect {
  containerInstanceArn: string;
  cluster: string;
  account: string;
  region: string;
  ec2InstanceId?: string;
  disconnectedAt: string;
  dueAt: string;
  version?: number;
}

/** Decision for one event (or one sweep finding): the reason, and the incident it touched. */
export interface Decision {
  reason: DecisionReason;
  /** One short sentence for logs: why. */
  detail: string;
  incidentKey?: string;
  transition?: Transition;
}

/** Incident policy: thresholds and windows, all durations in milliseconds. */
export interface IncidentPolicy {
  /** Failures within `escalationWindowMs` that escalate an incident to critical (crash loop). */
  escalationThreshold: number;
  escalationWindowMs: number;
  /** Minimum time between two alerts for one open incident. */
  repeatIntervalMs: number;
  /** An open incident with no new failure for this long resolves. */
  resolveAfterMs: number;
  /** How long an agent may stay disconnected before the instance counts as lost. */
  disconnectGraceMs: number;
  /** Lowest severity that alerts. */
  alertSeverity: Severity;
  /** How long dedup keys and resolved incidents are kept. */
  retentionMs: number;
  /** How long a lifecycle hook may await an action (approval) before its deployment gets a warning. */
  hookAwaitingAfterMs: number;
}

/** Defaults an experienced ECS operator would pick; documented in the README. */
export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  escalationThreshold: 3,
  escalationWindowMs: 10 * 60_000,
  repeatIntervalMs: 60 * 60_000,
  resolveAfterMs: 30 * 60_000,
  disconnectGraceMs: 5 * 60_000,
  alertSeverity: 'warning',
  retentionMs: 7 * 24 * 60 * 60_000,
  // A pause hook is a person's approval step (the default timeout is 24 h): an hour is long enough for a
  // reviewer to act during a working deployment, short enough to page the same shift that started it.
  hookAwaitingAfterMs: 60 * 60_000,
};
