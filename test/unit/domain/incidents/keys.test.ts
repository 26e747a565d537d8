import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/classify/index.js';
import { parseEcsEvent } from '../../../../shared/domain/events/parse.js';
import { stateKeysFor } from '../../../../shared/domain/incidents/decide.js';
import { dedupKeyFor, dedupKeyText } from '../../../../shared/domain/incidents/dedup.js';
import { incidentKeyFor, instanceIncidentKey } from '../../../../shared/domain/incidents/keys.js';
import { eventFixture } from '../event-fixtures.js';
import {
  ACCOUNT,
  CLUSTER,
  deploymentEvent,
  hostLost,
  instanceArn,
  instanceEvent,
  KEYS,
  REGION,
  SERVICE,
  SERVICE_ARN,
  serviceAction,
  serviceTask,
  standaloneTask,
  taskArn,
  verdict,
} from './factories.js';

describe('Function: incidentKeyFor', () => {
  it.each([
    // a service task failure groups by service
    {
      v: serviceTask('oom', 't1', 0),
      key: KEYS.tasks,
      group: 'task-failure',
      subject: { kind: 'service', name: 'orders-api' },
    },
    // a standalone task groups by family
    {
      v: standaloneTask('app-exit', 'b1', 0),
      key: KEYS.family('nightly-batch'),
      group: 'task-failure',
      subject: { kind: 'family', name: 'nightly-batch' },
    },
    // a host-terminated task folds into the instance
    {
      v: hostLost('t1', 'ci1', 0),
      key: KEYS.instance('ci1'),
      group: 'instance-lost',
      subject: { kind: 'instance', name: instanceArn('ci1') },
    },
    // instance-loss without an instance ARN (Fargate) stays a task failure
    {
      v: serviceTask('instance-loss', 't1', 0),
      key: KEYS.tasks,
      group: 'task-failure',
      subject: { kind: 'service', name: 'orders-api' },
    },
    // instance events key on the container instance
    {
      v: instanceEvent('instance-disconnected', 'ci1', 0),
      key: KEYS.instance('ci1'),
      group: 'instance-lost',
      subject: { kind: 'instance', name: instanceArn('ci1') },
    },
    // deployment events key on the service
    {
      v: deploymentEvent('deployment-failed', 'ecs-svc/2', 0),
      key: KEYS.deployment,
      group: 'deployment',
      subject: { kind: 'service', name: 'orders-api' },
    },
    // service actions key on the service's health
    {
      v: serviceAction('start-impaired', 0),
      key: KEYS.health,
      group: 'service-health',
      subject: { kind: 'service', name: 'orders-api' },
    },
    // the service name is read from the service ARN when the facts lack it
    {
      v: verdict('placement-failure', { resourceArn: SERVICE_ARN }),
      key: KEYS.health,
      group: 'service-health',
      subject: { kind: 'service', name: 'orders-api' },
    },
  ])('$key for $v.category', ({ v, key, group, subject }) => {
    // Act
    const target = incidentKeyFor(v);
    // Assess
    expect(target).toMatchObject({ key, group, subject, account: ACCOUNT, region: REGION, cluster: CLUSTER });
  });

  it.each([
    // churn has no incident
    serviceTask('normal-stop', 't1', 0),
    // nor does a task transition
    serviceTask('task-transition', 't1', 0),
    // malformed input
    verdict('invalid', {}, 'none'),
  ])('undefined for $category', (v) => {
    expect(incidentKeyFor(v)).toBeUndefined();
  });

  it.each([
    // the family from a `family:` group when the task definition is unknown
    { group: 'family:nightly', name: 'nightly' },
    // neither: still grouped (and alerted), under "unknown"
    { group: undefined, name: 'unknown' },
    // a custom group isn't a family name
    { group: 'batch-jobs', name: 'unknown' },
  ])('groups a task without family by group $group → $name', ({ group, name }) => {
    const v = verdict('oom', { taskArn: taskArn('x'), standalone: true, group });
    expect(incidentKeyFor(v)?.subject).toEqual({ kind: 'family', name });
  });

  it('uses the same key for a pending disconnect as for the instance events', () => {
    // Prepare
    const pending = {
      containerInstanceArn: instanceArn('ci1'),
      cluster: CLUSTER,
      account: ACCOUNT,
      region: REGION,
      disconnectedAt: 'x',
      dueAt: 'y',
    };
    // Act / Assess
    expect(instanceIncidentKey(pending)).toBe(incidentKeyFor(instanceEvent('instance-connected', 'ci1', 0))?.key);
  });

  it('keeps subjects of the same name apart by account, Region, cluster and kind (targets are shared per subject)', () => {
    // Prepare: one name, seen first as the service, then in other scopes and as a family
    const here = serviceTask('oom', 't1', 0);
    const elsewhere = [
      serviceTask('oom', 't2', 0, { account: '210987654321' }),
      serviceTask('oom', 't3', 0, { region: 'eu-west-1' }),
      serviceTask('oom', 't4', 0, { cluster: 'staging' }),
      verdict('oom', { taskArn: taskArn('t5'), standalone: true, family: SERVICE }),
    ];
    // Act
    const first = incidentKeyFor(here);
    const again = incidentKeyFor(serviceTask('app-exit', 't6', 1));
    const others = elsewhere.map((v) => incidentKeyFor(v)?.key);
    // Assess
    expect(again).toEqual(first);
    expect(others).toEqual([
      `210987654321/${REGION}/${CLUSTER}/service/${SERVICE}/task-failure`,
      `${ACCOUNT}/eu-west-1/${CLUSTER}/service/${SERVICE}/task-failure`,
      `${ACCOUNT}/${REGION}/staging/service/${SERVICE}/task-failure`,
      `${ACCOUNT}/${REGION}/${CLUSTER}/family/${SERVICE}/task-failure`,
    ]);
    expect(stateKeysFor(serviceTask('oom', 't7', 0, { cluster: 'staging' })).deployment).toEqual({
      cluster: `${ACCOUNT}/${REGION}/staging`,
      service: SERVICE,
    });
  });

  it('falls back to "-" for missing scope parts instead of failing', () => {
    const v = verdict('oom', { account: '', region: '', cluster: undefined, clusterArn: undefined, family: 'f' });
    expect(incidentKeyFor(v)?.key).toBe('-/-/-/family/f/task-failure');
  });
});

