import { describe, expect, it } from 'vitest';
import type { Facts } from '../../../../shared/domain/classify/types.js';
import { decide } from '../../../../shared/domain/incidents/decide.js';
import type { DeploymentRecord } from '../../../../shared/domain/incidents/types.js';
import {
  ACCOUNT,
  at,
  CLUSTER,
  deploymentEvent,
  inputFor,
  KEYS,
  REGION,
  SERVICE,
  serviceAction,
  serviceTask,
  World,
} from './factories.js';

const record = (state: DeploymentRecord['state'], deploymentId = 'ecs-svc/3', since = at(0)): DeploymentRecord => ({
  cluster: `${ACCOUNT}/${REGION}/${CLUSTER}`,
  service: SERVICE,
  deploymentId,
  state,
  since,
  rev: 1,
});

describe('Function: decide (deployment in progress)', () => {
  it.each<{ name: string; facts: Partial<Facts>; category?: 'app-exit' | 'oom'; reason: string }>([
    // an old task killed with SIGKILL after the stop timeout
    { name: 'old task, exit 137', facts: { exitCode: 137 }, reason: 'inhibited' },
    // an old task stopped with SIGTERM
    { name: 'old task, exit 143', facts: { exitCode: 143 }, reason: 'inhibited' },
    // an old task whose container never reported an exit code
    { name: 'old task, no exit code', facts: { exitCode: undefined }, reason: 'inhibited' },
    // an old task that crashed on its own is still a failure
    { name: 'old task, exit 1', facts: { exitCode: 1 }, reason: 'first' },
    // an OOM is a failure even on an old task
    { name: 'old task, oom', facts: { exitCode: 137 }, category: 'oom', reason: 'first' },
    // a task of the new deployment failing is a failure
    { name: 'new task, exit 137', facts: { exitCode: 137, startedBy: 'ecs-svc/3' }, reason: 'first' },
    // without startedBy we can't tell old from new: alert rather than hide
    { name: 'unknown owner', facts: { exitCode: 137, startedBy: undefined }, reason: 'first' },
    // a stop from before the deployment began isn't deployment churn
    { name: 'before the deployment', facts: { exitCode: 137, time: at(-1) }, reason: 'first' },
  ])('$name → $reason', ({ facts, category, reason }) => {
    // Prepare
    const v = serviceTask(category ?? 'app-exit', 't1', 1, { startedBy: 'ecs-svc/1', ...facts });
    // Act
    const output = decide(inputFor(v, { deployment: record('in-progress') }));
    // Assess
    expect(output.decision.reason).toBe(reason);
    if (reason === 'inhibited') {
      expect(output.decision.detail).toBe('old task stopped during deployment ecs-svc/3');
      expect(output.incidents).toEqual([]);
      expect(output.alerts).toEqual([]);
    }
  });

  it('is not inhibited once the deployment completed', () => {
    const v = serviceTask('app-exit', 't1', 1, { startedBy: 'ecs-svc/1', exitCode: 137 });
    expect(decide(inputFor(v, { deployment: record('completed') })).decision.reason).toBe('first');
  });
});

