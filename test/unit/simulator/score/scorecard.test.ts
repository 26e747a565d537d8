import { describe, expect, it } from 'vitest';
import type { Transition } from '../../../../shared/domain/incidents/types.js';
import { type DeliveredMessage, emptyRunCounts, type RunResult } from '../../../../shared/simulator/run/result.js';
import { scoreRun, scoreRuns } from '../../../../shared/simulator/score/index.js';
import { type Problem, type Scenario, SIM_EPOCH } from '../../../../shared/simulator/types.js';

const MIN = 60_000;
const INSTANCE_ARN = 'arn:aws:ecs:eu-west-1:111122223333:container-instance/prod/abc123';

function scenario(problems: Problem[], extra: Partial<Scenario> = {}): Scenario {
  return {
    name: 'scripted',
    description: '',
    seed: 1,
    duration: '04:00',
    fleet: { clusters: [{ name: 'prod', instances: 3, services: [] }] },
    actions: [],
    truth: { problems, remediations: [] },
    ...extra,
  };
}

/** A message about `subject` in prod: transition at `atMin` minutes, delivered `lagMin` later, on both channels. */
function message(
  transition: Transition,
  atMin: number,
  subject: DeliveredMessage['subject'] = { kind: 'service', name: 'orders-api' },
  options: { lagMin?: number; openedAtMin?: number; cluster?: string } = {},
): DeliveredMessage[] {
  const key = `111122223333/eu-west-1/${options.cluster ?? 'prod'}/${subject.kind}/${subject.name}/task-failure`;
  const transitionAt = SIM_EPOCH + atMin * MIN;
  return (['sns', 'slack'] as const).map((channel) => ({
    at: transitionAt + (options.lagMin ?? 1) * MIN,
    channel,
    alertId: `${key}#${transition}#${transitionAt}`,
    incident: key,
    transition,
    title: `${transition} ${subject.name}`,
    group: 'task-failure',
    cluster: options.cluster ?? 'prod',
    subject,
    severity: 'warning',
    category: 'app-exit',
    transitionAt,
  }));
}

function run(messages: DeliveredMessage[][], extra: Partial<RunResult> = {}): RunResult {
  return {
    scenario: 'scripted',
    epoch: SIM_EPOCH,
    endsAt: SIM_EPOCH + 240 * MIN,
    settings: {},
    messages: messages.flat(),
    reports: [],
    remediations: [],
    calls: [],
    history: [],
    instanceArns: { prod: ['arn:i0', 'arn:i1', INSTANCE_ARN] },
    openIncidents: [],
    counts: emptyRunCounts(),
    metricTotals: {},
    latencySeconds: [],
    ...extra,
  };
}

const crashLoop: Problem = {
  id: 'p1',
  kind: 'crash-loop',
  cluster: 'prod',
  subject: { service: 'orders-api' },
  from: '00:30',
  until: '01:30',
};

