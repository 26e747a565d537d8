import { seeded } from '../random.js';
import type { EcsEnvelope } from '../types.js';
import type { FleetHistoryEntry } from './history.js';
import { StepQueue } from './queue.js';
import type { SimCluster, SimInstance, SimTask, SimTaskDef } from './state.js';

/** What the task lifecycle tells the service scheduler and job runner. */
export type TaskChange = 'running' | 'healthy' | 'unhealthy' | 'stopping' | 'stopped';

/** The ISO second of an epoch ms, as EventBridge envelopes carry it ("2026-03-02T08:00:00Z"). */
export function isoSecond(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** Full ISO time with milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The model's shared state: virtual clock, step queue, seeded randomness, the ECS objects, the events
 * emitted since the last `advanceTo`, and the ground-truth history.
 */
export class World {
  now: number;
  readonly account: string;
  readonly region: string;
  readonly queue = new StepQueue();
  readonly outbox: EcsEnvelope[] = [];
  readonly history: FleetHistoryEntry[] = [];
  readonly clusters = new Map<string, SimCluster>();
  readonly taskDefs = new Map<string, SimTaskDef[]>();
  /** Behaviour randomness (timings, choices); ids come from their own stream so they never shift timings. */
  readonly random: () => number;
  private readonly idRandom: () => number;
  /** Set by the model: called on every task change the schedulers react to. */
  onTask: (task: SimTask, change: TaskChange) => void = () => {};
  /** Set by the model: called when an instance's placement eligibility changes. */
  onInstance: (instance: SimInstance) => void = () => {};

  constructor(options: { seed: number; epoch: number; account: string; region: string }) {
    this.now = options.epoch;
    this.account = options.account;
    this.region = options.region;
    this.random = seeded(options.seed);
    this.idRandom = seeded((options.seed ^ 0x5bd1e995) >>> 0);
  }

  /** Runs `run` at virtual time `at` (never in the past). */
  at(at: number, run: () => void): void {
    this.queue.push(Math.max(at, this.now), run);
  }

  /** Runs `run` `ms` from now. */
  after(ms: number, run: () => void): void {
    this.at(this.now + ms, run);
  }

  /** A uniform number in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.random();
  }

  /** Whole milliseconds in [minSeconds, maxSeconds) seconds. */
  seconds(minSeconds: number, maxSeconds: number): number {
    return Math.round(this.between(minSeconds, maxSeconds) * 1000);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.random() < p;
  }

  /** An exponential wait with the given mean (Poisson arrivals). */
  exponential(meanMs: number): number {
    return Math.max(1, Math.round(-Math.log(1 - this.random()) * meanMs));
  }

  /** One element chosen at random. */
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.random() * items.length)];
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n)
      out += Math.floor(this.idRandom() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return out.slice(0, n);
  }

  /** `n` decimal digits, not starting with 0. */
  digits(n: number): string {
    let out = String(1 + Math.floor(this.idRandom() * 9));
    while (out.length < n) out += String(Math.floor(this.idRandom() * 10));
    return out;
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16] ?? '0', 16) % 4]}${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** `arn:aws:ecs:<region>:<account>:<rest>`. */
  arn(rest: string): string {
    return `arn:aws:ecs:${this.region}:${this.account}:${rest}`;
  }

  /** Queues an EventBridge envelope for the state change at `time` (envelope time = that second). */
  emit(detailType: string, resource: string, time: number, detail: Record<string, unknown>): void {
    this.outbox.push({
      version: '0',
      id: this.uuid(),
      'detail-type': detailType,
      source: 'aws.ecs',
      account: this.account,
      time: isoSecond(time),
      region: this.region,
      resources: [resource],
      detail,
    });
  }

  /** Appends a ground-truth entry. */
  record(entry: FleetHistoryEntry): void {
    this.history.push(entry);
  }
}
