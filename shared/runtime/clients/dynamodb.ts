import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lazy, RETRY } from './lazy.js';

/** The DynamoDB client, created on first use. */
export const dynamoClient = lazy(() => new DynamoDBClient(RETRY));
