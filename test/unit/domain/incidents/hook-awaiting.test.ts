import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/classify/index.js';
import type { Verdict } from '../../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../../shared/domain/events/parse.js';
import { incidentKeyFor } from '../../../../shared/domain/incidents/keys.js';
import type { Silence } from '../../../../shared/domain/incidents/silences.js';
import { nextSweepDue, sweep } from '../../../../shared/domain/incidents/sweep.js';
import type { Decision, IncidentPolicy } from '../../../../shared/domain/incidents/types.js';
import { eventFixture } from '../event-fixtures.js';
import { POLICY, World } from './factories.js';

type Detail = Record<string, unknown>;
const T0 = Date.parse('2026-04-11T01:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace('.000Z', 'Z');
const HOOK = 'ecs-pause-e7tK9G_WRJqNF_EOMjztDXfKenlJuEUVjsNStf4WLKw';

/** The documented HOOK_AWAITING_ACTION (a pause hook at POST_TEST_TRAFFIC_SHIFT) at `minutes`, as `eventName`. */
function hook(eventName: string, minutes: number, hookId = HOOK): Verdict {
  const raw = eventFixture('hook-awaiting-action--doc-example');
  raw.time = at(minutes);
  // The default pause-hook timeout: 24 h after the wait began.
  Object.assign(raw.detail as Detail, { eventName, hookId, expiresAt: at(minutes + 1440) });
  return classify(parseEcsEvent(raw));
}

/** A deployment event of the hook example's service (my-service in my-cluster) at `minutes`. */
function deployment(name: string, minutes: number): Verdict {
  const raw = eventFixture(name);
  raw.time = at(minutes);
  raw.resources = ['arn:aws:ecs:us-west-2:123456789012:service/my-cluster/my-service'];
  return classify(parseEcsEvent(raw));
}

/** Runs the grace sweep over the world's state at `minutes` and applies what it writes, as runSweep does. */
function sweepAt(world: World, minutes: number, silences: Silence[] = []): Decision[] {
  const now = at(minutes);
  const records = [...world.deployments.values()];
  const out = sweep({
    now,
    due: [],
    stillDisconnected: {},
    open: [...world.incidents.values()].filter((i) => i.status === 'open'),
    instanceIncidents: {},
    dueHooks: records.filter((r) => r.awaitingHook?.dueAt && Date.parse(r.awaitingHook.dueAt) <= Date.parse(now)),
    hookIncidents: Object.fromEntries(world.incidents),
    silences,
    policy: world.policy,
  });
  for (const incident of out.incidents) world.incidents.set(incident.key, incident);
  for (const { record } of out.deployments) world.deployments.set(`${record.cluster}/${record.service}`, record);
  return out.decisions;
}

/** The health check's stuck-deployment finding for the hook example's service at `minutes`. */
function stuckCheck(minutes: number): Verdict {
  const facts = hook('HOOK_AWAITING_ACTION', minutes).facts;
  return {
    category: 'start-impaired',
    severity: 'warning',
    alert: true,
    remediation: 'none',
    summary: 'deployment in progress for 60 min',
    facts: {
      account: facts.account,
      region: facts.region,
      time: at(minutes),
      cluster: facts.cluster,
      clusterArn: facts.clusterArn,
      service: facts.service,
      serviceArn: facts.serviceArn,
      resourceArn: facts.serviceArn,
      deploymentId: 'ecs-svc/1',
      eventName: 'LOOKOUT_CHECK_STUCK_DEPLOYMENT',
    },
  };
}

type Step = Verdict | { sweep: number };

/** Plays events and sweeps in order; returns every alerting transition, in order. */
function play(steps: Step[], policy: IncidentPolicy = POLICY): { world: World; transitions: string[] } {
  const world = new World(policy);
  const transitions: string[] = [];
  for (const step of steps) {
    if ('sweep' in step) {
      for (const d of sweepAt(world, step.sweep)) if (d.transition) transitions.push(`${d.transition}@${step.sweep}`);
      continue;
    }
    const output = world.play(step);
    const minutes = (Date.parse(step.facts.time) - T0) / 60_000;
    for (const alert of output.alerts) transitions.push(`${alert.transition}@${minutes}`);
  }
  return { world, transitions };
}

const KEY = incidentKeyFor(hook('HOOK_AWAITING_ACTION', 0))?.key ?? '';

describe('Hook awaiting action: a warning on the deployment after hookAwaitingAfterMs (1 h by default)', () => {
  it.each<[string, Step[], string[]]>([
    ['not before the hour is up', [hook('HOOK_AWAITING_ACTION', 0), { sweep: 59 }], []],
    ['pages once at the hour', [hook('HOOK_AWAITING_ACTION', 0), { sweep: 60 }, { sweep: 61 }], ['opened@60']],
    [
      'a redelivered wait, before or after the page, restarts nothing',
      [
        hook('HOOK_AWAITING_ACTION', 0),
        hook('HOOK_AWAITING_ACTION', 0),
        { sweep: 60 },
        hook('HOOK_AWAITING_ACTION', 0),
        { sweep: 120 },
      ],
      ['opened@60'],
    ],
    [
      'the hook succeeding first: never opened',
      [hook('HOOK_AWAITING_ACTION', 0), hook('HOOK_SUCCEEDED', 30), { sweep: 60 }],
      [],
    ],
    [
      'its success delivered before the wait (out of order): no timer',
      [hook('HOOK_SUCCEEDED', 30), hook('HOOK_AWAITING_ACTION', 0), { sweep: 60 }],
      [],
    ],
    [
      'the deployment completing first: never opened',
      [hook('HOOK_AWAITING_ACTION', 0), deployment('deployment-completed--doc-example', 20), { sweep: 60 }],
      [],
    ],
    [
      'its completion delivered before the wait (out of order): no timer',
      [deployment('deployment-completed--doc-example', 20), hook('HOOK_AWAITING_ACTION', 0), { sweep: 60 }],
      [],
    ],
    [
      'the hook succeeding after the page resolves it',
      [hook('HOOK_AWAITING_ACTION', 0), { sweep: 60 }, hook('HOOK_SUCCEEDED', 70)],
      ['opened@60', 'resolved@70'],
    ],
    [
      'the hook timing out after the page: the same incident escalates, the rollback completing resolves it',
      [
        hook('HOOK_AWAITING_ACTION', 0),
        { sweep: 60 },
        hook('HOOK_TIMED_OUT', 90),
        deployment('deployment-completed--doc-example', 100),
      ],
      ['opened@60', 'escalated@90', 'resolved@100'],
    ],
    [
      'the stuck-deployment check joins it and the hook stays named: its success still resolves it',
      [hook('HOOK_AWAITING_ACTION', 0), { sweep: 60 }, stuckCheck(65), hook('HOOK_SUCCEEDED', 80)],
      ['opened@60', 'resolved@80'],
    ],
    [
      'the stuck-deployment check before the hour is up pages nothing: the hook is why, and its timer tells it',
      [hook('HOOK_AWAITING_ACTION', 0), stuckCheck(30), { sweep: 59 }, { sweep: 60 }],
      ['opened@60'],
    ],
    [
      'not quiet while the hook can still be answered (resolveAfter is 30 min)',
      [hook('HOOK_AWAITING_ACTION', 0), { sweep: 60 }, { sweep: 300 }, { sweep: 1400 }],
      ['opened@60'],
    ],
  ])('%s', (_name, steps, expected) => {
    // Act
    const { transitions } = play(steps);

    // Assess
    expect(transitions).toEqual(expected);
  });

  it('names the hook, its stage and how long it waited, as a warning on the deployment with a reason', () => {
    // Act
    const world = new World();
    world.play(hook('HOOK_AWAITING_ACTION', 0));
    const decisions = sweepAt(world, 65);

    // Assess
    expect(decisions).toEqual([
      {
        reason: 'first',
        detail: `lifecycle hook \`${HOOK}\` awaiting action at \`POST_TEST_TRAFFIC_SHIFT\` for 1 h 5 min: warning`,
        incidentKey: KEY,
        transition: 'opened',
      },
    ]);
    expect(world.incident(KEY)).toMatchObject({
      group: 'deployment',
      status: 'open',
      severity: 'warning',
      category: 'hook-awaiting-action',
      lastEventAt: at(0),
      lastFacts: { hookId: HOOK, lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' },
    });
  });

  it('follows the configured time, and stays below an alert threshold of critical', () => {
    // Act
    const quick = play([hook('HOOK_AWAITING_ACTION', 0), { sweep: 14 }, { sweep: 15 }], {
      ...POLICY,
      hookAwaitingAfterMs: 15 * 60_000,
    });
    const critical = new World({ ...POLICY, alertSeverity: 'critical' });
    critical.play(hook('HOOK_AWAITING_ACTION', 0));
    const held = sweepAt(critical, 60);

    // Assess
    expect(quick.transitions).toEqual(['opened@15']);
    expect(held.map((d) => d.reason)).toEqual(['below-threshold']);
    expect(critical.incidents.size).toBe(0);
    expect(sweepAt(critical, 61)).toEqual([]);
  });

  it('notes the wait on an incident the service already has open instead of paging again', () => {
    // Prepare: the deployment's incident is open (its hook failed before: a rollback is waiting on a second hook)
    const world = new World();
    world.play(hook('HOOK_FAILED', 0, 'ecs-pause-first'));
    world.play(hook('HOOK_AWAITING_ACTION', 5));

    // Act
    const decisions = sweepAt(world, 65);

    // Assess
    expect(decisions.map((d) => d.reason)).toEqual(['deduplicated']);
    expect(world.incident(KEY).notes.at(-1)).toBe(
      `Lifecycle hook \`${HOOK}\` awaiting action at \`POST_TEST_TRAFFIC_SHIFT\` for 1 h`,
    );
  });

  it('schedules the next sweep at the wait’s due time, and not at the quiet time of a waiting incident', () => {
    // Prepare
    const world = new World();
    world.play(hook('HOOK_AWAITING_ACTION', 0));
    const records = [...world.deployments.values()];

    // Act
    const due = nextSweepDue([], [], POLICY, records);
    sweepAt(world, 60);
    const afterPage = nextSweepDue([], [...world.incidents.values()], POLICY, [...world.deployments.values()]);

    // Assess: due at the hour; then only when the hook expires (24 h) and quiet resolution may apply
    expect(due).toBe(new Date(T0 + 60 * 60_000).toISOString());
    expect(afterPage).toBe(new Date(T0 + 1440 * 60_000).toISOString());
  });
});

describe("Hook awaiting action under a silence: held back like an event's alert", () => {
  /** A maintenance silence of the hook example's cluster (my-cluster) from minute 0 to `untilMinutes`. */
  const silence = (untilMinutes: number, service?: string): Silence => ({
    id: 'sil-1',
    cluster: 'my-cluster',
    ...(service ? { service } : {}),
    from: at(0),
    until: at(untilMinutes),
    reason: 'blue/green test',
    by: 'ops',
  });

  it.each<[string, Silence[], string[]]>([
    ['no silence: pages at the hour', [], ['first']],
    ['the cluster silenced: held back, counted as silenced', [silence(120)], ['silenced']],
    ['another service silenced: pages', [silence(120, 'other-service')], ['first']],
    ['a silence already over: pages', [silence(30)], ['first']],
  ])('%s', (_name, silences, reasons) => {
    // Act
    const world = new World();
    world.play(hook('HOOK_AWAITING_ACTION', 0));
    const decisions = sweepAt(world, 60, silences);

    // Assess
    expect(decisions.map((d) => d.reason)).toEqual(reasons);
    expect(world.incident(KEY)?.status).toBe('open');
  });

  it('pages as opened when the silence ends and the hook still waits', () => {
    // Arrange
    const world = new World();
    world.play(hook('HOOK_AWAITING_ACTION', 0));
    const silences = [silence(120)];
    sweepAt(world, 60, silences);

    // Act
    const during = sweepAt(world, 100, silences);
    const after = sweepAt(world, 121, silences);

    // Assess
    expect(during.filter((d) => d.transition)).toEqual([]);
    expect(after).toMatchObject([{ reason: 'first', transition: 'opened', incidentKey: KEY }]);
    expect(world.incident(KEY)?.silenced).toBeUndefined();
  });

  it('closes without a message when the hook is answered within the silence', () => {
    // Arrange
    const world = new World();
    world.silences = [silence(120)];
    world.play(hook('HOOK_AWAITING_ACTION', 0));
    sweepAt(world, 60, world.silences);

    // Act
    const output = world.play(hook('HOOK_SUCCEEDED', 70));

    // Assess
    expect(output.alerts).toEqual([]);
    expect(world.incident(KEY)?.status).toBe('resolved');
  });
});
