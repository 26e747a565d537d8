import { SNSClient } from '@aws-sdk/client-sns';
import { lazy } from './lazy.js';

/** The SNS client, created on first use. */
export const snsClient = lazy(() => new SNSClient({ maxAttempts: 4 }));
