import type { Context } from 'aws-lambda';
import { createEcsActions } from '../adapters/ecs/ecs-actions.js';
import { createLogExcerpts } from '../adapters/logs/log-excerpts.js';
import { createEmfSink } from '../adapters/metrics/emf-sink.js';
import { createMemorySink } from '../adapters/metrics/memory-sink.js';
import { createPutMetricDataSink } from '../adapters/metrics/put-metric-data-sink.js';
import { createWebhookUrlSource } from '../adapters/secrets/webhook-url.js';
import { createSlackChannel } from '../adapters/slack/slack-channel.js';
import { createSnsChannel } from '../adapters/sns/sns-channel.js';
import { createDynamoStateStore } from '../adapters/state/dynamodb-store.js';
import { createMemoryStateStore } from '../adapters/state/memory-store.js';
import type { Verdict } from '../domain/classify/types.js';
import type { LookoutConfig } from '../domain/config.js';
import type { AlertChannel } from '../ports/alert-channel.js';
import type { EcsActions } from '../ports/ecs-actions.js';
import type { LogExcerpts } from '../ports/log-excerpts.js';
import type { MetricsSink } from '../ports/metrics-sink.js';
import type { StateStore } from '../ports/state-store.js';
import type { Effect } from '../use-cases/effects.js';
import type { EventInput } from '../use-cases/event-order.js';
import { handleBatch } from '../use-cases/handle-batch.js';
import { handleEvent, handleVerdict } from '../use-cases/handle-event.js';
import type { PipelineDeps, PipelineLog } from '../use-cases/pipeline-deps.js';
import { runSweep } from '../use-cases/sweep.js';
import { clients } from './clients.js';
import { parseConfig } from './config.js';
import { logger } from './logger.js';

// Leave this much of the Lambda's time for recording what was delivered after the channels answer.
const DEADLINE_MARGIN_MS = 3_000;

let config: LookoutConfig | undefined;

/** The configuration, parsed once from the environment (a bad value fails the cold start, naming it). */
export function getConfig(): LookoutConfig {
  config ??= parseConfig(process.env);
  return config;
}

let store: StateStore | undefined;

/** The state store: DynamoDB when LOOKOUT_STATE_TABLE is set, else in memory (single process only). */
export function getStateStore(): StateStore {
  const { stateTable } = getConfig();
  store ??= stateTable
    ? createDynamoStateStore({ client: clients.dynamo(), table: stateTable })
    : createMemoryStateStore();
  return store;
}

let webhookUrl: (() => Promise<string>) | undefined;

/** The Slack webhook URL source (SSM SecureString or Secrets Manager, cached), or undefined when not configured. */
export function getWebhookUrl(): (() => Promise<string>) | undefined {
  const cfg = getConfig();
  if (!cfg.slackWebhookParam && !cfg.slackWebhookSecret) return undefined;
  webhookUrl ??= createWebhookUrlSource({
    ssmParam: cfg.slackWebhookParam,
    secretId: cfg.slackWebhookSecret,
    ssmClient: cfg.slackWebhookParam ? clients.ssm() : undefined,
    secretsClient: cfg.slackWebhookSecret ? clients.secretsManager() : undefined,
  });
  return webhookUrl;
}

let channels: AlertChannel[] | undefined;

/** Alert channels configured by LOOKOUT_TOPIC_ARN and LOOKOUT_SLACK_WEBHOOK_PARAM / _SECRET. */
export function getChannels(): AlertChannel[] {
  if (channels) return channels;
  const cfg = getConfig();
  channels = [];
  if (cfg.topicArn) channels.push(createSnsChannel({ client: clients.sns(), topicArn: cfg.topicArn, logger }));
  const slackUrl = getWebhookUrl();
  if (slackUrl) channels.push(createSlackChannel({ webhookUrl: slackUrl, logger }));
  if (channels.length === 0)
    logger.warn('no alert channel configured (LOOKOUT_TOPIC_ARN, LOOKOUT_SLACK_WEBHOOK_PARAM)');
  return channels;
}

let metrics: MetricsSink | undefined;

function getMetrics(): MetricsSink {
  if (metrics) return metrics;
  const cfg = getConfig();
  metrics =
    cfg.metricsMode === 'api'
      ? createPutMetricDataSink({ client: clients.cloudwatch(), namespace: cfg.metricNamespace, logger })
      : cfg.metricsMode === 'emf'
        ? createEmfSink({ namespace: cfg.metricNamespace, serviceName: 'ecs-lookout' })
        : createMemorySink();
  return metrics;
}

let ecsActions: EcsActions | undefined;
let logExcerpts: LogExcerpts | undefined;

// Built once per container, like the clients: the log reader's task-definition cache must outlive an invocation.
function getEcsActions(): EcsActions {
  ecsActions ??= createEcsActions({ client: clients.ecs(), logger });
  return ecsActions;
}

function getLogExcerpts(): LogExcerpts {
  logExcerpts ??= createLogExcerpts({ ecs: clients.ecs(), logs: clients.logs() });
  return logExcerpts;
}

const pipelineLog: PipelineLog = {
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
  error: (message, extra) => logger.error(message, extra ?? {}),
};

/** Pipeline dependencies for a Lambda invocation (or the CLI, with `context` absent). */
export function lambdaDeps(context?: Pick<Context, 'getRemainingTimeInMillis'>): PipelineDeps {
  return {
    config: getConfig(),
    store: getStateStore(),
    channels: getChannels(),
    metrics: getMetrics(),
    ecs: getEcsActions(),
    logs: getLogExcerpts(),
    log: pipelineLog,
    deadline: () => Date.now() + (context ? context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS : 20_000),
    clock: () => new Date(),
  };
}

/** The alerting pipeline bound to this invocation; every call flushes its metrics. */
export function getPipeline(context?: Pick<Context, 'getRemainingTimeInMillis'>) {
  const deps = lambdaDeps(context);
  const flushed = async (work: Promise<Effect[]>) => {
    try {
      return await work;
    } finally {
      await deps.metrics.flush();
    }
  };
  return {
    /** Handles one raw EventBridge event. */
    handle: (raw: unknown, input: string) => flushed(handleEvent(deps, raw, input)),
    /** Handles a batch of raw EventBridge events in event-time order; failures come back per input. */
    handleBatch: async (inputs: readonly EventInput[]) => {
      try {
        return await handleBatch(deps, inputs);
      } finally {
        await deps.metrics.flush();
      }
    },
    /** Handles a finding that no event announced (health check) as if it were an event. */
    handleVerdict: (verdict: Verdict, dedupKey: string) =>
      flushed(handleVerdict(deps, verdict, { input: dedupKey, detailType: 'ecs-lookout check', dedupKey })),
    /** Runs the periodic sweep at the current time. */
    sweep: () => flushed(runSweep(deps, deps.clock().toISOString())),
  };
}