describe('Function: decide (one incident per deployment episode)', () => {
  function failedDeployment(): World {
    const world = new World();
    world.play(deploymentEvent('deployment-started', 'ecs-svc/2', 0));
    world.playAll([1, 2].map((m) => serviceTask('start-failure', `t${m}`, m, { startedBy: 'ecs-svc/2' })));
    world.play(deploymentEvent('deployment-failed', 'ecs-svc/2', 3));
    return world;
  }

  it("opens the deployment's incident at its first failure and escalates it when the deployment fails", () => {
    // Act
    const world = failedDeployment();
    const [, first, second, failed] = world.outputs;
    // Assess
    expect(first!.decision).toMatchObject({ reason: 'first', transition: 'opened', incidentKey: KEYS.deployment });
    expect(second!.decision).toMatchObject({ reason: 'deduplicated', incidentKey: KEYS.deployment });
    expect(failed!.decision).toMatchObject({ reason: 'escalated', transition: 'escalated' });
    expect(failed!.alerts).toEqual([{ incidentKey: KEYS.deployment, transition: 'escalated' }]);
    expect(world.incident(KEYS.deployment)).toMatchObject({
      status: 'open',
      severity: 'critical',
      deploymentId: 'ecs-svc/2',
      countsByCategory: { 'start-failure': 2, 'deployment-failed': 1 },
    });
    expect(world.incidents.has(KEYS.tasks)).toBe(false);
    expect(world.deployments.get(`${ACCOUNT}/${REGION}/prod/orders-api`)).toMatchObject({
      state: 'failed',
      deploymentId: 'ecs-svc/2',
    });
  });

  it.each([
    // a later task of the failed deployment is counted into it
    { name: 'task of the failed deployment', facts: { startedBy: 'ecs-svc/2' }, absorbed: 1 },
    // any task failure of the service while the deployment incident is open and failed
    { name: 'another task of the service', facts: { startedBy: 'ecs-svc/1' }, absorbed: 1 },
  ])('$name → inhibited, absorbed = $absorbed', ({ facts, absorbed }) => {
    // Prepare
    const world = failedDeployment();
    // Act
    const output = world.play(serviceTask('app-exit', 't9', 4, facts));
    // Assess
    expect(output.decision).toMatchObject({ reason: 'inhibited', incidentKey: KEYS.deployment });
    expect(output.alerts).toEqual([]);
    expect(world.incident(KEYS.deployment).absorbed).toBe(absorbed);
  });

  it('counts a task once even when its STOPPING and STOPPED events both arrive', () => {
    const world = failedDeployment();
    world.play(serviceTask('app-exit', 't9', 4, { version: 3 }));
    const again = world.play(serviceTask('app-exit', 't9', 4, { version: 4 }));
    expect(again.decision.reason).toBe('inhibited');
    expect(again.incidents).toEqual([]);
    expect(world.incident(KEYS.deployment).absorbed).toBe(1);
  });

  it('joins a rollback into the open incident and keeps inhibiting until the rollback completes', () => {
    // Prepare
    const world = failedDeployment();
    // Act
    const reasons = world.playAll([
      deploymentEvent('deployment-rollback', 'ecs-svc/5', 4),
      serviceTask('health-check', 't10', 5, { startedBy: 'ecs-svc/5' }),
      deploymentEvent('deployment-completed', 'ecs-svc/5', 9),
      serviceTask('oom', 't11', 20, { startedBy: 'ecs-svc/5' }),
    ]);
    // Assess
    expect(reasons).toEqual(['deduplicated', 'inhibited', 'resolved', 'first']);
    expect(world.incident(KEYS.deployment)).toMatchObject({
      status: 'resolved',
      absorbed: 1,
      totalFailures: 4,
      resolution: 'rollback completed (deployment ecs-svc/5)',
    });
    expect(world.incident(KEYS.tasks)).toMatchObject({ status: 'open', totalFailures: 1, category: 'oom' });
  });

  it.each([
    // within the episode: absorbed
    { name: 'a crash 10 min after the failure', minute: 13, quiet: false, reason: 'inhibited', opened: false },
    // the tasks of a failed deployment without rollback crash 45 min later: a new failure, it pages
    { name: 'a crash 45 min after the failure', minute: 48, quiet: false, reason: 'first', opened: true },
    // the deployment incident went quiet (resolved) and a task crashes afterwards: it pages
    { name: 'a crash after the incident closed', minute: 48, quiet: true, reason: 'first', opened: true },
    // a late event of a task that failed before the incident closed: part of the episode, not re-paged
    { name: 'a late event from before the close', minute: 20, quiet: true, reason: 'inhibited', opened: false },
  ])('$name → $reason', ({ minute, quiet, reason, opened }) => {
    const world = failedDeployment();
    if (quiet) {
      const incident = world.incident(KEYS.deployment);
      world.incidents.set(KEYS.deployment, {
        ...incident,
        status: 'resolved',
        resolvedAt: at(33),
        resolvedBy: 'quiet',
      });
    }
    const output = world.play(serviceTask('app-exit', 't9', minute, { startedBy: 'ecs-svc/2' }));
    expect(output.decision.reason).toBe(reason);
    expect(output.alerts).toEqual(opened ? [{ incidentKey: KEYS.tasks, transition: 'opened' }] : []);
  });

  it.each([
    // a task failure from before the rollback completed, delivered after it (another function's queue)
    { name: 'failure at 2, delivered after the rollback completed at 5', minute: 2, reason: 'inhibited' },
    { name: 'failure at 5 (the completion itself)', minute: 5, reason: 'inhibited' },
    // after the episode ended: a new failure
    { name: 'failure at 6, after the rollback completed', minute: 6, reason: 'first' },
    // before the deployment began: not its episode, a failure of its own
    { name: 'failure 20 min before the deployment failed', minute: -17, reason: 'first' },
  ])('$name → $reason', ({ minute, reason }) => {
    const world = failedDeployment();
    world.play(deploymentEvent('deployment-rollback', 'ecs-svc/5', 4));
    world.play(deploymentEvent('deployment-completed', 'ecs-svc/5', 5));
    expect(world.incident(KEYS.deployment)).toMatchObject({ status: 'resolved', resolvedBy: 'event' });
    const output = world.play(serviceTask('image-pull', 't20', minute, { startedBy: 'ecs-svc/2' }));
    expect(output.decision.reason).toBe(reason);
  });

  it.each([
    // "tasks failing to start" from before the rollback completed, delivered after it
    { name: 'start impaired at 2, delivered after the completion at 5', minute: 2, reason: 'inhibited' },
    // after the episode ended: a new problem
    { name: 'start impaired at 6', minute: 6, reason: 'first' },
  ])('$name → $reason', ({ minute, reason }) => {
    const world = failedDeployment();
    world.play(deploymentEvent('deployment-completed', 'ecs-svc/5', 5));
    expect(world.play(serviceAction('start-impaired', minute)).decision.reason).toBe(reason);
  });

  it('counts a service signal during the failed deployment into its incident instead of paging again', () => {
    const world = failedDeployment();
    const output = world.play(serviceAction('start-impaired', 4));
    expect(output.decision).toMatchObject({ reason: 'inhibited', incidentKey: KEYS.deployment });
    expect(output.alerts).toEqual([]);
    expect(world.incident(KEYS.deployment).absorbed).toBe(1);
  });

  it('pages a crash of a failed deployment with no deployment incident (below the alert threshold)', () => {
    const deployment = record('failed', 'ecs-svc/2');
    const output = decide(inputFor(serviceTask('app-exit', 't1', 50, { startedBy: 'ecs-svc/2' }), { deployment }));
    expect(output.decision.reason).toBe('first');
  });
});

