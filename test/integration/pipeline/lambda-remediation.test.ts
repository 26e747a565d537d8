/**
 * A task replacement through the real Lambda entry, wired as deployed (runtime singletons from the
 * environment, the DynamoDB store behind the Slack-prefetch decorator, the batch's store view over that),
 * every client on moto_server. The use-case tests wire their own deps, so only this one holds the stack a
 * deployed function runs: it once lost the store's budget methods and failed every replacement.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTopicWithQueue, motoClientConfig, motoEndpoint } from '../../helpers/moto.js';
import { optedInStoppedJob } from '../../helpers/moto-job.js';
import { createStateTable } from '../../helpers/moto-state.js';
import { sqsRecord } from '../../helpers/sqs.js';

const context = {
  functionName: 'ecs-lookout-task-state-change',
  awsRequestId: 'remediation-test',
  getRemainingTimeInMillis: () => 25_000,
} as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<{ remediations: number; batchItemFailures: unknown[] }>;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('task-state-change as deployed, on moto_server', () => {
  it('replaces an opted-in standalone task once, behind SQS, and asks for no redelivery', async () => {
    const { topicArn } = await createTopicWithQueue();
    const job = await optedInStoppedJob();
    const setup = new DynamoDBClient(motoClientConfig());
    const table = await createStateTable(setup);
    setup.destroy();
    const env: Record<string, string> = {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      LOOKOUT_METRICS_MODE: 'memory',
      LOOKOUT_LOG_LINES: '0',
      LOOKOUT_STATE_TABLE: table,
      LOOKOUT_TOPIC_ARN: topicArn,
      ...job.env,
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    const { handler } = (await import('../../../functions/task-state-change/handler.js')) as unknown as {
      handler: Handler;
    };
    const event = job.event;

    const first = await handler({ Records: [sqsRecord('spot-1', JSON.stringify(event))] }, context);
    const again = await handler({ Records: [sqsRecord('spot-2', JSON.stringify(event))] }, context);

    expect(first).toMatchObject({ remediations: 1, batchItemFailures: [] });
    // The redelivery finds the claim done: it records the replacement as already made and starts none.
    expect(again.batchItemFailures).toEqual([]);
    expect(await job.replacements()).toHaveLength(1);
  });
});
