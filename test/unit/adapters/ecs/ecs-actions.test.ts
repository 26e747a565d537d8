import {
  ClientException,
  ConflictException,
  DeregisterContainerInstanceCommand,
  DescribeContainerInstancesCommand,
  ECSClient,
  ListTagsForResourceCommand,
  RunTaskCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createEcsActions } from '../../../../shared/adapters/ecs/ecs-actions.js';
import type { RunTaskRequest } from '../../../../shared/ports/ecs-actions.js';

const ecsMock = mockClient(ECSClient);
// ECS throttling arrives as a generic SDK error named ThrottlingException (no modelled class).
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: {} });
const logger = { warn: vi.fn() };
const actions = createEcsActions({ client: new ECSClient({ region: 'us-east-1' }), logger });

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';
const instance = (i: number) => `arn:aws:ecs:us-east-1:123456789012:container-instance/prod/${i}`;
const request: RunTaskRequest = {
  cluster: CLUSTER,
  taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/batch:7',
  clientToken: 'lookout-3f2a9c',
  startedBy: 'ecs-lookout',
};

describe('createEcsActions', () => {
  beforeEach(() => {
    ecsMock.reset();
    logger.warn.mockClear();
  });

  describe('runTask', () => {
    it('sends one task with the token, network, overrides, group and platform version', async () => {
      ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'arn:task/new' }], failures: [] });

      const result = await actions.runTask({
        ...request,
        launchType: 'FARGATE',
        group: 'family:batch',
        platformVersion: '1.4.0',
        overrides: { containerOverrides: [{ name: 'app', command: ['run'] }] },
        network: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'], assignPublicIp: 'DISABLED' },
      });

      expect(result).toEqual({ ok: true, arns: ['arn:task/new'] });
      expect(ecsMock).toHaveReceivedCommandWith(RunTaskCommand, {
        cluster: CLUSTER,
        taskDefinition: request.taskDefinition,
        clientToken: 'lookout-3f2a9c',
        count: 1,
        startedBy: 'ecs-lookout',
        group: 'family:batch',
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        overrides: { containerOverrides: [{ name: 'app', command: ['run'] }] },
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
        },
      });
    });

    it.each([
      // [request extras, expected launchType, expected strategy]: a capacity provider wins over the launch type
      [{ launchType: 'EC2', capacityProviderName: 'spot-cp' }, undefined, [{ capacityProvider: 'spot-cp', weight: 1 }]],
      [{ launchType: 'EC2' }, 'EC2', undefined],
      [{ capacityProviderName: 'FARGATE_SPOT' }, undefined, [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]],
      // neither: the cluster's default capacity provider strategy applies
      [{}, undefined, undefined],
    ])('with %o sends launchType %s and strategy %o, never both', async (extra, launchType, strategy) => {
      ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'arn:task/new' }] });

      await actions.runTask({ ...request, ...extra });

      const input = ecsMock.commandCalls(RunTaskCommand)[0]?.args[0].input;
      expect(input?.launchType).toBe(launchType);
      expect(input?.capacityProviderStrategy).toEqual(strategy);
      expect(input).not.toHaveProperty('networkConfiguration');
    });

    it.each([
      // [failures, retryable]: no capacity is not worth retrying now
      [[{ arn: 'arn:ci/1', reason: 'RESOURCE:MEMORY' }], false],
      [[{ reason: 'RESOURCE:ENI', detail: 'no ENI' }], false],
      // a disconnected agent is transient
      [[{ arn: 'arn:ci/1', reason: 'AGENT' }], true],
      [[{ reason: 'RESOURCE:CPU' }, { reason: 'AGENT' }], true],
    ])('maps HTTP-200 failures %o to ok:false (retryable %s)', async (failures, retryable) => {
      ecsMock.on(RunTaskCommand).resolves({ tasks: [], failures });

      const result = await actions.runTask(request);

      expect(result).toMatchObject({ ok: false, arns: [], retryable });
      for (const failure of failures) expect(result.error).toContain(failure.reason);
    });

    it('names the failure detail and instance in the error', async () => {
      ecsMock
        .on(RunTaskCommand)
        .resolves({ failures: [{ arn: 'arn:ci/1', reason: 'RESOURCE:MEMORY', detail: 'needs 512' }] });

      expect((await actions.runTask(request)).error).toBe('RESOURCE:MEMORY (needs 512) for arn:ci/1');
    });

    it('treats ConflictException with resourceIds as the replacement already started', async () => {
      ecsMock
        .on(RunTaskCommand)
        .rejects(new ConflictException({ message: 'token reused', $metadata: {}, resourceIds: ['arn:task/earlier'] }));

      expect(await actions.runTask(request)).toEqual({ ok: true, arns: ['arn:task/earlier'] });
    });

    it.each([
      // [error, retryable]
      [new ConflictException({ message: 'conflict', $metadata: {} }), false],
      [throttled(), true],
      [new ClientException({ message: 'Tasks provisioning capacity limit exceeded.', $metadata: {} }), true],
      [new ClientException({ message: 'TaskDefinition is inactive', $metadata: {} }), false],
      [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ])('maps a thrown %s to ok:false, retryable %s, and logs it', async (error, retryable) => {
      ecsMock.on(RunTaskCommand).rejects(error);

      const result = await actions.runTask(request);

      expect(result).toMatchObject({ ok: false, arns: [], retryable });
      expect(result.error).toContain(error.message);
      expect(logger.warn).toHaveBeenCalledWith('ECS RunTask failed', expect.objectContaining({ retryable }));
    });
  });

  describe('drainInstances', () => {
    it('drains in batches of at most 10, once per instance', async () => {
      ecsMock.on(UpdateContainerInstancesStateCommand).callsFake((input: { containerInstances: string[] }) => ({
        containerInstances: input.containerInstances.map((arn) => ({ containerInstanceArn: arn, status: 'DRAINING' })),
        failures: [],
      }));
      const arns = Array.from({ length: 23 }, (_, i) => instance(i));

      const result = await actions.drainInstances(CLUSTER, [...arns, instance(0)]);

      const sizes = ecsMock
        .commandCalls(UpdateContainerInstancesStateCommand)
        .map((c) => c.args[0].input.containerInstances?.length);
      expect(sizes).toEqual([10, 10, 3]);
      expect(ecsMock).toHaveReceivedCommandWith(UpdateContainerInstancesStateCommand, {
        cluster: CLUSTER,
        status: 'DRAINING',
      });
      expect(result).toEqual({ ok: true, arns });
    });

    it('reports per-instance failures and failed batches, keeping what was drained', async () => {
      ecsMock
        .on(UpdateContainerInstancesStateCommand)
        .resolvesOnce({
          containerInstances: [{ containerInstanceArn: instance(0) }],
          failures: [{ arn: instance(1), reason: 'MISSING' }],
        })
        .rejectsOnce(throttled());
      const arns = Array.from({ length: 12 }, (_, i) => instance(i));

      const result = await actions.drainInstances(CLUSTER, arns);

      expect(result.ok).toBe(false);
      expect(result.arns).toEqual([instance(0)]);
      expect(result.error).toContain(`MISSING for ${instance(1)}`);
      expect(result.error).toContain(`${instance(10)}, ${instance(11)}: ThrottlingException: Rate exceeded`);
      expect(result.retryable).toBe(true);
    });

    it('does nothing for no instances', async () => {
      expect(await actions.drainInstances(CLUSTER, [])).toEqual({ ok: true, arns: [] });
      expect(ecsMock).not.toHaveReceivedCommand(UpdateContainerInstancesStateCommand);
    });
  });

  describe('deregisterInstance', () => {
    it('deregisters with force', async () => {
      ecsMock
        .on(DeregisterContainerInstanceCommand)
        .resolves({ containerInstance: { containerInstanceArn: instance(1) } });

      expect(await actions.deregisterInstance(CLUSTER, instance(1))).toEqual({ ok: true, arns: [instance(1)] });
      expect(ecsMock).toHaveReceivedCommandWith(DeregisterContainerInstanceCommand, {
        cluster: CLUSTER,
        containerInstance: instance(1),
        force: true,
      });
    });

    it('maps an error to ok:false', async () => {
      ecsMock
        .on(DeregisterContainerInstanceCommand)
        .rejects(new ClientException({ message: 'not found', $metadata: {} }));

      expect(await actions.deregisterInstance(CLUSTER, instance(1))).toMatchObject({ ok: false, retryable: false });
    });
  });

  describe('describeInstances', () => {
    it('describes in batches of at most 100 and reports instances ECS no longer knows as MISSING', async () => {
      ecsMock.on(DescribeContainerInstancesCommand).callsFake((input: { containerInstances: string[] }) => ({
        containerInstances: input.containerInstances
          .filter((arn) => arn !== instance(7))
          .map((arn) => ({ containerInstanceArn: arn, status: 'ACTIVE', agentConnected: false, ec2InstanceId: 'i-1' })),
        failures: input.containerInstances.includes(instance(7)) ? [{ arn: instance(7), reason: 'MISSING' }] : [],
      }));
      const arns = Array.from({ length: 250 }, (_, i) => instance(i));

      const statuses = await actions.describeInstances(CLUSTER, arns);

      const sizes = ecsMock
        .commandCalls(DescribeContainerInstancesCommand)
        .map((c) => c.args[0].input.containerInstances?.length);
      expect(sizes).toEqual([100, 100, 50]);
      expect(statuses).toHaveLength(250);
      expect(statuses[0]).toEqual({
        containerInstanceArn: instance(0),
        status: 'ACTIVE',
        agentConnected: false,
        ec2InstanceId: 'i-1',
      });
      expect(statuses.find((s) => s.containerInstanceArn === instance(7))).toEqual({
        containerInstanceArn: instance(7),
        status: 'MISSING',
        agentConnected: false,
      });
    });

    it('lets errors through, so "unknown" is never read as "gone"', async () => {
      ecsMock.on(DescribeContainerInstancesCommand).rejects(throttled());

      await expect(actions.describeInstances(CLUSTER, [instance(1)])).rejects.toThrow('Rate exceeded');
    });
  });

  describe('taskTags', () => {
    it('returns tags as a record', async () => {
      ecsMock.on(ListTagsForResourceCommand).resolves({
        tags: [
          { key: 'ecs-lookout:replace', value: 'true' },
          { key: 'team', value: 'data' },
        ],
      });

      expect(await actions.taskTags('arn:task/1')).toEqual({ 'ecs-lookout:replace': 'true', team: 'data' });
      expect(ecsMock).toHaveReceivedCommandWith(ListTagsForResourceCommand, { resourceArn: 'arn:task/1' });
    });

    it('returns no tags when they cannot be read', async () => {
      ecsMock.on(ListTagsForResourceCommand).rejects(new ClientException({ message: 'denied', $metadata: {} }));

      expect(await actions.taskTags('arn:task/1')).toEqual({});
    });
  });
});