describe('Function: scoreRun', () => {
  it.each<[string, Problem[], DeliveredMessage[][], Partial<ReturnType<typeof scoreRun>>]>([
    [
      'a paged problem resolved after it ended',
      [crashLoop],
      [message('opened', 32), message('resolved', 120)],
      { recall: 1, precision: 1, falseResolves: 0, missedResolves: 0, passed: true },
    ],
    ['a problem nobody paged', [crashLoop], [], { recall: 0, paged: 0, problems: 1, passed: false }],
    [
      'an opening for another service belongs to no problem',
      [crashLoop],
      [message('opened', 32), message('opened', 40, { kind: 'service', name: 'cart-api' })],
      { recall: 1, precision: 0.5, openings: 2, falseOpenings: 1, passed: false },
    ],
    [
      'the same subject in another cluster is not the problem',
      [crashLoop],
      [message('opened', 32, undefined, { cluster: 'staging' })],
      { recall: 0, precision: 0, passed: false },
    ],
    [
      'an opening before the problem began is not its page',
      [crashLoop],
      [message('opened', 10)],
      { recall: 0, falseOpenings: 1, passed: false },
    ],
    [
      'an opening long after the problem ended is not its page',
      [crashLoop],
      [message('opened', 120)],
      { recall: 0, falseOpenings: 1 },
    ],
    [
      'a resolve while the problem goes on is false',
      [crashLoop],
      [message('opened', 32), message('resolved', 70), message('opened', 80), message('resolved', 125)],
      { recall: 1, falseResolves: 1, precision: 1, passed: false },
    ],
    [
      'an incident never resolved after the problem ended is a missed resolve',
      [crashLoop],
      [message('opened', 32)],
      { missedResolves: 1, passed: true },
    ],
    [
      'a problem lasting past the end needs no resolve',
      [{ ...crashLoop, until: undefined }],
      [message('opened', 32)],
      { missedResolves: 0, falseResolves: 0, passed: true },
    ],
    [
      'a lost instance is matched by its ARN',
      [{ id: 'i2', kind: 'lost-instance', cluster: 'prod', subject: { instance: 2 }, from: '00:30' }],
      [message('opened', 36, { kind: 'instance', name: INSTANCE_ARN })],
      { recall: 1, precision: 1, passed: true },
    ],
    [
      'a job family is matched by name',
      [{ id: 'j', kind: 'oom', cluster: 'prod', subject: { family: 'nightly-etl' }, from: '00:30', until: '00:31' }],
      [
        message('opened', 31, { kind: 'family', name: 'nightly-etl' }),
        message('resolved', 65, { kind: 'family', name: 'nightly-etl' }),
      ],
      { recall: 1, precision: 1, missedResolves: 0, passed: true },
    ],
    [
      'a problem that need not page still owns its opening',
      [{ ...crashLoop, page: false }],
      [message('opened', 32)],
      { problems: 0, recall: 1, precision: 1, passed: true },
    ],
    [
      'a problem that need not page may stay silent',
      [{ ...crashLoop, page: false }],
      [],
      { problems: 0, recall: 1, passed: true },
    ],
  ])('%s', (_name, problems, messages, expected) => {
    expect(scoreRun(scenario(problems), run(messages))).toMatchObject(expected);
  });

  it('measures time to page from the problem start to the first opened delivery', () => {
    const problems: Problem[] = [
      crashLoop,
      { ...crashLoop, id: 'p2', subject: { service: 'cart-api' }, from: '01:00' },
    ];
    const card = scoreRun(
      scenario(problems),
      run([
        message('opened', 32, undefined, { lagMin: 1 }),
        message('opened', 64, { kind: 'service', name: 'cart-api' }, { lagMin: 2 }),
      ]),
    );

    // 3 min and 6 min from each start.
    expect(card.timeToPageSeconds).toEqual({ median: 270, max: 360 });
  });

  it('measures time to resolve from the problem end to the resolved delivery of its last incident', () => {
    const problems: Problem[] = [
      crashLoop,
      { ...crashLoop, id: 'p2', subject: { service: 'cart-api' }, from: '01:00', until: '02:00' },
      { ...crashLoop, id: 'p3', subject: { service: 'never-resolved' }, from: '01:00', until: '02:00' },
    ];
    const cart = { kind: 'service', name: 'cart-api' } as const;
    const stuck = { kind: 'service', name: 'never-resolved' } as const;
    const card = scoreRun(
      scenario(problems),
      run([
        message('opened', 32),
        message('resolved', 95, undefined, { lagMin: 5 }),
        message('opened', 64, cart),
        message('resolved', 150, cart, { lagMin: 1 }),
        message('opened', 64, stuck),
      ]),
    );

    // Delivered 10 min after orders-api's end (01:30 -> 01:40) and 31 min after cart-api's (02:00 -> 02:31);
    // never-resolved is a missed resolve, not a time.
    expect(card.timeToResolveSeconds).toEqual({ median: 1230, max: 1860 });
    expect(card.missedResolves).toBe(1);
  });

  it('counts messages per paging problem on each channel', () => {
    const card = scoreRun(
      scenario([crashLoop]),
      run([message('opened', 32), message('repeated', 92), message('resolved', 120)]),
    );

    expect(card.messagesPerProblem).toEqual({ slack: 3, sns: 3 });
  });

  it('fails a problem-free scenario that sent anything', () => {
    const card = scoreRun(scenario([]), run([message('opened', 32)]));

    expect(card.passed).toBe(false);
    expect(card.failures).toContain('2 messages from a problem-free fleet');
  });

  it('passes a problem-free scenario that sent nothing', () => {
    expect(scoreRun(scenario([]), run([]))).toMatchObject({ passed: true, recall: 1, precision: 1 });
  });

  it('fails on metric totals that differ from the truth', () => {
    const card = scoreRun(
      scenario([], { truth: { problems: [], remediations: [], metrics: { TaskFailures: 3 } } }),
      run([], { metricTotals: { TaskFailures: 5 } }),
    );

    expect(card.metricsOff).toEqual(['TaskFailures 5 (expected 3)']);
    expect(card.passed).toBe(false);
  });
});

describe('Function: scoreRuns', () => {
  it('pools the counts into a total and fails it when any scenario fails', () => {
    const good = { scenario: scenario([crashLoop], { name: 'good' }), result: run([message('opened', 32)]) };
    const bad = { scenario: scenario([crashLoop], { name: 'bad' }), result: run([]) };

    const { cards, total } = scoreRuns([good, bad]);

    expect(cards.map((c) => [c.scenario, c.passed])).toEqual([
      ['good', true],
      ['bad', false],
    ]);
    expect(total).toMatchObject({ scenario: 'total', problems: 2, paged: 1, recall: 0.5, passed: false });
  });
});
