import { describe, expect, it } from 'vitest';
import { createScopedLogExcerpts } from '../../../../shared/adapters/logs/scoped-log-excerpts.js';
import type { AccountScope } from '../../../../shared/domain/accounts.js';
import type { LogExcerpts } from '../../../../shared/ports/log-excerpts.js';

const input = (account: string) => ({
  taskDefinitionArn: `arn:aws:ecs:eu-west-1:${account}:task-definition/api:3`,
  taskArn: `arn:aws:ecs:eu-west-1:${account}:task/prod/0123`,
  container: 'app',
  maxLines: 5,
  timeoutMs: 1_000,
});

describe('Function: createScopedLogExcerpts', () => {
  it("reads a task's log lines in the task's own account and Region; none where there is no role", async () => {
    const asked: string[] = [];
    const reader = (scope: AccountScope): LogExcerpts => ({
      lastLines: async () => {
        asked.push(`${scope.account}/${scope.region}`);
        return { lines: [`from ${scope.account}`] };
      },
    });
    const excerpts = createScopedLogExcerpts((scope) =>
      scope?.account === '333333333333' ? { unreachable: 'no role' } : reader(scope!),
    );
    expect(await excerpts.lastLines(input('111111111111'))).toEqual({ lines: ['from 111111111111'] });
    expect(await excerpts.lastLines(input('333333333333'))).toEqual({ lines: [] });
    expect(asked).toEqual(['111111111111/eu-west-1']);
  });
});
