/**
 * The event pipeline wired to the real AWS adapters on moto_server, every client configured like the
 * runtime's (adaptive retries, 5 attempts; SNS 4) with fast backoff and a shared FaultPlan in front of
 * moto; Slack is the real channel posting to the fake Slack server.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { createEcsActions } from '../../../shared/adapters/ecs/ecs-actions.js';
import { createMemorySink } from '../../../shared/adapters/metrics/memory-sink.js';
import { createSlackChannel } from '../../../shared/adapters/slack/slack-channel.js';
import { createSnsChannel } from '../../../shared/adapters/sns/sns-channel.js';
import { createDynamoStateStore } from '../../../shared/adapters/state/dynamodb-store.js';
import { extractAlertJson } from '../../../shared/domain/alerts/sns-json.js';
import type { AlertChannel } from '../../../shared/ports/alert-channel.js';
import { parseConfig } from '../../../shared/runtime/config.js';
import type { Effect } from '../../../shared/use-cases/effects.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import type { PipelineDeps } from '../../../shared/use-cases/pipeline-deps.js';
import type { FakeSlack, FakeSlackReply } from '../../helpers/fake-slack.js';
import { FaultPlan, fastRetryStrategy, injectFaults, modelRunTaskIdempotency } from '../../helpers/fault-injection.js';
import { motoClientConfig, type ReceivedMessage } from '../../helpers/moto.js';
import { createStateTable } from '../../helpers/moto-state.js';
import { demoEvents } from '../../helpers/pipeline.js';

/** A client config for moto with the runtime's retry mode and attempts, at test speed. */
export function faultyConfig(maxAttempts = 5) {
  return { ...motoClientConfig(), retryStrategy: fastRetryStrategy(maxAttempts), maxAttempts };
}

/** Waits the Slack channel asked for (capped at 5 ms so tests stay fast); the requested waits are kept. */
export function recordingSleep() {
  const requested: number[] = [];
  const sleep = (ms: number) => {
    requested.push(ms);
    return new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5)));
  };
  return { requested, sleep };
}

/** Options of `faultyPipeline`. */
export interface FaultyPipelineOptions {
  topicArn?: string;
  slack?: FakeSlack;
  env?: Record<string, string>;
  /** Per-attempt Slack timeout (default 300 ms, so a hung Slack costs little). */
  slackAttemptTimeoutMs?: number;
  /** Milliseconds each invocation has for deliveries (default 2 s). */
  deliveryBudgetMs?: number;
}

/** Builds the pipeline; `plan` injects faults into DynamoDB, SNS and ECS; ECS honours RunTask clientTokens. */
export async function faultyPipeline(options: FaultyPipelineOptions = {}) {
  const plan = new FaultPlan();
  const setup = new DynamoDBClient(motoClientConfig());
  const table = await createStateTable(setup);
  setup.destroy();
  const dynamo = injectFaults(new DynamoDBClient(faultyConfig()), plan);
  const sns = injectFaults(new SNSClient(faultyConfig(4)), plan);
  const ecsClient = injectFaults(new ECSClient(faultyConfig()), plan);
  const tokens = modelRunTaskIdempotency(ecsClient);
  const slackWaits = recordingSleep();
  const channels: AlertChannel[] = [];
  if (options.topicArn) channels.push(createSnsChannel({ client: sns, topicArn: options.topicArn }));
  if (options.slack) {
    const url = options.slack.url;
    channels.push(
      createSlackChannel({
        webhookUrl: async () => url,
        attemptTimeoutMs: options.slackAttemptTimeoutMs ?? 300,
        sleep: slackWaits.sleep,
      }),
    );
  }
  const metrics = createMemorySink();
  const deps: PipelineDeps = {
    config: parseConfig({ LOOKOUT_METRICS_MODE: 'memory', ...options.env }),
    store: createDynamoStateStore({ client: dynamo, table }),
    channels,
    metrics,
    ecs: createEcsActions({ client: ecsClient }),
    log: { info: () => {}, warn: () => {}, error: () => {} },
    deadline: () => Date.now() + (options.deliveryBudgetMs ?? 2_000),
    clock: () => new Date(),
  };
  return { deps, plan, tokens, metrics, slackWaits, table, clients: { dynamo, sns, ecs: ecsClient } };
}