describe('Function: stateKeysFor', () => {
  it.each([
    // a service task failure needs every incident of the service's episode and the deployment record
    {
      v: serviceTask('app-exit', 't1', 0),
      keys: [KEYS.tasks, KEYS.deployment, KEYS.health],
      deployment: true,
      pending: undefined,
    },
    // a standalone failure needs only its family incident
    { v: standaloneTask('oom', 'b1', 0), keys: [KEYS.family('nightly-batch')], deployment: false, pending: undefined },
    // a deployment event needs every incident of the service's episode (join, resolve)
    {
      v: deploymentEvent('deployment-failed', 'ecs-svc/2', 0),
      keys: [KEYS.deployment, KEYS.tasks, KEYS.health],
      deployment: true,
      pending: undefined,
    },
    // steady state resolves tasks and service health
    { v: serviceAction('service-steady', 0), keys: [KEYS.health, KEYS.tasks], deployment: false, pending: undefined },
    // instance events need the pending disconnect
    {
      v: instanceEvent('instance-connected', 'ci1', 0),
      keys: [KEYS.instance('ci1')],
      deployment: false,
      pending: instanceArn('ci1'),
    },
    // a host-terminated task clears the instance's pending disconnect
    { v: hostLost('t1', 'ci1', 0), keys: [KEYS.instance('ci1')], deployment: false, pending: instanceArn('ci1') },
    // nothing for churn
    { v: serviceTask('normal-stop', 't1', 0), keys: [], deployment: false, pending: undefined },
  ])('$v.category → $keys', ({ v, keys, deployment, pending }) => {
    // Act
    const state = stateKeysFor(v);
    // Assess
    expect([...state.incidentKeys].sort()).toEqual([...keys].sort());
    // Deployment records are per account and Region: every account has its own `prod`.
    const cluster = `${ACCOUNT}/${REGION}/${CLUSTER}`;
    expect(state.deployment).toEqual(deployment ? { cluster, service: 'orders-api' } : undefined);
    expect(state.pendingInstanceArn).toBe(pending);
  });
});

describe('Function: dedupKeyFor', () => {
  it.each([
    // task events dedup on ARN + version
    {
      v: serviceTask('oom', 't1', 0, { version: 7 }),
      expected: { kind: 'versioned', resourceArn: taskArn('t1'), version: 7 },
    },
    // instance events too
    {
      v: instanceEvent('instance-disconnected', 'ci1', 0, 4),
      expected: { kind: 'versioned', resourceArn: instanceArn('ci1'), version: 4 },
    },
    // an old task event without a version falls back to state + time
    {
      v: serviceTask('oom', 't1', 0, { version: undefined }),
      expected: { kind: 'once', key: `once#${taskArn('t1')}#oom#2026-03-02T10:00:00.000Z` },
    },
    // service actions have no version: service, name, time
    {
      v: serviceAction('service-steady', 0),
      expected: { kind: 'once', key: `once#${SERVICE_ARN}#service-steady##2026-03-02T10:00:00.000Z#` },
    },
    // deployment transitions: service, category, name, time (no deployment id: the Service Action twin has none)
    {
      v: deploymentEvent('deployment-failed', 'ecs-svc/2', 0),
      expected: {
        kind: 'once',
        key: `once#${SERVICE_ARN}#deployment-failed#deployment-failed#2026-03-02T10:00:00.000Z`,
      },
    },
    // nothing identifies an invalid event
    { v: verdict('invalid', {}, 'none'), expected: { kind: 'none' } },
    // nor an event without a time
    { v: serviceTask('oom', 't1', 0, { time: '' }), expected: { kind: 'none' } },
  ])('$v.category → $expected.kind', ({ v, expected }) => {
    expect(dedupKeyFor(v)).toEqual(expected);
  });

  it('gives a deployment transition one key under both detail-types, whatever their event ids', () => {
    // Prepare: the same failure as an ECS Deployment State Change and as an ECS Service Action
    const asDeployment = classify(parseEcsEvent(eventFixture('deployment-failed--doc-example')));
    const asServiceAction = classify(parseEcsEvent(eventFixture('deployment-failed--as-service-action')));

    // Act
    const keys = [dedupKeyFor(asDeployment, 'ev-deployment'), dedupKeyFor(asServiceAction, 'ev-service-action')];

    // Assess
    expect(keys[0]).toEqual(keys[1]);
    expect(keys[0]?.kind).toBe('once');
  });

  it('adds the event id to a once-key when the caller has it', () => {
    const key = dedupKeyFor(serviceAction('placement-failure', 0), 'ev-1');
    expect(key.kind === 'once' && key.key.endsWith('#ev-1')).toBe(true);
  });

  it.each([
    // versioned → ARN#version
    { key: { kind: 'versioned', resourceArn: 'arn:x', version: 3 } as const, text: 'arn:x#3' },
    // once → the key
    { key: { kind: 'once', key: 'once#k' } as const, text: 'once#k' },
    // none → empty
    { key: { kind: 'none' } as const, text: '' },
  ])('dedupKeyText($key.kind) = "$text"', ({ key, text }) => {
    expect(dedupKeyText(key)).toBe(text);
  });
});
