import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { FailureMetricsReader, FleetReader } from '../../ports/fleet-reader.js';
import { createEcsFleetReader } from './ecs-fleet-reader.js';
import { createFailureMetricsReader } from './failure-metrics-reader.js';
import { createEcsReadLimiter, type LimiterClock } from './rate-limiter.js';

/** Clients and limits the report's readers are built from. */
export interface ReportSourcesOptions {
  ecs: Pick<ECSClient, 'send'>;
  cloudwatch: Pick<CloudWatchClient, 'send'>;
  namespace: string;
  ratePerSec: number;
  concurrency: number;
  clock?: LimiterClock;
}

/** The fleet reader (rate limited per ECS read category) and the failure-metrics reader. */
export function createReportSources(options: ReportSourcesOptions): {
  fleet: FleetReader;
  metrics: FailureMetricsReader;
} {
  return {
    fleet: createEcsFleetReader({
      client: options.ecs,
      limiter: createEcsReadLimiter(options.ratePerSec, options.clock),
      concurrency: options.concurrency,
    }),
    metrics: createFailureMetricsReader({ client: options.cloudwatch, namespace: options.namespace }),
  };
}
