import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { breakerThreshold } from '../../../../shared/simulator/fleet/services.js';
import type { ServiceSpec } from '../../../../shared/simulator/types.js';
import { at, detail, fleetOf, oneCluster } from './fleet-test-kit.js';

const deploymentEvents = (events: ReturnType<ReturnType<typeof fleetOf>['advanceTo']>) =>
  events.filter((e) => e['detail-type'] === 'ECS Deployment State Change').map(detail);

const service = (extra: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name: 'web',
  desired: 4,
  launchType: 'FARGATE',
  circuitBreaker: { rollback: true },
  ...extra,
});

describe('circuit-breaker threshold', () => {
  it.each([
    [1, 3],
    [4, 3],
    [7, 4],
    [20, 10],
    [1000, 200],
  ])('desired %i trips after %i consecutive failures', (desired, threshold) => {
    expect(breakerThreshold(desired)).toBe(threshold);
  });
});

describe('rolling deployments', () => {
  it('a good deployment starts new tasks, stops the old ones and completes with steady state', async () => {
    const fleet = fleetOf(oneCluster({ services: [service()] }), [
      { at: '00:01', do: 'deploy', cluster: 'prod', service: 'web', outcome: 'good' },
    ]);
    const events = fleet.advanceTo(at(15));
    const names = deploymentEvents(events).map((d) => d.eventName);
    expect(names).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED']);
    const stopped = events.map(detail).filter((d) => d.lastStatus === 'STOPPED');
    expect(stopped).toHaveLength(4);
    const newId = deploymentEvents(events)[0].deploymentId;
    for (const task of stopped) expect(task.stoppedReason).toBe(`Scaling activity initiated by (deployment ${newId})`);
    const completedAt = events.findIndex((e) => detail(e).eventName === 'SERVICE_DEPLOYMENT_COMPLETED');
    expect(detail(events[completedAt + 1] as (typeof events)[number]).eventName).toBe('SERVICE_STEADY_STATE');
    const out = await fleet.ecsClient().send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }));
    expect(out.services?.[0]).toMatchObject({ desiredCount: 4, runningCount: 4, pendingCount: 0 });
    expect(out.services?.[0]?.deployments?.map((d) => [d.id, d.rolloutState])).toEqual([[newId, 'COMPLETED']]);
  });

  it.each(['image-pull', 'crash'] as const)(
    'a %s deployment trips the breaker at the threshold and rolls back to the previous deployment',
    async (outcome) => {
      const fleet = fleetOf(oneCluster({ services: [service()] }), [
        { at: '00:01', do: 'deploy', cluster: 'prod', service: 'web', outcome },
      ]);
      const client = fleet.ecsClient();
      const before = await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }));
      const previous = before.services?.[0]?.deployments?.[0]?.id;
      const events = fleet.advanceTo(at(40));
      const deployments = deploymentEvents(events);
      expect(deployments.map((d) => d.eventName)).toEqual([
        'SERVICE_DEPLOYMENT_IN_PROGRESS',
        'SERVICE_DEPLOYMENT_FAILED',
        'SERVICE_DEPLOYMENT_IN_PROGRESS',
        'SERVICE_DEPLOYMENT_COMPLETED',
      ]);
      expect(deployments[1].deploymentId).toBe(deployments[0].deploymentId);
      expect(deployments[2].reason).toBe(`ECS deployment circuit breaker: rolling back to deploymentId ${previous}.`);
      const failedBeforeTrip = fleet.history.filter(
        (h) =>
          h.kind === 'task-stopped' &&
          ['image-pull', 'crash-loop'].includes(h.stopCause) &&
          h.at <= Date.parse(deployments[1].updatedAt),
      );
      expect(failedBeforeTrip).toHaveLength(breakerThreshold(4));
      const after = await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }));
      expect(after.services?.[0]).toMatchObject({
        runningCount: 4,
        taskDefinition: before.services?.[0]?.taskDefinition,
      });
    },
  );

  it('with rollback off the failed deployment stays FAILED, launches nothing more and the old tasks keep running', async () => {
    const fleet = fleetOf(oneCluster({ services: [service({ circuitBreaker: { rollback: false } })] }), [
      { at: '00:01', do: 'deploy', cluster: 'prod', service: 'web', outcome: 'image-pull' },
    ]);
    const events = fleet.advanceTo(at(60));
    expect(deploymentEvents(events).map((d) => d.eventName)).toEqual([
      'SERVICE_DEPLOYMENT_IN_PROGRESS',
      'SERVICE_DEPLOYMENT_FAILED',
    ]);
    const tripAt = Date.parse(deploymentEvents(events)[1].updatedAt);
    expect(fleet.history.some((h) => h.kind === 'task-started' && h.at > tripAt)).toBe(false);
    const out = await fleet.ecsClient().send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }));
    expect(out.services?.[0]?.runningCount).toBe(4);
    expect(out.services?.[0]?.deployments?.[0]?.rolloutState).toBe('FAILED');
  });

  it('without a breaker, failing starts are throttled (SERVICE_TASK_START_IMPAIRED) and the deployment stays IN_PROGRESS', () => {
    const fleet = fleetOf(oneCluster({ services: [service({ desired: 1, circuitBreaker: undefined })] }), [
      { at: '00:01', do: 'deploy', cluster: 'prod', service: 'web', outcome: 'image-pull' },
    ]);
    const events = fleet.advanceTo(at(30));
    expect(deploymentEvents(events).map((d) => d.eventName)).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS']);
    expect(events.map(detail).filter((d) => d.eventName === 'SERVICE_TASK_START_IMPAIRED')).toHaveLength(1);
    const starts = fleet.history.filter((h) => h.kind === 'task-started').map((h) => h.at);
    const gaps = starts.slice(1).map((t, i) => Math.floor((t - (starts[i] as number)) / 60_000));
    expect(gaps.slice(0, 4)).toEqual([2, 2, 6, 12]);
  });

  it('an alarm during bake fails the deployment and rolls back; with rollback off the new tasks keep running', () => {
    const withRollback = fleetOf(oneCluster({ services: [service({ alarms: { rollback: true } })] }), [
      { at: '00:01', do: 'deploy', cluster: 'prod', service: 'web', outcome: 'alarm' },
    ]).advanceTo(at(30));
    expect(deploymentEvents(withRollback).map((d) => d.eventName)).toEqual([
      'SERVICE_DEPLOYMENT_IN_PROGRESS',
      'SERVICE_DEPLOYMENT_FAILED',
      'SERVICE_DEPLOYMENT_IN_PROGRESS',
      'SERVICE_DEPLOYMENT_COMPLETED',
    ]);
    expect(deploymentEvents(withRollback)[2].reason).toMatch(
      /alarm web-5xx in ALARM state: rolling back to deploymentId ecs-svc\//,
    );

    const fleet = fleetOf(oneCluster({ services: [service({ alarms: { rollback: false } })] }), [
      { at: '00:01', do: 'deploy', cluster: 'prod', service: 'web', outcome: 'alarm' },
      { at: '00:40', do: 'crash-loop', cluster: 'prod', service: 'web', until: '00:50' },
    ]);
    const failed = fleet.advanceTo(at(30));
    expect(deploymentEvents(failed).map((d) => d.eventName)).toEqual([
      'SERVICE_DEPLOYMENT_IN_PROGRESS',
      'SERVICE_DEPLOYMENT_FAILED',
    ]);
    const newId = deploymentEvents(failed)[0].deploymentId;
    fleet.advanceTo(at(50));
    const crashed = fleet.history.filter((h) => h.kind === 'task-stopped' && h.stopCause === 'crash-loop');
    expect(crashed.length).toBeGreaterThan(4);
    expect(fleet.history.filter((h) => h.kind === 'task-started' && h.at > at(40)).length).toBeGreaterThan(0);
    expect(newId).toMatch(/^ecs-svc\//);
  });

  it('a stuck deployment never completes: the new tasks never count as healthy and the old ones stay', async () => {
    const fleet = fleetOf(oneCluster({ services: [service({ circuitBreaker: undefined })] }), [
      { at: '00:01', do: 'deploy', cluster: 'prod', service: 'web', outcome: 'stuck' },
    ]);
    const events = fleet.advanceTo(at(120));
    expect(deploymentEvents(events).map((d) => d.eventName)).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS']);
    const out = await fleet.ecsClient().send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }));
    expect(out.services?.[0]?.deployments?.map((d) => d.rolloutState)).toEqual(['IN_PROGRESS', 'COMPLETED']);
    expect(out.services?.[0]?.runningCount).toBe(8);
  });
});

