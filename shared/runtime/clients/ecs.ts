import { ECSClient } from '@aws-sdk/client-ecs';
import { lazy, RETRY } from './lazy.js';

/** The ECS client, created on first use. */
export const ecsClient = lazy(() => new ECSClient(RETRY));
