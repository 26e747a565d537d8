import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../../shared/domain/classify/types.js';
import type { DecisionReason, Transition } from '../../../../shared/domain/incidents/types.js';
import {
  deploymentEvent,
  hostLost,
  instanceEvent,
  serviceAction,
  serviceTask,
  standaloneTask,
  verdict,
  World,
} from './factories.js';

interface Row {
  name: string;
  before: Verdict[];
  event: Verdict;
  reason: DecisionReason;
  transition?: Transition;
}

const exit = (task: string, m: number) => serviceTask('app-exit', task, m);

const rows: Row[] = [
  // first failure of a service opens its task-failure incident
  { name: 'first: app exit opens', before: [], event: exit('t1', 0), reason: 'first', transition: 'opened' },
  // a standalone family gets its own incident
  {
    name: 'first: standalone oom',
    before: [],
    event: standaloneTask('oom', 'b1', 0),
    reason: 'first',
    transition: 'opened',
  },
  // service-health signals open their own incident
  {
    name: 'first: placement failure',
    before: [],
    event: serviceAction('placement-failure', 0),
    reason: 'first',
    transition: 'opened',
  },
  // a failed deployment is one incident
  {
    name: 'first: deployment failed',
    before: [],
    event: deploymentEvent('deployment-failed', 'ecs-svc/2', 0),
    reason: 'first',
    transition: 'opened',
  },
  // a rollback with no incident yet opens one (warning)
  {
    name: 'first: rollback',
    before: [],
    event: deploymentEvent('deployment-rollback', 'ecs-svc/3', 0),
    reason: 'first',
    transition: 'opened',
  },
  // a host terminated confirms the instance lost at once
  {
    name: 'first: host terminated',
    before: [],
    event: hostLost('t1', 'ci1', 0),
    reason: 'first',
    transition: 'opened',
  },
  // third failure within 10 minutes is a crash loop
  {
    name: 'escalated: crash loop',
    before: [exit('t1', 0), exit('t2', 2)],
    event: exit('t3', 4),
    reason: 'escalated',
    transition: 'escalated',
  },
  // a critical failure on a warning incident raises it
  {
    name: 'escalated: severity rises',
    before: [serviceTask('health-check', 't1', 0)],
    event: serviceTask('oom', 't2', 20),
    reason: 'escalated',
    transition: 'escalated',
  },
  // the failure of a deployment escalates the incident its failing tasks opened
  {
    name: 'escalated: failing deployment fails',
    before: [deploymentEvent('deployment-started', 'ecs-svc/2', 0), exit('t1', 1)],
    event: deploymentEvent('deployment-failed', 'ecs-svc/2', 2),
    reason: 'escalated',
    transition: 'escalated',
  },
  // the failure after its rollback was told: one message tells both
  {
    name: 'deduplicated: rollback then failed',
    before: [deploymentEvent('deployment-rollback', 'ecs-svc/3', 0)],
    event: deploymentEvent('deployment-failed', 'ecs-svc/2', 1),
    reason: 'deduplicated',
  },
  // still failing an hour after the last alert
  {
    name: 'repeat-elapsed',
    before: [exit('t1', 0), exit('t2', 5)],
    event: exit('t3', 65),
    reason: 'repeat-elapsed',
    transition: 'repeated',
  },
  // steady state resolves the failures before it
  {
    name: 'resolved: service steady',
    before: [exit('t1', 0)],
    event: serviceAction('service-steady', 5),
    reason: 'resolved',
    transition: 'resolved',
  },
  // steady state resolves service-health incidents too
  {
    name: 'resolved: steady ends placement failures',
    before: [serviceAction('placement-failure', 0)],
    event: serviceAction('service-steady', 5),
    reason: 'resolved',
    transition: 'resolved',
  },
  // a completed deployment resolves the deployment incident
  {
    name: 'resolved: deployment completed',
    before: [deploymentEvent('deployment-failed', 'ecs-svc/2', 0)],
    event: deploymentEvent('deployment-completed', 'ecs-svc/3', 9),
    reason: 'resolved',
    transition: 'resolved',
  },
  // a completed deployment resolves the task-failure incident
  {
    name: 'resolved: completed ends task failures',
    before: [exit('t1', 0)],
    event: deploymentEvent('deployment-completed', 'ecs-svc/3', 9),
    reason: 'resolved',
    transition: 'resolved',
  },
  // a reconnect resolves a lost instance
  {
    name: 'resolved: instance reconnected',
    before: [hostLost('t1', 'ci1', 0)],
    event: instanceEvent('instance-connected', 'ci1', 8),
    reason: 'resolved',
    transition: 'resolved',
  },
  // a deregistration resolves a lost instance
  {
    name: 'resolved: instance deregistered',
    before: [hostLost('t1', 'ci1', 0)],
    event: instanceEvent('instance-deregistered', 'ci1', 8),
    reason: 'resolved',
    transition: 'resolved',
  },
  // the very same delivery again
  { name: 'duplicate: same event twice', before: [exit('t1', 0)], event: exit('t1', 0), reason: 'duplicate' },
  // a failure older than the resolution doesn't reopen
  {
    name: 'stale: late failure after resolution',
    before: [exit('t1', 0), serviceAction('service-steady', 10)],
    event: exit('t2', 5),
    reason: 'stale',
  },
  // a second failure within the repeat interval is counted, not alerted
  { name: 'deduplicated: second failure', before: [exit('t1', 0)], event: exit('t2', 1), reason: 'deduplicated' },
  // the STOPPED event after the STOPPING one of the same task counts once
  {
    name: 'deduplicated: same task, next version',
    before: [exit('t1', 0)],
    event: serviceTask('app-exit', 't1', 1, { version: 4 }),
    reason: 'deduplicated',
  },
  // more tasks of a dead host fold into its incident
  {
    name: 'deduplicated: second task of a lost host',
    before: [hostLost('t1', 'ci1', 0)],
    event: hostLost('t2', 'ci1', 0),
    reason: 'deduplicated',
  },
  // a disconnect of an instance already lost
  {
    name: 'deduplicated: disconnect of a lost instance',
    before: [hostLost('t1', 'ci1', 0)],
    event: instanceEvent('instance-disconnected', 'ci1', 1),
    reason: 'deduplicated',
  },
  // a rollback joining an open critical deployment incident
  {
    name: 'deduplicated: rollback joins failed deployment',
    before: [deploymentEvent('deployment-failed', 'ecs-svc/2', 0)],
    event: deploymentEvent('deployment-rollback', 'ecs-svc/3', 1),
    reason: 'deduplicated',
  },
  // a disconnect waits for its grace period
  {
    name: 'grace-pending: disconnect',
    before: [],
    event: instanceEvent('instance-disconnected', 'ci1', 0),
    reason: 'grace-pending',
  },
  // a second disconnect keeps the first grace period
  {
    name: 'grace-pending: still disconnected',
    before: [instanceEvent('instance-disconnected', 'ci1', 0)],
    event: instanceEvent('instance-disconnected', 'ci1', 2),
    reason: 'grace-pending',
  },
  // Spot interruptions are info by default
  {
    name: 'below-threshold: spot interruption',
    before: [],
    event: standaloneTask('spot-interruption', 'b1', 0),
    reason: 'below-threshold',
  },
  // Fargate maintenance is info by default
  {
    name: 'below-threshold: maintenance',
    before: [],
    event: serviceTask('maintenance', 't1', 0),
    reason: 'below-threshold',
  },
  // draining is tracked, not alerted
  {
    name: 'below-threshold: draining',
    before: [],
    event: instanceEvent('instance-draining', 'ci1', 0),
    reason: 'below-threshold',
  },
  // a deregistration with nothing open
  {
    name: 'below-threshold: deregistered, no incident',
    before: [],
    event: instanceEvent('instance-deregistered', 'ci1', 0),
    reason: 'below-threshold',
  },
  // service info at warning is tracked only
  {
    name: 'below-threshold: service info warning',
    before: [],
    event: verdict('service-info', { service: 'orders-api' }, 'warning'),
    reason: 'below-threshold',
  },
  // a category configured below the alert severity
  {
    name: 'below-threshold: oom configured info',
    before: [],
    event: verdict('oom', { service: 'orders-api', taskArn: 'x' }, 'info'),
    reason: 'below-threshold',
  },
  // an old task killed while a deployment replaces it
  {
    name: 'inhibited: old task during deployment',
    before: [deploymentEvent('deployment-started', 'ecs-svc/3', 0)],
    event: serviceTask('app-exit', 't1', 1, { exitCode: 137 }),
    reason: 'inhibited',
  },
  // a task of the failed deployment counts into the deployment incident
  {
    name: 'inhibited: task of failed deployment',
    before: [deploymentEvent('deployment-failed', 'ecs-svc/222', 0)],
    event: exit('t9', 1),
    reason: 'inhibited',
  },
  // normal churn
  { name: 'ignored: normal stop', before: [], event: serviceTask('normal-stop', 't1', 0), reason: 'ignored' },
  // transitions such as RUNNING
  { name: 'ignored: task transition', before: [], event: serviceTask('task-transition', 't1', 0), reason: 'ignored' },
  // a deployment start is recorded, not alerted
  {
    name: 'ignored: deployment started',
    before: [],
    event: deploymentEvent('deployment-started', 'ecs-svc/3', 0),
    reason: 'ignored',
  },
  // a completion with nothing open
  {
    name: 'ignored: deployment completed, no incident',
    before: [],
    event: deploymentEvent('deployment-completed', 'ecs-svc/3', 0),
    reason: 'ignored',
  },
  // steady state with nothing open
  {
    name: 'ignored: service steady, nothing open',
    before: [],
    event: serviceAction('service-steady', 0),
    reason: 'ignored',
  },
  // informational service actions
  {
    name: 'ignored: service info none',
    before: [],
    event: verdict('service-info', { service: 'orders-api' }, 'none'),
    reason: 'ignored',
  },
  // reconnect before the grace period ends
  {
    name: 'ignored: reconnected within grace',
    before: [instanceEvent('instance-disconnected', 'ci1', 0)],
    event: instanceEvent('instance-connected', 'ci1', 2),
    reason: 'ignored',
  },
  // a connect with nothing pending
  {
    name: 'ignored: agent connected',
    before: [],
    event: instanceEvent('instance-connected', 'ci1', 0),
    reason: 'ignored',
  },
  // events that aren't ECS state
  { name: 'ignored: unsupported', before: [], event: verdict('unsupported', {}, 'none'), reason: 'ignored' },
  // malformed input
  { name: 'ignored: invalid', before: [], event: verdict('invalid', { time: '' }, 'none'), reason: 'ignored' },
];

describe('Function: decide (every reason)', () => {
  it.each(rows)('$name', ({ before, event, reason, transition }) => {
    // Prepare
    const world = new World();
    world.playAll(before);
    // Act
    const output = world.play(event);
    // Assess
    expect(output.decision.reason).toBe(reason);
    expect(output.decision.transition).toBe(transition);
    expect(output.decision.detail.length).toBeGreaterThan(5);
    expect(output.alerts.map((a) => a.transition)).toEqual(transition ? expect.arrayContaining([transition]) : []);
  });

  it('covers every decision reason', () => {
    const reasons = new Set(rows.map((row) => row.reason));
    expect([...reasons].sort()).toEqual(
      [
        'below-threshold',
        'deduplicated',
        'duplicate',
        'escalated',
        'first',
        'grace-pending',
        'ignored',
        'inhibited',
        'repeat-elapsed',
        'resolved',
        'stale',
      ].sort(),
    );
  });
});
