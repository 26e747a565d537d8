import { describe, expect, it } from 'vitest';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { MAX_LIST_LENGTH, MAX_TEXT_LENGTH } from '../../../shared/domain/events/schema.js';
import type { DeploymentEvent, InstanceEvent, ParsedEvent, TaskEvent } from '../../../shared/domain/events/types.js';
import { eventFixture } from './event-fixtures.js';

function asTask(event: ParsedEvent): TaskEvent {
  expect(event.kind).toBe('task');
  return event as TaskEvent;
}

function errorOf(event: ParsedEvent): string {
  expect(event.kind).toBe('invalid');
  return event.kind === 'invalid' ? event.error : '';
}

const taskEnvelope = () => eventFixture('app-exit--failing-container-not-first');
const withDetail = (patch: Record<string, unknown>) => {
  const event = taskEnvelope();
  event.detail = { ...(event.detail as Record<string, unknown>), ...patch };
  return event;
};

describe('Function: parseEcsEvent', () => {
  it('reads the documented Fargate task event into named fields', () => {
    // Act
    const task = asTask(parseEcsEvent(eventFixture('task-transition--doc-fargate-running')));

    // Assess
    expect(task.meta).toEqual({
      id: '3317b2af-7005-947d-b652-f55e762e571a',
      source: 'aws.ecs',
      detailType: 'ECS Task State Change',
      account: '123456789012',
      region: 'us-west-2',
      time: '2020-01-23T17:57:58Z',
      resources: ['arn:aws:ecs:us-west-2:123456789012:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad'],
    });
    expect(task.clusterArn).toBe('arn:aws:ecs:us-west-2:123456789012:cluster/FargateCluster');
    expect(task.lastStatus).toBe('RUNNING');
    expect(task.group).toBe('family:sample-fargate');
    expect(task.containers).toEqual([
      expect.objectContaining({ name: 'FargateApp', lastStatus: 'RUNNING', image: expect.stringContaining('hello') }),
    ]);
    expect(task.network).toEqual({ subnetIds: ['subnet-abcd1234'], securityGroupIds: [] });
    expect(task.overrides).toEqual({ containerOverrides: [{ name: 'FargateApp' }] });
    expect(task.version).toBe(4);
  });

  it('reads networkConfiguration and tags when the event carries them', () => {
    // Act
    const withNetwork = asTask(parseEcsEvent(eventFixture('task-transition--network-configuration')));
    const withTags = asTask(parseEcsEvent(eventFixture('task-transition--provisioning-with-tags')));

    // Assess
    expect(withNetwork.network).toEqual({
      subnetIds: ['subnet-0aa', 'subnet-0bb'],
      securityGroupIds: ['sg-0cc'],
      assignPublicIp: 'DISABLED',
    });
    expect(withTags.tags).toEqual({ team: 'orders', env: 'prod' });
  });

  it('keeps old events without stopCode and short ARNs', () => {
    // Act
    const task = asTask(parseEcsEvent(eventFixture('normal-stop--2016-scale-in-no-stop-code')));

    // Assess
    expect(task.stopCode).toBeUndefined();
    expect(task.group).toBeUndefined();
    expect(task.startedBy).toBe('ecs-svc/9223370555039069146');
    expect(task.containers[0]).toMatchObject({ name: 'jobs', exitCode: 0 });
  });

  it('accepts a Spot notice without containers and a redacted account', () => {
    expect(asTask(parseEcsEvent(eventFixture('spot-interruption--doc-notice-without-containers'))).containers).toEqual(
      [],
    );
    expect(parseEcsEvent(eventFixture('task-transition--redacted-account')).meta.account).toBe('REDACTED');
  });

  it('derives the cluster from a long-form ARN when clusterArn is absent', () => {
    // Prepare
    const deployment = eventFixture('deployment-rollback--alarm');
    const instance = eventFixture('instance-draining--no-cluster-arn');
    const shortArn = eventFixture('deployment-failed--short-service-arn');

    // Act
    const parsedDeployment = parseEcsEvent(deployment) as DeploymentEvent;
    const parsedInstance = parseEcsEvent(instance) as InstanceEvent;
    const parsedShort = parseEcsEvent(shortArn) as DeploymentEvent;

    // Assess
    expect(parsedDeployment.serviceArn).toBe('arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api');
    expect(parsedDeployment.clusterArn).toBe('arn:aws:ecs:us-east-1:123456789012:cluster/prod');
    expect(parsedInstance.clusterArn).toBe('arn:aws:ecs:us-east-1:123456789012:cluster/prod');
    expect(parsedShort.kind).toBe('deployment');
    expect(parsedShort.clusterArn).toBeUndefined();
  });

  it('tolerates unknown fields, null optionals and epoch timestamps', () => {
    // Act
    const future = asTask(parseEcsEvent(eventFixture('task-transition--2026-new-fields')));
    const nulls = asTask(parseEcsEvent(withDetail({ startedAt: null, stopCode: null, version: null })));
    const epoch = asTask(parseEcsEvent(withDetail({ createdAt: 1578945467.402, stoppedAt: 1e300 })));

    // Assess
    expect(future.lastStatus).toBe('RUNNING');
    expect(nulls).not.toHaveProperty('startedAt');
    expect(nulls).not.toHaveProperty('stopCode');
    expect(epoch.createdAt).toBe('2020-01-13T19:57:47.402Z');
    expect(epoch.stoppedAt).toBe('1e+300');
  });

  it('truncates huge text with a marker and caps long container lists', () => {
    // Prepare
    const hugeReason = 'x'.repeat(300 * 1024);
    const containers = Array.from({ length: 5000 }, (_, index) => ({ name: `c${index}`, exitCode: 1 }));

    // Act
    const task = asTask(parseEcsEvent(withDetail({ stoppedReason: hugeReason, containers })));

    // Assess
    expect(task.stoppedReason?.length).toBeLessThan(MAX_TEXT_LENGTH + 40);
    expect(task.stoppedReason).toMatch(/…\[truncated 303104 chars\]$/);
    expect(task.containers).toHaveLength(MAX_LIST_LENGTH);
  });

  it('returns unsupported for a valid envelope from another source or detail-type', () => {
    expect(parseEcsEvent(eventFixture('unsupported--ec2-instance-state-change')).kind).toBe('unsupported');
    expect(parseEcsEvent(eventFixture('unsupported--ecs-unknown-detail-type')).kind).toBe('unsupported');
    expect(parseEcsEvent(eventFixture('unsupported--custom-source')).kind).toBe('unsupported');
  });

  it.each([
    // input, expected error (the field path comes first)
    ['a string', 'ECS', 'event: expected object, got string'],
    ['null', null, 'event: expected object, got null'],
    ['an array', [], 'event: expected object, got array'],
    ['no detail', { source: 'aws.ecs', 'detail-type': 'ECS Service Action' }, 'detail: required field is missing'],
    [
      'detail not an object',
      { source: 'aws.ecs', 'detail-type': 'x', detail: 'y' },
      'detail: expected object, got string',
    ],
    ['source not a string', { source: 1, 'detail-type': 'x', detail: {} }, 'source: expected string, got number'],
    [
      'resources not strings',
      { source: 'aws.ecs', 'detail-type': 'x', resources: [1], detail: {} },
      'resources[0]: expected string, got number',
    ],
  ])('returns invalid for %s', (_label, input, expected) => {
    expect(errorOf(parseEcsEvent(input))).toBe(expected);
  });

  it.each([
    // detail patch, expected error
    [
      { containers: [{ name: 'a' }, { name: 'b', exitCode: '1' }] },
      'detail.containers[1].exitCode: expected number, got string',
    ],
    [{ containers: 'web' }, 'detail.containers: expected array, got string'],
    [{ lastStatus: undefined }, 'detail.lastStatus: required field is missing'],
    [{ lastStatus: 5 }, 'detail.lastStatus: expected string, got number'],
    [{ version: '3' }, 'detail.version: expected number, got string'],
    [
      { taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/0a1b2c3d', clusterArn: undefined },
      'detail.clusterArn: required field is missing',
    ],
  ])('names the failing task field for %j', (patch, expected) => {
    expect(errorOf(parseEcsEvent(withDetail(patch)))).toBe(expected);
  });

  it('keeps readable envelope fields in the meta of an invalid event', () => {
    // Act
    const event = parseEcsEvent(eventFixture('invalid--source-not-string'));

    // Assess
    expect(event.kind).toBe('invalid');
    expect(event.meta).toMatchObject({ detailType: 'ECS Task State Change', account: '123456789012' });
    expect(event.meta).not.toHaveProperty('source');
  });

  it('never throws, even for an object whose fields throw when read', () => {
    // Prepare
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        has() {
          throw new Error('boom');
        },
      },
    );

    // Act
    const event = parseEcsEvent(hostile);

    // Assess
    expect(event.kind).toBe('invalid');
    expect(errorOf(event)).toContain('could not be read (boom)');
  });
});