describe('Function: decide (deployment record)', () => {
  it.each<{ name: string; current?: DeploymentRecord; event: ReturnType<typeof deploymentEvent>; expected: unknown }>([
    // the first start is recorded
    {
      name: 'first start',
      event: deploymentEvent('deployment-started', 'ecs-svc/3', 1),
      expected: { state: 'in-progress', deploymentId: 'ecs-svc/3', since: at(1), rev: 1 },
    },
    // the same start again changes nothing
    {
      name: 'same start again',
      current: record('in-progress'),
      event: deploymentEvent('deployment-started', 'ecs-svc/3', 1),
      expected: undefined,
    },
    // a newer deployment replaces the record
    {
      name: 'newer start',
      current: record('completed'),
      event: deploymentEvent('deployment-started', 'ecs-svc/4', 5),
      expected: { state: 'in-progress', deploymentId: 'ecs-svc/4', rev: 2 },
    },
    // older news never overwrites newer
    {
      name: 'older start delivered late',
      current: record('in-progress', 'ecs-svc/4', at(5)),
      event: deploymentEvent('deployment-started', 'ecs-svc/3', 1),
      expected: undefined,
    },
    // a deployment's own end wins over its in-progress record even with skewed times
    {
      name: 'own completion, earlier time',
      current: record('in-progress', 'ecs-svc/3', at(5)),
      event: deploymentEvent('deployment-completed', 'ecs-svc/3', 4),
      expected: { state: 'completed', deploymentId: 'ecs-svc/3', rev: 2 },
    },
  ])('$name', ({ current, event, expected }) => {
    const output = decide(inputFor(event, current ? { deployment: current } : {}));
    if (expected === undefined) expect(output.deployment).toBeUndefined();
    else expect(output.deployment).toMatchObject(expected as object);
  });

  it('records a rollback even when configured below the alert threshold', () => {
    const event = { ...deploymentEvent('deployment-rollback', 'ecs-svc/5', 2), severity: 'info' as const };
    const output = decide(inputFor(event, { deployment: record('failed', 'ecs-svc/2') }));
    expect(output.decision.reason).toBe('below-threshold');
    expect(output.deployment).toMatchObject({ state: 'rollback', deploymentId: 'ecs-svc/5' });
  });
});
