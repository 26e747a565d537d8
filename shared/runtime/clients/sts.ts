import { STSClient } from '@aws-sdk/client-sts';
import { lazy, RETRY } from './lazy.js';

/** The STS client (the function's own Region's endpoint), created on first use: member-role credentials. */
export const stsClient = lazy(() => new STSClient(RETRY));
