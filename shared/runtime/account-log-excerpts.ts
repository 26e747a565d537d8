import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createLogExcerpts } from '../adapters/logs/log-excerpts.js';
import { createScopedLogExcerpts } from '../adapters/logs/scoped-log-excerpts.js';
import type { LogExcerpts } from '../ports/log-excerpts.js';
import { scopedFactory } from './account-clients.js';
import { ecsClient } from './clients/ecs.js';
import { logsClient } from './clients/logs.js';
import { getConfig } from './lambda-config.js';

/**
 * The log reader for every account and Region of the registry: a task's definition and log stream are read
 * in its own account/Region (a member's through its role). Single-account installs get the plain reader.
 */
export function accountLogExcerpts(): LogExcerpts {
  const { accounts } = getConfig();
  const home = createLogExcerpts({ ecs: ecsClient(), logs: logsClient() });
  if (!accounts || (accounts.members.length === 0 && !accounts.home.account)) return home;
  const forScope = scopedFactory(
    accounts,
    () => home,
    (options) =>
      createLogExcerpts({
        ecs: new ECSClient({ maxAttempts: 2, ...options }),
        logs: new CloudWatchLogsClient({ maxAttempts: 2, ...options }),
      }),
  );
  return createScopedLogExcerpts(forScope);
}
