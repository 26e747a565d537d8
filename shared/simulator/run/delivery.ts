import { SQS_BATCH_SIZE, SQS_BATCH_WINDOW_S, SQS_MAX_RECEIVES, SQS_VISIBILITY_S } from './constants.js';

/** How events are handed on: duplicate fraction and delay distribution (seconds). */
export interface DeliveryProfile {
  duplicateRate: number;
  medianDelaySeconds: number;
  outlierRate: number;
  maxDelaySeconds: number;
}

/**
 * Delays of one event's copies, in ms: one, or two when it is duplicated. A delay is log-normal around the
 * median (σ 0.6, so most arrive within 1–5 s of a 2 s median); an outlier is uniform up to the maximum.
 */
export function sampleDelays(profile: DeliveryProfile, random: () => number): number[] {
  const one = () => {
    const max = profile.maxDelaySeconds;
    if (random() < profile.outlierRate) return Math.round(random() * max * 1000);
    // Box–Muller: a standard normal from two uniforms.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(Math.min(max, profile.medianDelaySeconds * Math.exp(0.6 * z)) * 1000);
  };
  return random() < profile.duplicateRate ? [one(), one()] : [one()];
}

/** One SQS message: an envelope, its id (kept across redeliveries) and how often it was received. */
export interface QueuedMessage<T> {
  id: string;
  body: T;
  /** When it is (again) visible to the event source mapping. */
  visibleAt: number;
  receives: number;
}

/** A batch the event source mapping handed to the function. */
export interface Batch<T> {
  closedAt: number;
  messages: QueuedMessage<T>[];
}

/**
 * One SQS queue and its Lambda event source mapping: a batch opens when the first message becomes visible
 * and closes SQS_BATCH_WINDOW_S later or at SQS_BATCH_SIZE messages. A message reported failed is visible
 * again SQS_VISIBILITY_S after its batch; after SQS_MAX_RECEIVES receives it goes to the dead-letter queue.
 */
export class SqsQueue<T> {
  private waiting: QueuedMessage<T>[] = [];
  private open: { openedAt: number; messages: QueuedMessage<T>[] } | undefined;
  private readonly ready: Batch<T>[] = [];
  readonly deadLettered: QueuedMessage<T>[] = [];

  /** Sends a message that becomes visible at `visibleAt`. */
  send(id: string, body: T, visibleAt: number): void {
    this.insert({ id, body, visibleAt, receives: 0 });
  }

  /** The next moment something happens in this queue (a message becomes visible, a batch closes). */
  nextAt(): number {
    const visible = this.waiting[0]?.visibleAt ?? Number.POSITIVE_INFINITY;
    const closes = this.open ? this.open.openedAt + SQS_BATCH_WINDOW_S * 1000 : Number.POSITIVE_INFINITY;
    return Math.min(visible, closes);
  }

  /** Advances to `now`; returns the batches that closed by then, in closing order. */
  poll(now: number): Batch<T>[] {
    const windowMs = SQS_BATCH_WINDOW_S * 1000;
    while (this.waiting.length > 0 && this.waiting[0]!.visibleAt <= now) {
      const message = this.waiting.shift()!;
      if (this.open && message.visibleAt >= this.open.openedAt + windowMs) this.close(this.open.openedAt + windowMs);
      this.open ??= { openedAt: message.visibleAt, messages: [] };
      this.open.messages.push({ ...message, receives: message.receives + 1 });
      if (this.open.messages.length >= SQS_BATCH_SIZE) this.close(message.visibleAt);
    }
    if (this.open && this.open.openedAt + windowMs <= now) this.close(this.open.openedAt + windowMs);
    return this.ready.splice(0);
  }

  /** Reports the messages of a batch whose handling failed: redelivered later, or dead-lettered. */
  fail(batch: Batch<T>, failedIds: ReadonlySet<string>): number {
    let redelivered = 0;
    for (const message of batch.messages) {
      if (!failedIds.has(message.id)) continue;
      if (message.receives >= SQS_MAX_RECEIVES) this.deadLettered.push(message);
      else {
        this.insert({ ...message, visibleAt: batch.closedAt + SQS_VISIBILITY_S * 1000 });
        redelivered++;
      }
    }
    return redelivered;
  }

  private close(at: number): void {
    if (!this.open) return;
    this.ready.push({ closedAt: at, messages: this.open.messages });
    this.open = undefined;
  }

  private insert(message: QueuedMessage<T>): void {
    // Stable: equal times keep their send order.
    let i = this.waiting.length;
    while (i > 0 && this.waiting[i - 1]!.visibleAt > message.visibleAt) i--;
    this.waiting.splice(i, 0, message);
  }
}
