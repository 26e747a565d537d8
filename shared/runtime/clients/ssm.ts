import { SSMClient } from '@aws-sdk/client-ssm';
import { lazy, RETRY } from './lazy.js';

/** The SSM client, created on first use. */
export const ssmClient = lazy(() => new SSMClient(RETRY));
