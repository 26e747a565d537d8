import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { createEcsActions } from '../../../shared/adapters/ecs/ecs-actions.js';
import { createPutMetricDataSink } from '../../../shared/adapters/metrics/put-metric-data-sink.js';
import { createSnsChannel } from '../../../shared/adapters/sns/sns-channel.js';
import { createDynamoStateStore } from '../../../shared/adapters/state/dynamodb-store.js';
import type { EcsActions } from '../../../shared/ports/ecs-actions.js';
import { parseConfig } from '../../../shared/runtime/config.js';
import type { PipelineDeps } from '../../../shared/use-cases/pipeline-deps.js';
import { motoClientConfig, motoEcs, uniqueName } from '../../helpers/moto.js';
import { createStateTable } from '../../helpers/moto-state.js';

/** The pipeline wired to the real AWS adapters, every client pointed at moto_server. */
export async function awsPipeline(options: {
  topicArn: string;
  env?: Record<string, string>;
  ecs?: Partial<EcsActions>;
}) {
  const config = moto();
  const dynamo = new DynamoDBClient(config);
  const namespace = uniqueName('ECSLookoutTest');
  const cloudwatch = new CloudWatchClient(config);
  const ecs = { ...createEcsActions({ client: motoEcs() }), ...options.ecs };
  const deps: PipelineDeps = {
    config: parseConfig({ LOOKOUT_METRIC_NAMESPACE: namespace, LOOKOUT_METRICS_MODE: 'api', ...options.env }),
    store: createDynamoStateStore({ client: dynamo, table: await createStateTable(dynamo) }),
    channels: [createSnsChannel({ client: new SNSClient(config), topicArn: options.topicArn })],
    metrics: createPutMetricDataSink({ client: cloudwatch, namespace }),
    ecs,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    deadline: () => Date.now() + 20_000,
    clock: () => new Date(),
  };
  return { deps, cloudwatch, namespace };
}

function moto() {
  return motoClientConfig();
}
