import { describe, expect, it } from 'vitest';
import type { Category } from '../../../../shared/domain/classify/types.js';
import type { RemediationPolicy } from '../../../../shared/domain/config.js';
import type { TaskEvent } from '../../../../shared/domain/events/types.js';
import {
  hourBucket,
  planInstanceRemediation,
  planTaskRemediation,
} from '../../../../shared/domain/remediation/plan.js';
import { clientTokenFor } from '../../../../shared/domain/remediation/run-task-request.js';
import {
  ACCOUNT,
  at,
  CLUSTER_ARN,
  hostLost,
  KEYS,
  REGION,
  serviceTask,
  standaloneTask,
  taskArn,
  World,
} from '../incidents/factories.js';

const POLICY: RemediationPolicy = {
  mode: 'on',
  replaceFamilies: ['nightly-batch'],
  replaceAppExit: false,
  budgetPerHour: 3,
  instanceAction: 'drain',
  network: {},
};

const TASK_DEF = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/nightly-batch:7`;

function taskEvent(extra: Partial<TaskEvent> = {}): TaskEvent {
  return {
    kind: 'task',
    meta: {
      id: 'e1',
      source: 'aws.ecs',
      detailType: 'ECS Task State Change',
      account: ACCOUNT,
      region: REGION,
      time: at(0),
      resources: [],
    },
    taskArn: taskArn('b1'),
    clusterArn: CLUSTER_ARN,
    taskDefinitionArn: TASK_DEF,
    group: 'family:nightly-batch',
    startedBy: 'events-rule/nightly',
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    lastStatus: 'STOPPED',
    containers: [],
    overrides: { containerOverrides: [{ name: 'main', command: ['run', '--date', '2026-03-02'] }] },
    network: { subnetIds: ['subnet-a'], securityGroupIds: ['sg-1'], assignPublicIp: 'DISABLED' },
    ...extra,
  };
}

const plan = (
  category: Category,
  opts: { policy?: Partial<RemediationPolicy>; event?: Partial<TaskEvent>; tagged?: boolean; family?: string } = {},
) =>
  planTaskRemediation({
    verdict: standaloneTask(category, 'b1', 0, opts.family),
    event: taskEvent(opts.event),
    policy: { ...POLICY, ...opts.policy },
    taggedOptIn: opts.tagged ?? false,
  });

describe('Function: planTaskRemediation (skips)', () => {
  it.each([
    // the global switch
    {
      name: 'mode off',
      outcome: () => plan('spot-interruption', { policy: { mode: 'off' } }),
      skipped: 'remediation off',
    },
    // the scheduler replaces service tasks
    {
      name: 'service task',
      outcome: () =>
        planTaskRemediation({
          verdict: serviceTask('spot-interruption', 't1', 0),
          event: taskEvent({ group: 'service:orders-api' }),
          policy: POLICY,
          taggedOptIn: true,
        }),
      skipped: 'service task: the ECS scheduler replaces it',
    },
    // an OOM would happen again
    { name: 'oom', outcome: () => plan('oom'), skipped: 'oom would fail again: not replaced' },
    // a bad image would fail to pull again
    { name: 'image pull', outcome: () => plan('image-pull'), skipped: 'image-pull would fail again: not replaced' },
    // a start failure (secrets, ENI) would fail again
    {
      name: 'start failure',
      outcome: () => plan('start-failure'),
      skipped: 'start-failure would fail again: not replaced',
    },
    // application errors only when the policy says so
    {
      name: 'app exit, off',
      outcome: () => plan('app-exit'),
      skipped: 'app-exit is not replaced (replaceAppExit is off)',
    },
    // health checks aren't a transient cause
    {
      name: 'health check',
      outcome: () => plan('health-check'),
      skipped: 'health-check is not a transient cause: not replaced',
    },
    // a family not in the list, no tag
    {
      name: 'not opted in',
      outcome: () => plan('spot-interruption', { family: 'adhoc' }),
      skipped: 'not opted in (family adhoc)',
    },
    // nothing to copy
    {
      name: 'no task definition',
      outcome: () => plan('spot-interruption', { event: { taskDefinitionArn: undefined } }),
      skipped: 'the event names no task definition',
    },
    // budget zero means never
    {
      name: 'zero budget',
      outcome: () => plan('spot-interruption', { policy: { budgetPerHour: 0 } }),
      skipped: 'replacement budget is 0 per hour',
    },
    // Fargate needs a network
    {
      name: 'Fargate without network',
      outcome: () => plan('spot-interruption', { event: { network: undefined } }),
      skipped: 'no network settings for a Fargate replacement in cluster prod',
    },
  ])('$name → "$skipped"', ({ outcome, skipped }) => {
    const result = outcome();
    expect(result.plan).toBeUndefined();
    expect(result.skipped).toBe(skipped);
    expect(result.scope).toBe('task');
  });
});

describe('Function: planTaskRemediation (plans)', () => {
  it.each([
    // Spot reclaimed the capacity
    { category: 'spot-interruption' as const },
    // the EC2 host went away
    { category: 'instance-loss' as const },
    // Fargate retired the task
    { category: 'maintenance' as const },
  ])('replaces an opted-in standalone task after $category', ({ category }) => {
    // Act
    const outcome = plan(category);
    // Assess
    expect(outcome.skipped).toBeUndefined();
    expect(outcome.plan).toMatchObject({
      action: 'run-task',
      target: taskArn('b1'),
      cluster: CLUSTER_ARN,
      subject: 'nightly-batch',
      claimKey: `run-task#${taskArn('b1')}`,
      budgetKey: `budget#${ACCOUNT}/${REGION}/nightly-batch#2026-03-02T10`,
      budgetLimit: 3,
      clientToken: clientTokenFor(taskArn('b1')),
      mode: 'on',
    });
    expect(outcome.plan?.request).toEqual({
      cluster: CLUSTER_ARN,
      taskDefinition: TASK_DEF,
      clientToken: clientTokenFor(taskArn('b1')),
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      group: 'family:nightly-batch',
      overrides: { containerOverrides: [{ name: 'main', command: ['run', '--date', '2026-03-02'] }] },
      network: { subnetIds: ['subnet-a'], securityGroupIds: ['sg-1'], assignPublicIp: 'DISABLED' },
      startedBy: 'ecs-lookout',
    });
  });

  it.each([
    // opted in by the tag the use case looked up
    { name: 'tag looked up', opts: { family: 'adhoc', tagged: true } },
    // opted in by the tag carried in the event
    { name: 'tag in the event', opts: { family: 'adhoc', event: { tags: { 'ecs-lookout:replace': 'true' } } } },
    // application errors when replaceAppExit is on
    { name: 'app exit allowed', opts: { policy: { replaceAppExit: true } } },
  ])('plans when $name', ({ opts }) => {
    const category = opts.policy?.replaceAppExit ? 'app-exit' : 'spot-interruption';
    expect(plan(category, opts).plan?.action).toBe('run-task');
  });

  it('plans in dry-run mode without changing the request', () => {
    const outcome = plan('spot-interruption', { policy: { mode: 'dry-run' } });
    expect(outcome.plan?.mode).toBe('dry-run');
    expect(outcome.plan?.request?.clientToken).toBe(clientTokenFor(taskArn('b1')));
  });

  it.each([
    // Fargate Spot: capacity provider only, never together with a launch type
    {
      event: { capacityProviderName: 'FARGATE_SPOT', launchType: 'FARGATE' },
      capacityProviderName: 'FARGATE_SPOT',
      launchType: undefined,
    },
    // an EC2 capacity provider wins over the EC2 launch type
    {
      event: { capacityProviderName: 'asg-cp', launchType: 'EC2', network: undefined },
      capacityProviderName: 'asg-cp',
      launchType: undefined,
    },
    // plain launch type
    {
      event: { capacityProviderName: undefined, launchType: 'EC2', network: undefined },
      capacityProviderName: undefined,
      launchType: 'EC2',
    },
  ])('capacity: $event.capacityProviderName / $event.launchType', ({ event, capacityProviderName, launchType }) => {
    const request = plan('spot-interruption', { event }).plan?.request;
    expect(request?.capacityProviderName).toBe(capacityProviderName);
    expect(request?.launchType).toBe(launchType);
  });

  it.each<{ name: string; event: Partial<TaskEvent>; network: RemediationPolicy['network']; expected: unknown }>([
    // the event's own complete network wins
    {
      name: 'event network',
      event: {},
      network: { prod: { subnets: ['subnet-cfg'], securityGroups: ['sg-cfg'] } },
      expected: { subnetIds: ['subnet-a'], securityGroupIds: ['sg-1'], assignPublicIp: 'DISABLED' },
    },
    // an ENI attachment names only a subnet: the cluster's configured network wins
    {
      name: 'configured network over a partial one',
      event: { network: { subnetIds: ['subnet-a'], securityGroupIds: [] } },
      network: { prod: { subnets: ['subnet-cfg'], securityGroups: ['sg-cfg'], assignPublicIp: 'ENABLED' } },
      expected: { subnetIds: ['subnet-cfg'], securityGroupIds: ['sg-cfg'], assignPublicIp: 'ENABLED' },
    },
    // no configuration: the subnet alone (VPC default security group)
    {
      name: 'partial event network alone',
      event: { network: { subnetIds: ['subnet-a'], securityGroupIds: [] } },
      network: {},
      expected: { subnetIds: ['subnet-a'], securityGroupIds: [] },
    },
    // EC2 bridge tasks have none
    { name: 'EC2 bridge', event: { network: undefined, launchType: 'EC2' }, network: {}, expected: undefined },
    // ...even where the cluster has a configured network (for its Fargate tasks): RunTask rejects one for bridge mode
    {
      name: 'EC2 bridge in a cluster with a configured network',
      event: { network: undefined, launchType: 'EC2' },
      network: { prod: { subnets: ['subnet-cfg'], securityGroups: ['sg-cfg'] } },
      expected: undefined,
    },
  ])('network: $name', ({ event, network, expected }) => {
    expect(plan('spot-interruption', { event, policy: { network } }).plan?.request?.network).toEqual(expected);
  });

  it.each([
    // same hour, same bucket
    { time: '2026-03-02T10:59:59Z', bucket: '2026-03-02T10' },
    // next hour, next bucket
    { time: '2026-03-02T11:00:00Z', bucket: '2026-03-02T11' },
    // offsets normalised to UTC
    { time: '2026-03-02T12:30:00+02:00', bucket: '2026-03-02T10' },
  ])('budget bucket of $time is $bucket', ({ time, bucket }) => {
    const verdict = standaloneTask('spot-interruption', 'b1', 0);
    verdict.facts.time = time;
    const outcome = planTaskRemediation({ verdict, event: taskEvent(), policy: POLICY, taggedOptIn: false });
    expect(outcome.plan?.budgetKey).toBe(`budget#${ACCOUNT}/${REGION}/nightly-batch#${bucket}`);
  });
});

