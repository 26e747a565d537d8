import { createEcsActions } from '../../shared/adapters/ecs/ecs-actions.js';
import { createMemorySink } from '../../shared/adapters/metrics/memory-sink.js';
import { createDynamoStateStore } from '../../shared/adapters/state/dynamodb-store.js';
import type { ChannelName } from '../../shared/domain/alerts/types.js';
import type { Incident } from '../../shared/domain/incidents/types.js';
import type { AlertChannel } from '../../shared/ports/alert-channel.js';
import { parseConfig } from '../../shared/runtime/config.js';
import { SQS_BATCH_SIZE, SQS_MAX_RECEIVES } from '../../shared/simulator/run/constants.js';
import type { Effect } from '../../shared/use-cases/effects.js';
import { handleBatch } from '../../shared/use-cases/handle-batch.js';
import type { PipelineDeps, PipelineLog } from '../../shared/use-cases/pipeline-deps.js';
import { runSweep } from '../../shared/use-cases/sweep.js';
import { seeded } from '../../test/helpers/random.js';
import { type AzOutage, SPOT_FAMILIES } from './az-outage.js';
import { mockSharedAws, type OwedAlert, type SharedAwsTally } from './concurrent-aws.js';

const TABLE = 'ecs-lookout-bench';
const ENV = {
  LOOKOUT_STATE_TABLE: TABLE,
  LOOKOUT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ecs-lookout-alerts',
  LOOKOUT_SLACK_WEBHOOK_PARAM: '/ecs-lookout/slack-webhook',
  LOOKOUT_REMEDIATION_MODE: 'on',
  LOOKOUT_REPLACE_FAMILIES: SPOT_FAMILIES.byConfig.join(','),
  LOOKOUT_TASK_NETWORK: JSON.stringify({ prod: { subnets: ['subnet-0a1b2c3d4e5f60718'], securityGroups: ['sg-0b1'] } }),
};
const CHANNELS: ChannelName[] = ['sns', 'slack'];
// The sweep after the burst runs once every lease (150 s) and the outbox's first redelivery wait (2 min) are over.
const SWEEP_AFTER_MS = 3 * 60_000;
const RETRY_LOG = 'state conflict; deciding again on fresh state';
const LEASE_HELD_LOG = 'another invocation is sending this alert';

/** One alert a channel double accepted. */
export interface ChannelDelivery {
  channel: ChannelName;
  incident: string;
  transition: string;
  /** The transition's time (the outbox's `at`). */
  at: string;
  /** Before or after the sweep that follows the burst. */
  phase: 'burst' | 'sweep';
}

/** What a burst consumed by `consumers` parallel batch consumers produced. */
export interface BurstOutcome {
  consumers: number;
  batches: number;
  /** Messages reported failed and put back on the queue. */
  redeliveries: number;
  deadLettered: number;
  tally: SharedAwsTally;
  /** Decisions decided again after a conflicting write (applyDecision's retries). */
  decisionRetries: number;
  /** Deliveries skipped because another container held the outbox's send lease. */
  leaseHeld: number;
  owed: OwedAlert[];
  delivered: ChannelDelivery[];
  /** Incident keys with an `opened` transition, from the stored outboxes. */
  opened: Set<string>;
  /** `incident transition` pairs stored (outboxes), for the comparison with a sequential run. */
  transitions: Set<string>;
  /** Every incident in the table at the end, as `key status severity`: where the burst left each incident. */
  finalIncidents: Set<string>;
  runTask: Map<string, { calls: number; tasks: Set<string> }>;
  drains: Map<string, number>;
  effects: Effect[];
}

/** `key status severity` of each incident item among `items` (the store keeps an incident under `data`). */
function storedIncidents(items: Iterable<Record<string, unknown>>): Set<string> {
  const found = new Set<string>();
  for (const item of items) {
    const data = item.data as Partial<Incident> | undefined;
    if (typeof data?.key === 'string' && typeof data.status === 'string' && typeof data.openedAt === 'string') {
      found.add(`${data.key} ${data.status} ${data.severity}`);
    }
  }
  return found;
}

/** Alert channel doubles of one container, all reporting to one shared record; each send yields once. */
function channelDoubles(record: ChannelDelivery[], phase: { now: 'burst' | 'sweep' }): AlertChannel[] {
  return CHANNELS.map((name) => ({
    name,
    async send(alert) {
      await new Promise((resolve) => setImmediate(resolve));
      const at = alert.incident.outbox?.at ?? alert.incident.lastAlertAt;
      record.push({ channel: name, incident: alert.incident.key, transition: alert.transition, at, phase: phase.now });
      return { channel: name, ok: true, attempts: 1 };
    },
  }));
}

/**
 * Consumes the burst as SQS would hand it to `consumers` Lambda containers: batches of up to 100 in arrival
 * order, each container taking the next batch as soon as it is free, failed messages back on the queue (dead
 * letter after 5 receives). Each container has its own SDK clients, channels and metrics; all share one
 * DynamoDB table (through the real store adapter) and one ECS. Then one sweep runs, as the schedule would.
 */
