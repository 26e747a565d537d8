import { describe, expect, it } from 'vitest';
import { createScopedEcsActions, NoMemberRoleError } from '../../../../shared/adapters/ecs/scoped-ecs-actions.js';
import type { AccountScope } from '../../../../shared/domain/accounts.js';
import type { EcsActions } from '../../../../shared/ports/ecs-actions.js';

const HOME = '123456789012';
const MEMBER = '111111111111';
const STRANGER = '333333333333';
const instance = (account: string, region = 'us-east-1') =>
  `arn:aws:ecs:${region}:${account}:container-instance/prod/0123456789abcdef`;

/** Actions that answer with the scope they were built for, so a test sees where each call went. */
function recordingActions(name: string, calls: string[]): EcsActions {
  const call = <T>(what: string, result: T): T => {
    calls.push(`${name} ${what}`);
    return result;
  };
  return {
    runTask: async (r) => call('runTask', { ok: true, arns: [r.clientToken] }),
    drainInstances: async (_c, arns) => call('drain', { ok: true, arns }),
    deregisterInstance: async (_c, arn) => call('deregister', { ok: true, arns: [arn] }),
    describeInstances: async (_c, arns) =>
      call(
        'describe',
        arns.map((containerInstanceArn) => ({ containerInstanceArn, status: 'ACTIVE', agentConnected: false })),
      ),
    taskTags: async () => call('tags', { owner: name }),
    runningTasksOn: async () => call('tasks', []),
  };
}

function routed(calls: string[]) {
  return createScopedEcsActions((scope: AccountScope | undefined) => {
    if (!scope || scope.account === HOME) return recordingActions('home', calls);
    if (scope.account === MEMBER) return recordingActions(`member/${scope.region}`, calls);
    return { unreachable: `no role registered for account ${scope.account} in ${scope.region}` };
  });
}

describe('Function: createScopedEcsActions', () => {
  it('sends each call to the account and Region of the ARN it names', async () => {
    const calls: string[] = [];
    const ecs = routed(calls);
    await ecs.drainInstances('prod', [instance(MEMBER, 'eu-west-1')]);
    await ecs.describeInstances('prod', [instance(HOME)]);
    await ecs.deregisterInstance('prod', instance(MEMBER));
    await ecs.runningTasksOn('prod', instance(MEMBER));
    await ecs.taskTags(`arn:aws:ecs:us-east-1:${MEMBER}:task/prod/abc`);
    await ecs.runTask({
      cluster: `arn:aws:ecs:eu-west-1:${MEMBER}:cluster/prod`,
      taskDefinition: 'etl:3',
      clientToken: 'token',
      startedBy: 'ecs-lookout',
    });
    await ecs.runTask({ cluster: 'prod', taskDefinition: 'etl:3', clientToken: 'token', startedBy: 'ecs-lookout' });
    expect(calls).toEqual([
      'member/eu-west-1 drain',
      'home describe',
      'member/us-east-1 deregister',
      'member/us-east-1 tasks',
      'member/us-east-1 tags',
      'member/eu-west-1 runTask',
      'home runTask',
    ]);
  });

  it('throws NoMemberRoleError for reads where there is no role, and fails writes (not retryable) with the reason', async () => {
    const calls: string[] = [];
    const ecs = routed(calls);
    const why = `no role registered for account ${STRANGER} in us-east-1`;
    await expect(ecs.describeInstances('prod', [instance(STRANGER)])).rejects.toThrow(NoMemberRoleError);
    await expect(ecs.runningTasksOn('prod', instance(STRANGER))).rejects.toThrow(why);
    expect(await ecs.drainInstances('prod', [instance(STRANGER)])).toEqual({
      ok: false,
      arns: [],
      error: why,
      retryable: false,
    });
    expect((await ecs.deregisterInstance('prod', instance(STRANGER))).ok).toBe(false);
    expect(await ecs.taskTags(`arn:aws:ecs:us-east-1:${STRANGER}:task/prod/abc`)).toEqual({});
    expect(calls).toEqual([]);
  });
});
