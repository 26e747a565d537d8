import { cloudwatchClient } from './clients/cloudwatch.js';
import { dynamoClient } from './clients/dynamodb.js';
import { ecsClient } from './clients/ecs.js';
import { logsClient } from './clients/logs.js';
import { secretsManagerClient } from './clients/secrets-manager.js';
import { snsClient } from './clients/sns.js';
import { ssmClient } from './clients/ssm.js';

/**
 * Every SDK v3 client, each created once on first use, for the CLI and tests. A Lambda function imports the
 * client modules (clients/*.ts) it uses instead, so its bundle carries no other SDK client.
 */
export const clients = {
  ecs: ecsClient,
  cloudwatch: cloudwatchClient,
  logs: logsClient,
  sns: snsClient,
  ssm: ssmClient,
  secretsManager: secretsManagerClient,
  dynamo: dynamoClient,
};
