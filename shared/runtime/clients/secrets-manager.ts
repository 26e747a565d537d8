import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lazy, RETRY } from './lazy.js';

/** The Secrets Manager client, created on first use. */
export const secretsManagerClient = lazy(() => new SecretsManagerClient(RETRY));
