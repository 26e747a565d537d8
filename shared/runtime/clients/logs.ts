import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { lazy } from './lazy.js';

/** The CloudWatch Logs client, created on first use; log excerpts are a nicety, so few retries. */
export const logsClient = lazy(() => new CloudWatchLogsClient({ maxAttempts: 2 }));
