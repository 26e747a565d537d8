import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/classify/index.js';
import type { Verdict } from '../../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../../shared/domain/events/parse.js';
import { dedupKeyFor, dedupKeyText } from '../../../../shared/domain/incidents/dedup.js';
import { incidentKeyFor } from '../../../../shared/domain/incidents/keys.js';
import { sweep } from '../../../../shared/domain/incidents/sweep.js';
import { eventFixture } from '../event-fixtures.js';
import { POLICY, World } from './factories.js';

type Detail = Record<string, unknown>;
const T0 = Date.parse('2026-04-11T01:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace('.000Z', 'Z');

/** A fixture's verdict at `minutes` after T0, its detail changed by `edit`. */
function event(name: string, minutes: number, edit: (detail: Detail) => void = () => {}): Verdict {
  const raw = eventFixture(name);
  raw.time = at(minutes);
  edit(raw.detail as Detail);
  return classify(parseEcsEvent(raw));
}

/** A deployment fixture moved to the hook examples' service (my-service in my-cluster) at `minutes`. */
function deploymentEventOf(name: string, minutes: number): Verdict {
  const raw = eventFixture(name);
  raw.time = at(minutes);
  raw.resources = ['arn:aws:ecs:us-west-2:123456789012:service/my-cluster/my-service'];
  return classify(parseEcsEvent(raw));
}

/** Sets every health check of a health event to `status`, changed at `minutes`. */
const checksAt = (status: string, minutes: number) => (detail: Detail) => {
  detail.overallStatus = status;
  for (const check of detail.healthChecks as Detail[]) Object.assign(check, { status, lastStatusChange: at(minutes) });
};

describe('Function: dedupKeyFor (event types without detail.version)', () => {
  it.each([
    [
      'instance-unreachable--doc-agent-connectivity',
      'once#arn:aws:ecs:us-west-2:123456789012:container-instance/my-cluster/a1b2c3d4EXAMPLE#health#AGENT_CONNECTIVITY#IMPAIRED#2026-07-29T22:34:13Z',
    ],
    [
      'hook-failed--lambda-post-test-traffic',
      'once#hook#ecs-lambda-Q2vN8rT4_kLmP7wXyZ1aB3cD5eF6gH7iJ8kL9mN0pQ#HOOK_FAILED',
    ],
    [
      'daemon-rollback--rollback-in-progress',
      'once#arn:aws:ecs:us-west-2:111122223333:daemon-deployment/my-cluster/my-daemon/0EYSiB0qap8xf0N76FsbE#DAEMON_DEPLOYMENT_ROLLBACK_IN_PROGRESS',
    ],
    [
      'daemon-start-impaired--doc-task-failed-to-run',
      'once#arn:aws:ecs:us-west-2:123456789012:daemon/my-cluster/my-daemon#DAEMON_TASK_START_IMPAIRED#arn:aws:ecs:us-west-2:123456789012:container-instance/my-cluster/a1b2c3d4e5f6#arn:aws:ecs:us-west-2:123456789012:task/my-cluster/a1b2c3d4e5f6',
    ],
  ])('%s → %s, the same under any event id', (name, key) => {
    const verdict = classify(parseEcsEvent(eventFixture(name)));
    expect(dedupKeyText(dedupKeyFor(verdict, 'first-id'))).toBe(key);
    expect(dedupKeyText(dedupKeyFor(verdict, 'redelivered-id'))).toBe(key);
  });

  it('tells apart two status changes of one check, and two hooks of one deployment', () => {
    const impaired = event('instance-impaired--container-runtime-ec2', 0, checksAt('IMPAIRED', 0));
    const later = event('instance-impaired--container-runtime-ec2', 9, checksAt('IMPAIRED', 9));
    expect(dedupKeyFor(impaired)).not.toEqual(dedupKeyFor(later));
    const nextStep = event('hook-failed--lambda-post-test-traffic', 0, (d) => {
      d.hookId = 'ecs-lambda-next-step';
    });
    expect(dedupKeyFor(nextStep)).not.toEqual(dedupKeyFor(event('hook-failed--lambda-post-test-traffic', 0)));
  });
});

describe('Function: decide (instance health)', () => {
  it('opens a managed instance at warning, escalates it when ECS reports the agent gone, resolves on OK', () => {
    // Prepare
    const world = new World();
    const impaired = event('managed-instance-impaired--doc-daemon', 0, checksAt('IMPAIRED', 0));
    const key = incidentKeyFor(impaired)?.key ?? '';

    // Act
    const reasons = world.playAll([
      impaired,
      impaired,
      event('instance-unreachable--doc-agent-connectivity', 4, checksAt('IMPAIRED', 4)),
      event('instance-healthy--doc-container-runtime-ok', 20, checksAt('OK', 20)),
    ]);

    // Assess: one incident, paged at warning, escalated once, resolved
    expect(reasons).toEqual(['first', 'duplicate', 'escalated', 'resolved']);
    expect(world.incident(key)).toMatchObject({ status: 'resolved', severity: 'critical', group: 'instance-lost' });
  });

  it('confirms a lost instance on AGENT_CONNECTIVITY before the grace period ends, and stops the timer', () => {
    // Prepare: the agent disconnects (routine at first: a grace period starts)
    const world = new World();
    const disconnected = classify(
      parseEcsEvent({
        ...eventFixture('instance-disconnected--agent-disconnected'),
        time: at(0),
        resources: ['arn:aws:ecs:us-west-2:123456789012:container-instance/my-cluster/a1b2c3d4EXAMPLE'],
        detail: {
          ...(eventFixture('instance-disconnected--agent-disconnected').detail as Detail),
          containerInstanceArn: 'arn:aws:ecs:us-west-2:123456789012:container-instance/my-cluster/a1b2c3d4EXAMPLE',
          clusterArn: 'arn:aws:ecs:us-west-2:123456789012:cluster/my-cluster',
        },
      }),
    );
    expect(world.play(disconnected).decision.reason).toBe('grace-pending');
    expect(world.pending.size).toBe(1);

    // Act: ECS says the agent is gone two minutes later, well before the 5-minute grace
    const output = world.play(event('instance-unreachable--doc-agent-connectivity', 2, checksAt('IMPAIRED', 2)));

    // Assess
    expect(output.decision).toMatchObject({ reason: 'first', transition: 'opened' });
    expect(output.confirmedLost).toHaveLength(1);
    expect(world.pending.size).toBe(0);
  });

  /** A task of the fixture that failed to start, on container instance `id` of my-cluster, at `minutes`. */
  function startFailureOn(id: string, task: string, minutes: number): Verdict {
    const raw = eventFixture('start-failure--docker-timeout-created');
    const detail = raw.detail as Detail;
    Object.assign(raw, { time: at(minutes), region: 'us-west-2', resources: [] });
    Object.assign(detail, {
      taskArn: `arn:aws:ecs:us-west-2:123456789012:task/my-cluster/${task}`,
      clusterArn: 'arn:aws:ecs:us-west-2:123456789012:cluster/my-cluster',
      containerInstanceArn: `arn:aws:ecs:us-west-2:123456789012:container-instance/my-cluster/${id}`,
    });
    return classify(parseEcsEvent(raw));
  }

  it('folds the tasks failing on a host with a hung runtime into the host incident: one page', () => {
    // Prepare
    const world = new World();
    const hang = event('instance-impaired--container-runtime-ec2', 0, checksAt('IMPAIRED', 0));
    const hostKey = incidentKeyFor(hang)?.key ?? '';

    // Act
    const reasons = world.playAll([
      hang,
      startFailureOn('a1b2c3d4EXAMPLE', 't1', 1),
      startFailureOn('a1b2c3d4EXAMPLE', 't1', 1),
      startFailureOn('a1b2c3d4EXAMPLE', 't2', 2),
      event('instance-healthy--doc-container-runtime-ok', 6, checksAt('OK', 6)),
    ]);

    // Assess
    expect(reasons).toEqual(['first', 'deduplicated', 'duplicate', 'deduplicated', 'resolved']);
    expect(world.incident(hostKey)).toMatchObject({ absorbed: 2, countsByCategory: { 'start-failure': 2 } });
    expect(world.outputs.flatMap((o) => o.alerts.map((a) => a.transition))).toEqual(['opened', 'resolved']);
  });

  it('still pages a task failure on a healthy host', () => {
    const world = new World();
    world.play(event('instance-impaired--container-runtime-ec2', 0, checksAt('IMPAIRED', 0)));
    const other = world.play(startFailureOn('e5f6a7b8OTHER', 't3', 1));
    expect(other.decision).toMatchObject({ reason: 'first', transition: 'opened' });
    expect(other.decision.incidentKey).not.toContain('/instance/');
  });

  it('keeps a hung runtime open while the agent reports connected, for events and for the sweep', () => {
    // Prepare
    const world = new World();
    const hang = event('instance-impaired--container-runtime-ec2', 0, checksAt('IMPAIRED', 0));
    world.play(hang);
    const key = incidentKeyFor(hang)?.key ?? '';
    const raw = eventFixture('instance-connected--agent-reconnect');
    const arn = 'arn:aws:ecs:us-west-2:123456789012:container-instance/my-cluster/a1b2c3d4EXAMPLE';
    Object.assign(raw, { time: at(1), region: 'us-west-2', resources: [arn] });
    Object.assign(raw.detail as Detail, {
      containerInstanceArn: arn,
      clusterArn: 'arn:aws:ecs:us-west-2:123456789012:cluster/my-cluster',
    });

    // Act: a task placement's instance event (agent connected), then a sweep that finds the agent connected
    const connected = world.play(classify(parseEcsEvent(raw)));
    const swept = sweep({
      now: at(2),
      due: [],
      stillDisconnected: { [arn]: false },
      open: [world.incident(key)],
      instanceIncidents: {},
      policy: POLICY,
    });

    // Assess
    expect(connected.decision.reason).toBe('ignored');
    expect(world.incident(key).status).toBe('open');
    expect(swept.alerts).toEqual([]);
  });

  it('does not resolve a lost agent because the container runtime check is OK', () => {
    // Prepare: a host whose tasks stopped because it was terminated (instance-lost, opened by a task event)
    const world = new World();
    const unreachable = event('instance-unreachable--doc-agent-connectivity', 0, checksAt('IMPAIRED', 0));
    world.play(unreachable);
    const key = incidentKeyFor(unreachable)?.key ?? '';
    const incident = world.incident(key);
    world.incidents.set(key, { ...incident, category: 'instance-disconnected' });

    // Act
    const output = world.play(event('instance-healthy--doc-container-runtime-ok', 10, checksAt('OK', 10)));

    // Assess
    expect(output.decision.reason).toBe('ignored');
    expect(world.incident(key).status).toBe('open');
  });
});

describe('Function: decide (lifecycle hooks)', () => {
  it('pages once for a failed hook, counts the twin deployment failure into it, resolves on completion', () => {
    // Prepare
    const world = new World();
    const failed = event('hook-failed--lambda-post-test-traffic', 0);
    const key = incidentKeyFor(failed)?.key ?? '';
    const rollbackHook = event('hook-succeeded--lambda', 2, (d) => {
      Object.assign(d, { hookId: 'ecs-lambda-rollback-shift', lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' });
    });

    // Act
    const first = world.play(failed);
    const hookOfRollback = world.play(rollbackHook);
    const redelivered = world.play(failed);
    const deploymentFailed = world.play(deploymentEventOf('deployment-failed--doc-example', 3));
    const completed = world.play(deploymentEventOf('deployment-completed--doc-example', 12));

    // Assess: the hook is named as the cause; the rollback's own hook resolves nothing; one page, one resolution
    expect(first.decision).toMatchObject({ reason: 'first', transition: 'opened', incidentKey: key });
    expect(first.incidents[0]).toMatchObject({ category: 'hook-failed', severity: 'critical' });
    expect(first.incidents[0]?.lastFacts).toMatchObject({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' });
    expect(hookOfRollback.decision.reason).toBe('ignored');
    expect(redelivered.decision.reason).toBe('duplicate');
    expect(deploymentFailed.alerts).toEqual([]);
    expect(completed.decision.reason).toBe('resolved');
    expect(world.outputs.flatMap((o) => o.alerts.map((a) => a.transition))).toEqual(['opened', 'resolved']);
  });

  it('resolves a timed-out pause hook when the same hook succeeds after all', () => {
    const world = new World();
    const reasons = world.playAll([
      event('hook-timed-out--pause', 0),
      event('hook-timed-out--pause', 1, (d) => Object.assign(d, { eventName: 'HOOK_SUCCEEDED' })),
    ]);
    expect(reasons).toEqual(['first', 'resolved']);
  });
});

describe('Function: decide (managed daemons)', () => {
  it('keeps one incident per daemon and cluster: rollback, start failure, failed rollback, then a good rollout', () => {
    // Prepare
    const world = new World();
    const rollback = event('daemon-rollback--rollback-in-progress', 0);
    const key = incidentKeyFor(rollback)?.key ?? '';

    // Act
    const reasons = world.playAll([
      rollback,
      event('daemon-rollback--stop-requested', 1),
      event('daemon-rollout-failed--rollback-failed', 5),
      event('daemon-deployed--successful', 30),
    ]);

    // Assess
    expect(key).toBe('111122223333/us-west-2/my-cluster/daemon/my-daemon/deployment');
    expect(reasons).toEqual(['first', 'deduplicated', 'escalated', 'resolved']);
  });

  it('counts daemon tasks that cannot start on several instances into the daemon incident', () => {
    const world = new World();
    const reasons = world.playAll([
      event('daemon-start-impaired--doc-task-failed-to-run', 0),
      event('daemon-start-impaired--doc-task-creation-failed', 1),
    ]);
    expect(reasons).toEqual(['first', 'deduplicated']);
  });
});
