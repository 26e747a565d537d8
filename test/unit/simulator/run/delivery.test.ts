import { describe, expect, it } from 'vitest';
import { seeded } from '../../../../shared/simulator/random.js';
import {
  SQS_BATCH_SIZE,
  SQS_BATCH_WINDOW_S,
  SQS_MAX_RECEIVES,
  SQS_VISIBILITY_S,
} from '../../../../shared/simulator/run/constants.js';
import { SqsQueue, sampleDelays } from '../../../../shared/simulator/run/delivery.js';

const S = 1000;

describe('Class: SqsQueue', () => {
  it('opens a batch at the first visible message and closes it after the batching window', () => {
    const queue = new SqsQueue<string>();
    queue.send('a', 'A', 1 * S);
    queue.send('b', 'B', 5 * S);
    queue.send('c', 'C', 12 * S);

    expect(queue.poll(10 * S)).toEqual([]);
    const [first] = queue.poll((1 + SQS_BATCH_WINDOW_S) * S);

    expect(first?.closedAt).toBe((1 + SQS_BATCH_WINDOW_S) * S);
    expect(first?.messages.map((m) => m.id)).toEqual(['a', 'b']);
    expect(queue.nextAt()).toBe(12 * S);
  });

  it('closes a full batch at once', () => {
    const queue = new SqsQueue<number>();
    for (let i = 0; i <= SQS_BATCH_SIZE; i++) queue.send(`m${i}`, i, 2 * S);

    const batches = queue.poll(2 * S);

    expect(batches.map((b) => [b.closedAt, b.messages.length])).toEqual([[2 * S, SQS_BATCH_SIZE]]);
    expect(queue.nextAt()).toBe((2 + SQS_BATCH_WINDOW_S) * S);
  });

  it('redelivers a failed message after the visibility timeout, then dead-letters it', () => {
    const queue = new SqsQueue<string>();
    queue.send('a', 'A', 0);
    let now = 0;
    for (let receive = 1; receive <= SQS_MAX_RECEIVES; receive++) {
      // Visible: a batch opens; the window later it closes.
      expect(queue.poll(queue.nextAt())).toEqual([]);
      now = queue.nextAt();
      const [batch] = queue.poll(now);
      expect(batch?.messages[0]?.receives).toBe(receive);
      const redelivered = queue.fail(batch!, new Set(['a']));
      expect(redelivered).toBe(receive < SQS_MAX_RECEIVES ? 1 : 0);
      if (receive < SQS_MAX_RECEIVES) expect(queue.nextAt()).toBe(now + SQS_VISIBILITY_S * S);
    }

    expect(queue.deadLettered.map((m) => m.id)).toEqual(['a']);
    expect(queue.nextAt()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('Function: sampleDelays', () => {
  it('delivers in order without delay or copies when the profile says so', () => {
    const random = seeded(7);
    const profile = { duplicateRate: 0, medianDelaySeconds: 0, outlierRate: 0, maxDelaySeconds: 0 };

    expect(Array.from({ length: 50 }, () => sampleDelays(profile, random))).toEqual(Array(50).fill([0]));
  });

  it('keeps every delay within the maximum and duplicates about the given fraction', () => {
    const random = seeded(11);
    const profile = { duplicateRate: 0.2, medianDelaySeconds: 2, outlierRate: 0.1, maxDelaySeconds: 300 };
    const samples = Array.from({ length: 2000 }, () => sampleDelays(profile, random));
    const delays = samples.flat();

    expect(Math.max(...delays)).toBeLessThanOrEqual(300 * S);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(samples.filter((s) => s.length === 2).length / samples.length).toBeCloseTo(0.2, 1);
    const sorted = [...delays].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(1 * S);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(4 * S);
  });
});
