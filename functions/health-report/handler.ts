import type { Context } from 'aws-lambda';
import { createReportSources } from '../../shared/adapters/fleet/create-report-sources.js';
import { createReportDeliveries } from '../../shared/adapters/report-delivery/create-deliveries.js';
import type { ReportPageSettings } from '../../shared/domain/config.js';
import { DEFAULT_REPORT_EXTRAS } from '../../shared/domain/report/build-report.js';
import type { HealthPagePublisher } from '../../shared/ports/health-page.js';
import { registryFleetReader } from '../../shared/runtime/account-report-sources.js';
import { getWebhookUrl } from '../../shared/runtime/channels.js';
import { cloudwatchClient } from '../../shared/runtime/clients/cloudwatch.js';
import { ecsClient } from '../../shared/runtime/clients/ecs.js';
import { snsClient } from '../../shared/runtime/clients/sns.js';
import { getConfig } from '../../shared/runtime/lambda-config.js';
import { logger } from '../../shared/runtime/logger.js';
import { getStateStore } from '../../shared/runtime/state-store.js';
import { wrapHandler } from '../../shared/runtime/wrap-handler.js';
import { parseReportInvocation } from '../../shared/use-cases/report/invocation-request.js';
import { runReportInvocation } from '../../shared/use-cases/report/run-invocation.js';

// Leave this much of the Lambda's time for logging after the channels answer.
const DEADLINE_MARGIN_MS = 3_000;

function lazyHealthPage(settings: ReportPageSettings): HealthPagePublisher {
  return {
    publish: async (report) => (await import('./health-page.js')).healthPagePublisher(settings).publish(report),
  };
}

/**
 * `health-report`: `{ mode?: report|digest|check, clusters?, services?, window?: 1h|24h,
 * format?: json|markdown|slack, deliver? }` → the report in that format, or the check's outcome.
 */
export const handler = wrapHandler(async (event: unknown, context: Context) => {
  const config = getConfig();
  const invocation = parseReportInvocation(event);
  return runReportInvocation(invocation, {
    ...createReportSources({
      ecs: ecsClient(),
      cloudwatch: cloudwatchClient(),
      namespace: config.metricNamespace,
      ratePerSec: config.reportReads.readsPerSecond,
      concurrency: config.reportReads.concurrency,
    }),
    // Every registered account and Region, each with its own client and rate limits (one account: as before).
    fleet: registryFleetReader({ home: ecsClient, registry: config.accounts, reads: config.reportReads }),
    accounts: config.accounts,
    store: getStateStore(),
    policy: { ...config.report, ...DEFAULT_REPORT_EXTRAS },
    clock: () => new Date(),
    defaultClusters: config.clusters,
    deliveries: invocation.deliver
      ? createReportDeliveries({ topicArn: config.topicArn, sns: snsClient, webhookUrl: getWebhookUrl() })
      : [],
    deadline: () => Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS,
    // Only with a page bucket configured, and only when a digest is delivered: the S3 client and presigner
    // load then (esbuild chunks/), so reports and checks never evaluate them.
    healthPage: config.reportPage && lazyHealthPage(config.reportPage),
    // The pipeline (and the ECS actions) only load when a check has findings, which are never task failures
    // (no log lines): a report or digest never evaluates that code (esbuild puts it in chunks/).
    handleVerdict: async (verdict, dedupKey) => {
      const [{ getPipeline }, { getEcsActions }] = await Promise.all([
        import('../../shared/runtime/pipeline.js'),
        import('../../shared/runtime/ecs-actions.js'),
      ]);
      return getPipeline(context, { ecs: getEcsActions }).handleVerdict(verdict, dedupKey);
    },
    log: {
      info: (message, extra) => logger.info(message, extra ?? {}),
      warn: (message, extra) => logger.warn(message, extra ?? {}),
    },
  });
});