export async function runConcurrentBurst(outage: AzOutage, consumers: number, seed: number): Promise<BurstOutcome> {
  const aws = mockSharedAws({ seed, taggedTasks: outage.taggedTasks });
  const delivered: ChannelDelivery[] = [];
  const phase = { now: 'burst' as 'burst' | 'sweep' };
  const counters = { decisionRetries: 0, leaseHeld: 0 };
  const log: PipelineLog = {
    info: (message) => {
      if (message === RETRY_LOG) counters.decisionRetries++;
      if (message === LEASE_HELD_LOG) counters.leaseHeld++;
    },
    warn: () => {},
    error: () => {},
  };
  let virtualNow = Date.parse(outage.events[0]?.time ?? '2026-01-01T00:00:00Z');
  const config = parseConfig(ENV);
  const container = (): PipelineDeps => {
    const clients = aws.container();
    return {
      config,
      store: createDynamoStateStore({ client: clients.doc, table: TABLE, clock: () => virtualNow }),
      channels: channelDoubles(delivered, phase),
      metrics: createMemorySink(),
      ecs: createEcsActions({ client: clients.ecs }),
      log,
      deadline: () => Date.now() + 20_000,
      clock: () => new Date(virtualNow),
    };
  };
  const queue = outage.events.map((body, i) => ({ id: `msg-${i}`, body, receives: 0 }));
  const outcome = { batches: 0, redeliveries: 0, deadLettered: 0 };
  const effects: Effect[] = [];
  let busy = 0;
  // Which consumer asks first when several are free is itself seeded.
  const jitter = seeded(seed ^ 0xc0c0);
  const consume = async (deps: PipelineDeps) => {
    for (;;) {
      if (queue.length === 0) {
        if (busy === 0) return;
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (jitter() < 0.5) await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.splice(0, SQS_BATCH_SIZE).map((m) => ({ ...m, receives: m.receives + 1 }));
      if (batch.length === 0) continue;
      busy++;
      outcome.batches++;
      for (const m of batch) virtualNow = Math.max(virtualNow, Date.parse(m.body.time));
      let failed: Set<string>;
      try {
        const result = await handleBatch(
          deps,
          batch.map((m) => ({ input: m.id, value: structuredClone(m.body) })),
        );
        effects.push(...result.effects);
        failed = new Set(result.failed);
      } catch {
        failed = new Set(batch.map((m) => m.id));
      }
      for (const message of batch) {
        if (!failed.has(message.id)) continue;
        if (message.receives >= SQS_MAX_RECEIVES) outcome.deadLettered++;
        else {
          queue.push(message);
          outcome.redeliveries++;
        }
      }
      busy--;
    }
  };
  try {
    await Promise.all(Array.from({ length: consumers }, () => consume(container())));
    phase.now = 'sweep';
    virtualNow += SWEEP_AFTER_MS;
    effects.push(...(await runSweep(container(), new Date(virtualNow).toISOString())));
    const owed = [...aws.owed.values()];
    return {
      consumers,
      ...outcome,
      tally: { ...aws.tally },
      ...counters,
      owed,
      delivered,
      opened: new Set(owed.filter((a) => a.transition === 'opened').map((a) => a.incident)),
      transitions: new Set(owed.map((a) => `${a.incident} ${a.transition}`)),
      finalIncidents: storedIncidents(aws.table.items.values()),
      runTask: aws.runTask,
      drains: aws.drains,
      effects,
    };
  } finally {
    aws.restore();
  }
}

/** How the alerts owed fared: lost (neither it nor a later alert of its incident reached any channel), and more. */
export function alertAudit(run: BurstOutcome) {
  const latest = new Map<string, string>();
  const perChannel = new Map<string, string>();
  const burstOnly = new Map<string, string>();
  for (const d of run.delivered) {
    if ((latest.get(d.incident) ?? '') < d.at) latest.set(d.incident, d.at);
    const key = `${d.channel} ${d.incident}`;
    if ((perChannel.get(key) ?? '') < d.at) perChannel.set(key, d.at);
    if (d.phase === 'burst' && (burstOnly.get(d.incident) ?? '') < d.at) burstOnly.set(d.incident, d.at);
  }
  const reached = (owed: OwedAlert, seen: Map<string, string>, key = owed.incident) => (seen.get(key) ?? '') >= owed.at;
  const lost = run.owed.filter((o) => !reached(o, latest));
  const missingOnAChannel = run.owed.filter((o) => CHANNELS.some((c) => !reached(o, perChannel, `${c} ${o.incident}`)));
  const neededSweep = run.owed.filter((o) => reached(o, latest) && !reached(o, burstOnly));
  const exact = new Set(run.delivered.map((d) => `${d.incident} ${d.transition} ${d.at}`));
  const superseded = run.owed.filter((o) => !exact.has(`${o.incident} ${o.transition} ${o.at}`) && reached(o, latest));
  const copies = new Map<string, number>();
  for (const d of run.delivered) {
    const key = `${d.channel} ${d.incident} ${d.transition} ${d.at}`;
    copies.set(key, (copies.get(key) ?? 0) + 1);
  }
  const duplicateMessages = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
  return { lost, missingOnAChannel, neededSweep, superseded, duplicateMessages };
}
