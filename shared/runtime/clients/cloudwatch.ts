import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { lazy, RETRY } from './lazy.js';

/** The CloudWatch client, created on first use. */
export const cloudwatchClient = lazy(() => new CloudWatchClient(RETRY));