/** One invocation attempt as the platform saw it. */
export interface Attempt {
  input: string;
  effects?: Effect[];
  error?: Error;
}

/**
 * Handles `raw` the way Lambda's async invocation does: a thrown invocation is invoked again with the
 * same event, here until it succeeds or `maxAttempts` is reached (then it would go to the DLQ).
 * `beforeAttempt(n)` runs before attempt n (0-based), e.g. to lift a fault for the retries.
 */
export async function invokeUntilSuccess(
  deps: PipelineDeps,
  raw: unknown,
  input: string,
  options: { maxAttempts?: number; beforeAttempt?: (attempt: number) => void } = {},
): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < (options.maxAttempts ?? 8); i++) {
    options.beforeAttempt?.(i);
    try {
      attempts.push({ input, effects: await handleEvent(deps, structuredClone(raw), input) });
      return attempts;
    } catch (error) {
      attempts.push({ input, error: error as Error });
    }
  }
  return attempts;
}

/** `incident transition` pairs of the alerts the effects say were delivered (ok) to `channel`. */
export function deliveredPairs(attempts: Attempt[], channel?: string): string[] {
  return attempts.flatMap((a) =>
    (a.effects ?? []).flatMap((e) =>
      e.effect === 'alert' && e.ok && (!channel || e.channel === channel) ? [`${e.incident} ${e.transition}`] : [],
    ),
  );
}

/** `incident transition` pairs decided by the effects. */
export function decidedPairs(effects: Effect[]): string[] {
  return effects.flatMap((e) =>
    e.effect === 'decision' && e.transition && e.incident ? [`${e.incident} ${e.transition}`] : [],
  );
}

/** `incident transition` of each SNS message received from the topic's queue. */
export function snsPairs(messages: ReceivedMessage[]): string[] {
  return messages.map((m) => {
    const doc = extractAlertJson(m.sns?.Message ?? '') as { transition?: string; incident?: { key?: string } };
    return `${doc?.incident?.key} ${doc?.transition}`;
  });
}

const TRANSITIONS: Record<string, string> = {
  Opened: 'opened',
  Escalated: 'escalated',
  'Still open': 'repeated',
  Resolved: 'resolved',
};

/** `incident transition` of one Slack payload (the key is in the context block, the transition in a field). */
export function slackPair(json: unknown): string {
  const payload = json as {
    blocks?: Array<{ type: string; fields?: Array<{ text: string }>; elements?: Array<{ text: string }> }>;
  };
  const context = payload?.blocks?.find((b) => b.type === 'context')?.elements?.[0]?.text ?? '';
  const key = /Incident `([^`]*)`/.exec(context)?.[1] ?? '?';
  const fields = payload?.blocks?.flatMap((b) => b.fields ?? []) ?? [];
  const label = /^\*Transition\*\n(.*) · /.exec(fields.find((f) => f.text.startsWith('*Transition*'))?.text ?? '')?.[1];
  return `${key} ${TRANSITIONS[label ?? ''] ?? '?'}`;
}

/** `incident transition` of the requests the fake Slack answered with a 2xx (its script says which). */
export function slackPairs(slack: FakeSlack, script: FakeSlackReply[]): string[] {
  return slack.requests.flatMap((request, index) => {
    const reply = script[Math.min(index, script.length - 1)];
    const accepted = reply !== undefined && 'status' in reply && reply.status < 300;
    return accepted ? [slackPair(request.json)] : [];
  });
}

const crash = demoEvents()[3] as { detail: Record<string, unknown>; resources: string[]; time: string };

/**
 * A stream of essential-container crashes: `perService` crashes of each service, one a minute,
 * services interleaved. Each service opens an incident and escalates it (crash loop at the third).
 */
export function crashStream(cluster: string, services: string[], perService: number, start = Date.now()): unknown[] {
  const events: unknown[] = [];
  for (let n = 0; n < perService; n++) {
    for (const [s, service] of services.entries()) {
      const event = structuredClone(crash);
      const id = `${String(s).padStart(4, '0')}${String(n).padStart(28, '0')}`;
      const taskArn = `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/${id}`;
      Object.assign(event.detail, {
        clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${cluster}`,
        taskArn,
        group: `service:${service}`,
        version: 5,
      });
      event.resources = [taskArn];
      event.time = new Date(start + (n * services.length + s) * 60_000).toISOString();
      events.push(event);
    }
  }
  return events;
}
