import { classify } from '../../domain/classify/index.js';
import type { Verdict } from '../../domain/classify/types.js';
import { parseEcsEvent } from '../../domain/events/parse.js';
import type { TaskEvent } from '../../domain/events/types.js';
import { isoTime, toIso } from '../../domain/incidents/time.js';
import type { PipelineDeps } from '../pipeline-deps.js';

/** Where an event came from (file#index in replay, the SQS message id in Lambda) and its detail-type. */
export interface EventOrigin {
  input: string;
  detailType: string;
  event?: TaskEvent;
  /** Dedup key for findings that carry no version (health checks): handled once per key. */
  dedupKey?: string;
  /** EventBridge event id: with service, name and time it identifies a redelivered service action. */
  eventId?: string;
}

/** One classified event of a batch. */
export interface BatchItem {
  verdict: Verdict;
  origin: EventOrigin;
}

/** Parses and classifies one raw EventBridge event. */
export function batchItemOf(deps: PipelineDeps, raw: unknown, input: string): BatchItem {
  const parsed = parseEcsEvent(raw);
  const verdict = classify(parsed, deps.config.classify);
  return {
    verdict,
    origin: {
      input,
      detailType: parsed.meta.detailType ?? 'unknown',
      event: parsed.kind === 'task' ? parsed : undefined,
      eventId: parsed.meta.id || undefined,
    },
  };
}

/** An event's times: its own (ISO, ms) and the expiry of what it writes. */
export interface EventTimes {
  now: string;
  nowMs: number;
  expiresAt: number;
}

/**
 * The event's time (the wall clock when it has none) and the expiry of the state it writes. `wallMs` is the
 * wall clock read once for the whole batch (a Date per event was a tenth of screening).
 */
export function timesOf(deps: PipelineDeps, verdict: Verdict, wallMs = deps.clock().getTime()): EventTimes {
  const time = isoTime(verdict.facts.time);
  const nowMs = Number.isFinite(time.ms) ? time.ms : wallMs;
  // An event time already written as toISOString writes it is kept as it is (the same text, not a copy).
  const now = Number.isFinite(time.ms) && time.iso !== undefined ? time.iso : toIso(nowMs);
  // Retention counts from the later of event and wall time: a late (retried, redriven) event must not write expired items.
  const expiresAt = Math.max(nowMs, wallMs) + deps.config.incidents.retentionMs;
  return { now, nowMs, expiresAt };
}

/** Why an event needs no state at all (invalid, unsupported, outside LOOKOUT_CLUSTERS), or undefined. */
export function screenOut(deps: PipelineDeps, item: BatchItem): { detail: string; outcome: string } | undefined {
  const { verdict, origin } = item;
  if (verdict.category === 'invalid' || verdict.category === 'unsupported') {
    return { detail: verdict.error ?? `unsupported event (${origin.detailType})`, outcome: verdict.category };
  }
  const cluster = verdict.facts.cluster;
  if (deps.config.clusters.length > 0 && (!cluster || !deps.config.clusters.includes(cluster))) {
    return { detail: `cluster ${cluster ?? '(unknown)'} is not in LOOKOUT_CLUSTERS`, outcome: 'out-of-scope' };
  }
  return undefined;
}