describe('pause lifecycle hooks', () => {
  const hookEvents = (events: ReturnType<ReturnType<typeof fleetOf>['advanceTo']>) =>
    events.filter((e) => e['detail-type'] === 'ECS Hook State Change').map(detail);

  it('a hook-waits deployment stays in progress until approve-hook: then the hook succeeds and it completes', () => {
    // Prepare
    const fleet = fleetOf(oneCluster({ services: [service()] }), [
      { at: '00:01', do: 'deploy', cluster: 'prod', service: 'web', outcome: 'hook-waits' },
      { at: '00:40', do: 'approve-hook', cluster: 'prod', service: 'web' },
    ]);

    // Act
    const waiting = fleet.advanceTo(at(39));
    const approved = fleet.advanceTo(at(60));

    // Assess
    const waits = hookEvents(waiting);
    expect(waits.map((h) => [h.eventName, h.hookType, h.lifecycleStage])).toEqual([
      ['HOOK_AWAITING_ACTION', 'PAUSE', 'POST_TEST_TRAFFIC_SHIFT'],
    ]);
    expect(deploymentEvents(waiting).map((d) => d.eventName)).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS']);
    expect(hookEvents(approved).map((h) => [h.eventName, h.hookId])).toEqual([['HOOK_SUCCEEDED', waits[0].hookId]]);
    expect(deploymentEvents(approved).map((d) => d.eventName)).toEqual(['SERVICE_DEPLOYMENT_COMPLETED']);
  });

  it('approve-hook without a waiting hook does nothing (ECS refuses ContinueServiceDeployment then)', () => {
    const fleet = fleetOf(oneCluster({ services: [service()] }), [
      { at: '00:01', do: 'approve-hook', cluster: 'prod', service: 'web' },
    ]);
    expect(hookEvents(fleet.advanceTo(at(10)))).toEqual([]);
  });
});
