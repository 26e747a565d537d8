import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';

// Adaptive retry mode adds client-side rate limiting when AWS throttles (ECS read buckets are shared account-wide).
const RETRY = { retryMode: 'adaptive', maxAttempts: 5 } as const;

function lazy<T>(make: () => T): () => T {
  let instance: T | undefined;
  return () => {
    instance ??= make();
    return instance;
  };
}

/** SDK v3 clients, each created once on first use (clients the hot path doesn't use are never built). */
export const clients = {
  ecs: lazy(() => new ECSClient(RETRY)),
  cloudwatch: lazy(() => new CloudWatchClient(RETRY)),
  logs: lazy(() => new CloudWatchLogsClient({ maxAttempts: 2 })),
  sns: lazy(() => new SNSClient({ maxAttempts: 4 })),
  ssm: lazy(() => new SSMClient(RETRY)),
  secretsManager: lazy(() => new SecretsManagerClient(RETRY)),
  dynamo: lazy(() => new DynamoDBClient(RETRY)),
};
