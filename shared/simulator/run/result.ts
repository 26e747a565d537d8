import type { ChannelName } from '../../domain/alerts/types.js';
import type { Category, Severity } from '../../domain/classify/types.js';
import type { Incident, IncidentGroup, IncidentSubject, Transition } from '../../domain/incidents/types.js';
import type { RemediationEffect } from '../../use-cases/effects.js';
import type { FleetHistoryEntry } from '../fleet/history.js';
import type { ApiCall } from '../types.js';
import type { SlackAppCounts } from './slack-workspace.js';

/** One alert a channel accepted, as the simulated Slack workspace or SNS topic received it. */
export interface DeliveredMessage {
  /** Virtual time it was delivered (epoch ms). */
  at: number;
  channel: ChannelName;
  /** Alert id: incident key, transition and transition time (the same alert on two channels shares it). */
  alertId: string;
  incident: string;
  transition: Transition;
  title: string;
  group: IncidentGroup;
  cluster: string;
  subject: IncidentSubject;
  severity: Severity;
  category: Category;
  /** When the transition happened (event time, or sweep/check time), epoch ms. */
  transitionAt: number;
  /** The route the alert took (`orders → C0ORD1234 (tags)`), when routed away from the default. */
  route?: string;
  /** The invocation that sent it: an SQS batch of events, the grace sweep, or the stuck check / digest. */
  trigger?: 'event' | 'sweep' | 'check';
  /**
   * For a batch's alert whose transition time is the time of an event in that batch: when the earliest copy
   * of that event reached its queue (epoch ms). Absent for an earlier transition the batch only re-sent.
   */
  queuedAt?: number;
}

/** A delivered health report (the daily digest). */
export interface DeliveredReport {
  at: number;
  channel: ChannelName;
  status: string;
}

/** A remediation the monitor reported, with the virtual time it ran. */
export interface RecordedRemediation extends RemediationEffect {
  at: number;
}

/** Tallies of one run. */
export interface RunCounts {
  /** ECS events the fleet emitted (all detail-types). */
  eventsEmitted: number;
  /** Events that matched a deployed EventBridge rule (once per rule they matched). */
  eventsRouted: number;
  /** SQS messages handed to a function, duplicates and redeliveries included. */
  deliveries: number;
  duplicates: number;
  batches: number;
  redeliveries: number;
  deadLettered: number;
  sweeps: number;
  checks: number;
  digests: number;
  /** Channel sends that failed (outages). */
  failedSends: number;
  /** Scheduled invocations that threw (a crash is not retried; the next schedule runs). */
  crashedInvocations: number;
  /** Slack app mode only: roots, thread replies and in-place updates the simulated workspace received. */
  slackApp?: SlackAppCounts;
}

/** The tallies of a run before anything happened. */
export function emptyRunCounts(): RunCounts {
  return {
    eventsEmitted: 0,
    eventsRouted: 0,
    deliveries: 0,
    duplicates: 0,
    batches: 0,
    redeliveries: 0,
    deadLettered: 0,
    sweeps: 0,
    checks: 0,
    digests: 0,
    failedSends: 0,
    crashedInvocations: 0,
  };
}

/** Everything one simulated run produced; the scorer reads only this and the scenario. */
export interface RunResult {
  scenario: string;
  epoch: number;
  endsAt: number;
  /** LOOKOUT_* settings in force, and where each came from. */
  settings: Record<string, { value: string; from: 'simulator' | 'scenario' | 'environment' }>;
  messages: DeliveredMessage[];
  /** Daily digests delivered (not incident messages: they are not scored). */
  reports: DeliveredReport[];
  remediations: RecordedRemediation[];
  calls: ApiCall[];
  /** The fleet's ground-truth log: task starts and stops with their real causes, instance changes. */
  history: readonly FleetHistoryEntry[];
  /** Container instance ARNs per cluster, in registration order (index → ARN). */
  instanceArns: Record<string, string[]>;
  /** Incidents still open at the end. */
  openIncidents: Incident[];
  counts: RunCounts;
  /** Totals of the monitor's metrics over the run, summed over dimensions (from the in-memory sink). */
  metricTotals: Record<string, number>;
  /** Seconds from a transition's time to each delivery of it. */
  latencySeconds: number[];
}
