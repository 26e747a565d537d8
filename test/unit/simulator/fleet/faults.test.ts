import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { at, detail, fleetOf, oneCluster } from './fleet-test-kit.js';

describe('capacity, AZ and health faults', () => {
  it('capacity-short: the replacement stays unplaced with one RESOURCE:CPU placement failure, then is placed', async () => {
    const fleet = fleetOf(oneCluster({ instances: 3, services: [{ name: 'api', desired: 3, launchType: 'EC2' }] }), [
      { at: '00:05', do: 'capacity-short', cluster: 'prod', until: '00:30' },
      { at: '00:06', do: 'user-stop', cluster: 'prod', service: 'api' },
    ]);
    const events = fleet.advanceTo(at(29));
    const failures = events.map(detail).filter((d) => d.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ eventType: 'ERROR', reason: 'RESOURCE:CPU' });
    const client = fleet.ecsClient();
    const short = await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }));
    expect(short.services?.[0]).toMatchObject({ desiredCount: 3, runningCount: 2 });
    fleet.advanceTo(at(35));
    const back = await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }));
    expect(back.services?.[0]?.runningCount).toBe(3);
  });

  it('lose-az: instances there disconnect and keep their tasks; Fargate tasks there stop and come back elsewhere', async () => {
    const fleet = fleetOf(
      oneCluster({
        instances: 3,
        services: [
          { name: 'api', desired: 3, launchType: 'EC2' },
          { name: 'web', desired: 3, launchType: 'FARGATE' },
        ],
      }),
      [{ at: '00:05', do: 'lose-az', cluster: 'prod', az: 'a', until: '01:00' }],
    );
    const events = fleet.advanceTo(at(15));
    const instanceEvents = events.filter((e) => e['detail-type'] === 'ECS Container Instance State Change').map(detail);
    expect(instanceEvents[0]).toMatchObject({
      agentConnected: false,
      status: 'ACTIVE',
      containerInstanceArn: fleet.instanceArn('prod', 0),
    });
    const stopped = events.map(detail).filter((d) => d.lastStatus === 'STOPPED');
    expect(stopped.map((d) => [d.group, d.availabilityZone, d.stopCode])).toEqual([
      ['service:web', 'us-east-1a', 'InfrastructureHealth'],
    ]);
    const started = events.map(detail).filter((d) => d.version === 1);
    expect(started.map((d) => [d.group, d.availabilityZone === 'us-east-1a'])).toEqual([['service:web', false]]);
    const out = await fleet
      .ecsClient()
      .send(new DescribeServicesCommand({ cluster: 'prod', services: ['api', 'web'] }));
    expect(out.services?.map((s) => s.runningCount)).toEqual([3, 3]);
  });

  it('health-check failure starts the replacement before stopping the unhealthy task', () => {
    const fleet = fleetOf(oneCluster({ services: [{ name: 'web', desired: 1, launchType: 'FARGATE' }] }), [
      { at: '00:05', do: 'health-check-fail', cluster: 'prod', service: 'web', until: '00:06' },
    ]);
    const events = fleet.advanceTo(at(20)).filter((e) => e['detail-type'] === 'ECS Task State Change');
    const firstStart = events.findIndex((e) => detail(e).version === 1);
    const firstStop = events.findIndex((e) => detail(e).desiredStatus === 'STOPPED');
    expect(firstStart).toBeGreaterThanOrEqual(0);
    expect(firstStart).toBeLessThan(firstStop);
    expect(detail(events[firstStop] as (typeof events)[number])).toMatchObject({
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: 'Task failed container health checks',
    });
  });

  it('scale out then in: new tasks start, surplus ones stop as scale-in, and the service settles', async () => {
    const fleet = fleetOf(oneCluster({ services: [{ name: 'web', desired: 2, launchType: 'FARGATE' }] }), [
      { at: '00:05', do: 'scale', cluster: 'prod', service: 'web', desired: 4 },
      { at: '00:20', do: 'scale', cluster: 'prod', service: 'web', desired: 1 },
    ]);
    const events = fleet.advanceTo(at(30));
    expect(events.map(detail).filter((d) => d.version === 1)).toHaveLength(2);
    const stops = fleet.history.filter((h) => h.kind === 'task-stopped');
    expect(stops.map((h) => h.kind === 'task-stopped' && h.stopCause)).toEqual(['scale-in', 'scale-in', 'scale-in']);
    const out = await fleet.ecsClient().send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }));
    expect(out.services?.[0]).toMatchObject({ desiredCount: 1, runningCount: 1 });
  });

  it('background churn is all normal: no failure among the stop causes', () => {
    const fleet = fleetOf(
      oneCluster(
        {
          instances: 4,
          services: [
            { name: 'api', desired: 3, launchType: 'EC2' },
            { name: 'web', desired: 3, launchType: 'FARGATE' },
          ],
        },
        { agentFlapsPerHour: 3, deploysPerDay: 6, scalesPerDay: 6, userStopsPerDay: 24 },
      ),
    );
    fleet.advanceTo(at(24 * 60));
    const causes = new Set(fleet.history.flatMap((h) => (h.kind === 'task-stopped' ? [h.stopCause] : [])));
    expect([...causes].sort()).toEqual(['deployment', 'scale-in', 'user']);
    expect(
      fleet.history.some((h) => h.kind === 'instance' && h.by === 'churn' && h.change === 'agent-disconnected'),
    ).toBe(true);
  });
});
