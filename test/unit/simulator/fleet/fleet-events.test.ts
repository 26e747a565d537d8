import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { parseEcsEvent } from '../../../../shared/domain/events/parse.js';
import type { FleetAction, FleetSpec } from '../../../../shared/simulator/types.js';
import { at, detail, fleetOf } from './fleet-test-kit.js';

/** A busy day: every action kind, EC2 and Fargate (Spot too), jobs with sidecars, and churn. */
const spec: FleetSpec = {
  clusters: [
    {
      name: 'prod',
      instances: 6,
      services: [
        {
          name: 'web',
          desired: 4,
          launchType: 'FARGATE',
          circuitBreaker: { rollback: true },
          sidecars: ['log-router'],
        },
        { name: 'api', desired: 4, launchType: 'EC2', circuitBreaker: { rollback: false } },
        {
          name: 'worker',
          desired: 3,
          launchType: 'FARGATE',
          capacityProvider: 'FARGATE_SPOT',
          alarms: { rollback: true },
        },
        { name: 'cache', desired: 2, launchType: 'EC2' },
      ],
      jobs: [
        { family: 'etl', everyMinutes: 30, runMinutes: 8, launchType: 'FARGATE', sidecars: ['xray'] },
        { family: 'render', everyMinutes: 20, runMinutes: 6, launchType: 'FARGATE', capacityProvider: 'FARGATE_SPOT' },
        { family: 'batch', everyMinutes: 45, runMinutes: 10, launchType: 'EC2' },
      ],
    },
  ],
  churn: { agentFlapsPerHour: 2, deploysPerDay: 4, scalesPerDay: 4, userStopsPerDay: 20 },
};
const actions: FleetAction[] = [
  { at: '00:30', do: 'deploy', cluster: 'prod', service: 'web', outcome: 'image-pull' },
  { at: '01:00', do: 'crash-loop', cluster: 'prod', service: 'cache', until: '01:20', exitCode: 2 },
  { at: '01:30', do: 'oom', cluster: 'prod', family: 'etl' },
  { at: '02:00', do: 'health-check-fail', cluster: 'prod', service: 'api', until: '02:10' },
  { at: '02:30', do: 'deploy', cluster: 'prod', service: 'worker', outcome: 'alarm' },
  { at: '03:00', do: 'spot-interrupt', cluster: 'prod', service: 'worker', count: 2 },
  { at: '03:23', do: 'spot-interrupt', cluster: 'prod', family: 'render' },
  { at: '03:30', do: 'terminate-instance', cluster: 'prod', instance: 1 },
  { at: '04:00', do: 'lose-instance', cluster: 'prod', instance: 2, until: '04:30' },
  { at: '05:00', do: 'lose-az', cluster: 'prod', az: 'c', until: '05:30' },
  { at: '06:00', do: 'capacity-short', cluster: 'prod', until: '06:20' },
  { at: '06:05', do: 'user-stop', cluster: 'prod', service: 'api' },
  { at: '07:00', do: 'fail-job-runs', cluster: 'prod', family: 'batch', until: '08:00', how: 'app-exit' },
  { at: '08:00', do: 'deploy', cluster: 'prod', service: 'api', outcome: 'crash' },
  { at: '09:00', do: 'scale', cluster: 'prod', service: 'cache', desired: 4 },
  { at: '10:00', do: 'app-exit', cluster: 'prod', service: 'web', exitCode: 139, count: 2 },
];
const run = (seed: number) => fleetOf(spec, actions, seed).advanceTo(at(24 * 60));

describe('fleet events', () => {
  const events = run(42);

  it('every envelope parses with the project parser to a known kind', () => {
    const kinds = new Map<string, number>();
    for (const event of events) {
      const parsed = parseEcsEvent(event);
      if (parsed.kind === 'invalid') throw new Error(`${parsed.error}: ${JSON.stringify(event)}`);
      kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
    }
    expect([...kinds.keys()].sort()).toEqual(['deployment', 'instance', 'service-action', 'task']);
  });

  it('task versions rise by one per event, starting at 1 for tasks created during the run', () => {
    const last = new Map<string, number>();
    for (const event of events.filter((e) => e['detail-type'] === 'ECS Task State Change')) {
      const { taskArn, version } = detail(event);
      const previous = last.get(taskArn);
      if (previous !== undefined) expect(version).toBe(previous + 1);
      last.set(taskArn, version);
    }
  });

  it('envelopes come in state-change order', () => {
    const times = events.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('is deterministic: the same seed gives identical envelopes, another seed different ones', () => {
    expect(JSON.stringify(run(42))).toBe(JSON.stringify(events));
    expect(JSON.stringify(run(43))).not.toBe(JSON.stringify(events));
  });

  it('a Spot notice is RUNNING/STOPPED with SpotInterruption, then DEPROVISIONING and STOPPED about 23 s later', () => {
    const notices = events.filter(
      (e) => detail(e).stopCode === 'SpotInterruption' && detail(e).lastStatus === 'RUNNING',
    );
    expect(notices.length).toBeGreaterThanOrEqual(3);
    for (const notice of notices) {
      expect(detail(notice).stoppedReason).toBe('Your Spot Task was interrupted.');
      const later = events.filter(
        (e) => e.resources[0] === notice.resources[0] && detail(e).version > detail(notice).version,
      );
      expect(later.map((e) => detail(e).lastStatus)).toEqual(['DEPROVISIONING', 'STOPPED']);
      const deprovisioning = Date.parse(detail(later[0] as (typeof later)[number]).updatedAt);
      expect(deprovisioning - Date.parse(detail(notice).updatedAt)).toBeLessThanOrEqual(120_000);
    }
  });
});

describe('throttling', () => {
  it('service reads beyond the 100-call burst in one instant are throttled, and refill on virtual time', async () => {
    const fleet = fleetOf(spec, [], 1);
    const client = fleet.ecsClient();
    const send = () =>
      client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })).then(
        () => 'ok',
        (e: Error) => e.name,
      );
    const results = [];
    for (let i = 0; i < 101; i += 1) results.push(await send());
    expect(results.filter((r) => r === 'ok')).toHaveLength(100);
    expect(results[100]).toBe('ThrottlingException');
    fleet.advanceTo(fleet.now() + 1000);
    expect(await send()).toBe('ok');
  });
});
