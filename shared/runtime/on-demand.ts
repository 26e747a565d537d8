/**
 * The runtime's code that most invocations never run, gathered so esbuild makes one on-demand entry of it
 * (chunks/, loaded on first use): the sweep in the event functions, the ECS actions (remediation, routing
 * tags, the sweep's instance checks), member-account credentials (STS), and the in-memory store of a Lambda
 * without a table. Each separate `import()` of such code adds the chunks it shares with the cold code, and
 * every chunk is one more module a cold start resolves, reads and links (about 0.25 ms each): one entry
 * instead of five takes 7-8 modules off every cold start. The Slack app mode and the PutMetricData sink stay
 * on their own, so the configurations that use them on every alert or flush load only their own code.
 */

export { createMemoryStateStore } from '../adapters/state/memory-store.js';
export { assumeRoleCredentials } from '../adapters/sts/assume-role.js';
export { runSweep } from '../use-cases/sweep.js';
export { accountEcsActions } from './account-ecs-actions.js';
export { stsClient } from './clients/sts.js';