describe('Function: clientTokenFor', () => {
  it.each([
    // long-form ARN
    taskArn('0123456789abcdef0123456789abcdef'),
    // short-form ARN
    `arn:aws:ecs:${REGION}:${ACCOUNT}:task/5e1b4f2a-1111-2222-3333-444455556666`,
    // anything else, however long or odd
    `not-an-arn ✓ ${'x'.repeat(500)}`,
  ])('is deterministic, 64 chars of ASCII 33–126: %s', (arn) => {
    const token = clientTokenFor(arn);
    expect(token).toBe(clientTokenFor(arn));
    expect(token.length).toBeLessThanOrEqual(64);
    expect([...token].every((c) => c.charCodeAt(0) >= 33 && c.charCodeAt(0) <= 126)).toBe(true);
  });

  it('differs between tasks', () => {
    expect(clientTokenFor(taskArn('a'))).not.toBe(clientTokenFor(taskArn('b')));
  });
});

describe('Function: planInstanceRemediation', () => {
  const world = new World();
  world.play(hostLost('t1', 'ci1', 0));
  const incident = world.incident(KEYS.instance('ci1'));

  it.each([
    // drain is the gentle step
    { action: 'drain' as const, expected: 'drain-instance' },
    // deregister makes the scheduler move tasks at once
    { action: 'deregister' as const, expected: 'deregister-instance' },
  ])('$action → $expected', ({ action, expected }) => {
    const outcome = planInstanceRemediation({ incident, policy: { ...POLICY, instanceAction: action } });
    expect(outcome.plan).toMatchObject({
      action: expected,
      target: incident.subject.name,
      cluster: 'prod',
      claimKey: `instance#${incident.subject.name}#${incident.openedAt}`,
      budgetKey: `budget#${ACCOUNT}/${REGION}/prod/instances#2026-03-02T10`,
      budgetLimit: 3,
      mode: 'on',
    });
  });

  it.each([
    // the switch
    { policy: { mode: 'off' as const }, skipped: 'remediation off' },
    // configured to only alert
    { policy: { instanceAction: 'none' as const }, skipped: 'instance action is none' },
    // no budget
    { policy: { budgetPerHour: 0 }, skipped: 'remediation budget is 0 per hour' },
  ])('skips: $skipped', ({ policy, skipped }) => {
    expect(planInstanceRemediation({ incident, policy: { ...POLICY, ...policy } })).toEqual({
      skipped,
      scope: 'instance',
    });
  });

  it('refuses incidents that are not about a lost instance', () => {
    const tasks = new World();
    tasks.play(serviceTask('oom', 't1', 0));
    const outcome = planInstanceRemediation({ incident: tasks.incident(KEYS.tasks), policy: POLICY });
    expect(outcome.skipped).toBe('not a lost-instance incident');
  });

  it('plans a dry run in dry-run mode', () => {
    expect(planInstanceRemediation({ incident, policy: { ...POLICY, mode: 'dry-run' } }).plan?.mode).toBe('dry-run');
  });
});

describe('Function: hourBucket (the budget hour of a time)', () => {
  it.each([
    ['a toISOString time', '2026-11-27T08:59:59.999Z', '2026-11-27T08'],
    ["EventBridge's shape", '2026-11-27T08:00:25Z', '2026-11-27T08'],
    ['another offset, read as UTC', '2026-11-27T08:30:00+02:00', '2026-11-27T06'],
    ['an unreadable time', 'yesterday', undefined],
  ])('%s', (_name, time, expected) => {
    expect(hourBucket(time)).toBe(expected);
  });
});
