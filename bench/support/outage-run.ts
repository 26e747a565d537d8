import { createEcsActions } from '../../shared/adapters/ecs/ecs-actions.js';
import { createLogExcerpts } from '../../shared/adapters/logs/log-excerpts.js';
import { createMemorySink } from '../../shared/adapters/metrics/memory-sink.js';
import { createWebhookUrlSource } from '../../shared/adapters/secrets/webhook-url.js';
import { createSlackChannel } from '../../shared/adapters/slack/slack-channel.js';
import { createSnsChannel } from '../../shared/adapters/sns/sns-channel.js';
import { createDynamoStateStore } from '../../shared/adapters/state/dynamodb-store.js';
import { parseConfig } from '../../shared/runtime/config.js';
import { SQS_BATCH_SIZE, SQS_BATCH_WINDOW_S } from '../../shared/simulator/run/constants.js';
import type { Effect } from '../../shared/use-cases/effects.js';
import { handleBatch } from '../../shared/use-cases/handle-batch.js';
import type { PipelineDeps, PipelineLog } from '../../shared/use-cases/pipeline-deps.js';
import { SLACK_REPLIES, startFakeSlack } from '../../test/helpers/fake-slack.js';
import { type AzOutage, SPOT_FAMILIES } from './az-outage.js';
import { mockAws } from './mocked-aws.js';

const SILENT: PipelineLog = { info: () => {}, warn: () => {}, error: () => {} };
const ENV = {
  LOOKOUT_STATE_TABLE: 'ecs-lookout-bench',
  LOOKOUT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ecs-lookout-alerts',
  LOOKOUT_SLACK_WEBHOOK_PARAM: '/ecs-lookout/slack-webhook',
  // As the Lambdas run: metrics as EMF lines on stdout, no API call (a counting sink stands in for stdout).
  LOOKOUT_METRICS_MODE: 'emf',
  LOOKOUT_REMEDIATION_MODE: 'on',
  LOOKOUT_REPLACE_FAMILIES: SPOT_FAMILIES.byConfig.join(','),
  LOOKOUT_TASK_NETWORK: JSON.stringify({ prod: { subnets: ['subnet-0a1b2c3d4e5f60718'], securityGroups: ['sg-0b1'] } }),
};

/** What the burst cost and produced. */
export interface OutageOutcome {
  eventsIn: number;
  /** AWS API calls by `Service Api`. */
  calls: Record<string, number>;
  slackRequests: number;
  incidentsOpened: number;
  alertsByChannel: Record<string, number>;
  remediations: Record<string, number>;
  failedInvocations: number;
  /** SQS batches the deliveries came in. */
  batches: number;
  /** Events reported failed (SQS would deliver them again). */
  failedEvents: number;
}

/**
 * The burst's deliveries as the event source mapping hands them over: in arrival order (the event's time),
 * a batch closing when it holds SQS_BATCH_SIZE messages or SQS_BATCH_WINDOW_S after its first one arrived.
 */
export function sqsBatches<T extends { time: string }>(events: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let opened = 0;
  for (const event of events) {
    const at = Date.parse(event.time);
    if (current.length > 0 && (current.length >= SQS_BATCH_SIZE || at - opened >= SQS_BATCH_WINDOW_S * 1000)) {
      batches.push(current);
      current = [];
    }
    if (current.length === 0) opened = at;
    current.push(event);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Runs the burst's deliveries in SQS batches (handleBatch, then the metrics flush the Lambdas do) through
 * the real adapters: DynamoDB store, SNS and Slack channels, PutMetricData, ECS
 * actions, log excerpts and the SSM webhook source, on mocked SDK clients and a local fake Slack.
 * The store's and caches' clock follows the event times, as it would live.
 */
export async function runOutage(outage: AzOutage): Promise<OutageOutcome> {
  const slack = await startFakeSlack([SLACK_REPLIES.ok]);
  const aws = mockAws({ webhookUrl: slack.url, taggedTasks: outage.taggedTasks });
  let virtualNow = Date.parse(outage.events[0]?.time ?? '2026-01-01T00:00:00Z');
  const now = () => virtualNow;
  try {
    const config = parseConfig(ENV);
    const metrics = createMemorySink();
    const webhookUrl = createWebhookUrlSource({ ssmParam: ENV.LOOKOUT_SLACK_WEBHOOK_PARAM, ssmClient: aws.ssm, now });
    const deps: PipelineDeps = {
      config,
      store: createDynamoStateStore({ client: aws.doc, table: ENV.LOOKOUT_STATE_TABLE, clock: now }),
      channels: [
        createSnsChannel({ client: aws.sns, topicArn: ENV.LOOKOUT_TOPIC_ARN }),
        createSlackChannel({ webhookUrl }),
      ],
      metrics,
      ecs: createEcsActions({ client: aws.ecs }),
      logs: createLogExcerpts({ ecs: aws.ecs, logs: aws.logs, now }),
      log: SILENT,
      deadline: () => Date.now() + 20_000,
      clock: () => new Date(virtualNow),
    };
    const outcome: OutageOutcome = {
      eventsIn: outage.events.length,
      calls: {},
      slackRequests: 0,
      incidentsOpened: 0,
      alertsByChannel: { slack: 0, sns: 0 },
      remediations: {},
      failedInvocations: 0,
      batches: 0,
      failedEvents: 0,
    };
    const tally = (effect: Effect) => {
      if (effect.effect === 'decision' && effect.transition === 'opened') outcome.incidentsOpened++;
      if (effect.effect === 'alert' && effect.ok)
        outcome.alertsByChannel[effect.channel] = (outcome.alertsByChannel[effect.channel] ?? 0) + 1;
      if (effect.effect === 'remediation') {
        const key = `${effect.action} ${effect.outcome}`;
        outcome.remediations[key] = (outcome.remediations[key] ?? 0) + 1;
      }
    };
    for (const batch of sqsBatches(outage.events)) {
      outcome.batches++;
      for (const raw of batch) virtualNow = Math.max(virtualNow, Date.parse(raw.time));
      try {
        const inputs = batch.map((raw, i) => ({ input: String(raw.id ?? `${outcome.batches}#${i}`), value: raw }));
        const result = await handleBatch(deps, inputs);
        for (const effect of result.effects) tally(effect);
        outcome.failedEvents += result.failed.length;
        if (result.failed.length > 0) outcome.failedInvocations++;
      } catch {
        outcome.failedInvocations++;
      } finally {
        await metrics.flush();
      }
    }
    outcome.calls = aws.calls();
    outcome.slackRequests = slack.requests.length;
    return outcome;
  } finally {
    aws.restore();
    await slack.close();
  }
}
