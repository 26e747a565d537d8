import { describe, expect, it } from 'vitest';
import type { FleetAction, JobSpec, LaunchType } from '../../../../shared/simulator/types.js';
import { at, detail, fleetOf, oneCluster, taskEvents, versionPath } from './fleet-test-kit.js';

const job = (launchType: LaunchType, extra: Partial<JobSpec> = {}): JobSpec => ({
  family: 'report',
  everyMinutes: 60,
  firstAt: '00:01',
  runMinutes: 5,
  launchType,
  sidecars: ['log-router'],
  ...extra,
});

describe('task lifecycle: one event per version, starting at 1', () => {
  const cases: Array<{
    name: string;
    launchType: LaunchType;
    path: string[];
    service?: boolean;
    actions?: FleetAction[];
  }> = [
    {
      name: 'Fargate run whose essential container exits by itself',
      launchType: 'FARGATE',
      path: [
        '1:PROVISIONING/RUNNING',
        '2:PENDING/RUNNING',
        '3:RUNNING/RUNNING',
        '4:DEPROVISIONING/STOPPED',
        '5:STOPPED/STOPPED',
      ],
    },
    {
      name: 'EC2 run whose essential container exits by itself',
      launchType: 'EC2',
      path: ['1:PENDING/RUNNING', '2:RUNNING/RUNNING', '3:STOPPED/STOPPED'],
    },
    {
      name: 'Fargate run that cannot pull its image',
      launchType: 'FARGATE',
      path: ['1:PROVISIONING/RUNNING', '2:PENDING/RUNNING', '3:DEPROVISIONING/STOPPED', '4:STOPPED/STOPPED'],
      actions: [
        { at: '00:00', do: 'fail-job-runs', cluster: 'prod', family: 'report', until: '01:00', how: 'image-pull' },
      ],
    },
    {
      name: 'EC2 run that cannot pull its image',
      launchType: 'EC2',
      path: ['1:PENDING/RUNNING', '2:STOPPED/STOPPED'],
      actions: [
        { at: '00:00', do: 'fail-job-runs', cluster: 'prod', family: 'report', until: '01:00', how: 'image-pull' },
      ],
    },
    {
      name: 'Fargate service task stopped by the user (seeded RUNNING at version 3)',
      launchType: 'FARGATE',
      service: true,
      path: ['4:RUNNING/STOPPED', '5:DEPROVISIONING/STOPPED', '6:STOPPED/STOPPED'],
      actions: [{ at: '00:01', do: 'user-stop', cluster: 'prod', service: 'web' }],
    },
    {
      name: 'EC2 service task stopped by the user (seeded RUNNING at version 2)',
      launchType: 'EC2',
      service: true,
      path: ['3:RUNNING/STOPPED', '4:STOPPED/STOPPED'],
      actions: [{ at: '00:01', do: 'user-stop', cluster: 'prod', service: 'web' }],
    },
  ];

  it.each(cases)('$name', ({ launchType, path, service, actions }) => {
    const spec = service
      ? oneCluster({ instances: 2, services: [{ name: 'web', desired: 1, launchType }] })
      : oneCluster({ instances: 2, services: [], jobs: [job(launchType)] });
    const events = fleetOf(spec, actions).advanceTo(at(30));
    const first = [...taskEvents(events).values()][0] ?? [];
    expect(versionPath(first)).toEqual(path);
  });
});

describe('task event fields', () => {
  const events = fleetOf(oneCluster({ instances: 1, services: [], jobs: [job('FARGATE')] })).advanceTo(at(30));
  const run = [...taskEvents(events).values()][0] ?? [];

  it('names the task as the resource and stamps the envelope with updatedAt to the second', () => {
    for (const e of run) {
      expect(e.resources).toEqual([detail(e).taskArn]);
      expect(e.time).toBe(`${String(detail(e).updatedAt).slice(0, 19)}Z`);
    }
  });

  it('carries stoppedAt only when STOPPED, and the stop code from the first desired-STOPPED event on', () => {
    for (const e of run) {
      expect(detail(e).stoppedAt !== undefined).toBe(detail(e).lastStatus === 'STOPPED');
      expect(detail(e).stopCode !== undefined).toBe(detail(e).desiredStatus === 'STOPPED');
    }
    const last = detail(run[run.length - 1] as (typeof run)[number]);
    expect(last).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(last.group).toBe('family:report');
    expect(last.startedBy).toMatch(/^events-rule\//);
    expect(last.taskDefinitionArn).toMatch(/:task-definition\/report:\d+$/);
    expect(last.attachments[0].status).toBe('DELETED');
  });

  it('service tasks carry the service group, the deployment id as startedBy and, on EC2, the instance', () => {
    const fleet = fleetOf(oneCluster({ instances: 2, services: [{ name: 'web', desired: 1, launchType: 'EC2' }] }), [
      { at: '00:01', do: 'user-stop', cluster: 'prod', service: 'web' },
    ]);
    const stopped = fleet.advanceTo(at(5)).filter((e) => e['detail-type'] === 'ECS Task State Change');
    expect(detail(stopped[0] as (typeof stopped)[number])).toMatchObject({
      group: 'service:web',
      startedBy: expect.stringMatching(/^ecs-svc\/\d{19}$/),
      containerInstanceArn: expect.stringContaining(':container-instance/prod/'),
      stopCode: 'UserInitiated',
      stoppedReason: 'Task stopped by user',
      launchType: 'EC2',
    });
  });
});

describe('essential and sidecar containers', () => {
  it('a successful run exits 0 and the agent stops the sidecars with 143 (SIGTERM) or 137 (SIGKILL)', () => {
    const spec = oneCluster({
      instances: 0,
      services: [],
      jobs: [job('FARGATE', { everyMinutes: 10, runMinutes: 2 })],
    });
    const events = fleetOf(spec).advanceTo(at(24 * 60));
    const sidecarCodes = new Set<number>();
    let runs = 0;
    for (const list of taskEvents(events).values()) {
      const stopped = detail(list[list.length - 1] as (typeof list)[number]);
      if (stopped.lastStatus !== 'STOPPED') continue;
      runs += 1;
      const app = stopped.containers.find((c: { name: string }) => c.name === 'app');
      const sidecar = stopped.containers.find((c: { name: string }) => c.name === 'log-router');
      expect(app.exitCode).toBe(0);
      sidecarCodes.add(sidecar.exitCode);
    }
    expect(runs).toBeGreaterThan(100);
    expect([...sidecarCodes].sort()).toEqual([137, 143]);
  });

  it('an OOM kill exits 137 with the OutOfMemoryError reason', () => {
    const spec = oneCluster({ instances: 0, services: [{ name: 'web', desired: 2, launchType: 'FARGATE' }] });
    const events = fleetOf(spec, [{ at: '00:05', do: 'oom', cluster: 'prod', service: 'web' }]).advanceTo(at(10));
    const stopped = events.map(detail).filter((d) => d.lastStatus === 'STOPPED');
    expect(stopped).toHaveLength(1);
    expect(stopped[0].containers[0]).toMatchObject({
      name: 'app',
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage',
    });
    expect(stopped[0].stopCode).toBe('EssentialContainerExited');
  });
});
