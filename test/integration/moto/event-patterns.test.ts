import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEventPatterns, parseClusters } from '../../../infra/scope.cjs';
import { classify } from '../../../shared/domain/classify/index.js';
import type { Category } from '../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { createFleet } from '../../../shared/simulator/fleet/index.js';
import { loadScenario, offsetMs } from '../../../shared/simulator/scenario.js';
import { SIM_EPOCH } from '../../../shared/simulator/types.js';
import { type EventPattern, matchesPattern } from '../../helpers/event-pattern.js';
import { LIFECYCLE_CATEGORIES } from '../../helpers/lifecycle-categories.js';
import { asDelivered, createPatternBus, type SendableEvent, sendable } from '../../helpers/moto-events.js';

// Every fixture (and a sample of the simulator's events) through the packaged rules' patterns on moto's
// EventBridge: what passes here is what the deployed rules pass. The hand matcher, which the simulator routes
// with, must answer the same for every event and rule.

const FIXTURES = join(import.meta.dirname, '../../fixtures/events');
const SCENARIOS = join(import.meta.dirname, '../../../shared/simulator/scenarios');

// What the patterns may drop: nothing here alerts, resolves or confirms anything.
// daemon-deployment: a daemon rollout pending, in progress or stopped (failed or superseded) is tracked only.
const DROPPABLE: readonly Category[] = [
  'task-transition',
  'service-info',
  'daemon-deployment',
  'unsupported',
  'invalid',
];

interface Fixture {
  file: string;
  event: unknown;
  category: Category;
  alert: boolean;
  /** What PutEvents carries, or why EventBridge could never deliver this event. */
  sent: SendableEvent | string;
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    const event: unknown = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
    const verdict = classify(parseEcsEvent(event));
    return { file, event, category: verdict.category, alert: verdict.alert, sent: sendable(event) };
  });
const delivered = fixtures.filter((f): f is Fixture & { sent: SendableEvent } => typeof f.sent !== 'string');
const needed = fixtures.filter((f) => f.alert || LIFECYCLE_CATEGORIES.includes(f.category));

const allClusters = buildEventPatterns([]) as Record<string, EventPattern>;
const scoped = buildEventPatterns(parseClusters('prod, batch-01')) as Record<string, EventPattern>;

/** The names of the rules whose pattern the hand matcher matches against the event as PutEvents delivers it. */
const handRules = (patterns: Record<string, EventPattern>, event: SendableEvent) =>
  Object.keys(patterns)
    .filter((name) => matchesPattern(patterns[name]!, asDelivered(event)))
    .sort();

/** The cluster a fixture names (from detail.clusterArn, else a long-format service ARN), if any. */
function clusterOf(event: unknown): string | undefined {
  const text = JSON.stringify(event);
  return /:cluster\/([\w-]+)"/.exec(text)?.[1] ?? /:service\/([\w-]+)\/[\w-]+"/.exec(text)?.[1];
}

/** The event moved to another cluster: every cluster and long service ARN renamed. */
function inCluster(event: SendableEvent, from: string, to: string): SendableEvent {
  const text = JSON.stringify(event)
    .replaceAll(`:cluster/${from}"`, `:cluster/${to}"`)
    .replaceAll(`:service/${from}/`, `:service/${to}/`);
  return JSON.parse(text) as SendableEvent;
}

/** The event as sent from another account and Region (a member account forwarding to the central bus). */
const fromOtherAccount = (event: SendableEvent): SendableEvent =>
  JSON.parse(JSON.stringify(event).replaceAll('us-east-1:123456789012:', 'eu-west-1:210987654321:')) as SendableEvent;

// Scenarios that between them emit every detail-type, task status pair, service action and deployment state the
// fleet model knows (normal-night adds only volume: 17,000 events of the same kinds).
const SAMPLED_SCENARIOS = [
  'slack-revoked',
  'bad-deploy-circuit-breaker',
  'placement-capacity',
  'spot-storm',
  'job-sidecar-exit',
  'host-terminated',
  'stuck-deployment',
];
const PER_KIND = 2;

/** The first events of each kind the fleet emits in the sampled scenarios (kind: detail-type and statuses). */
async function simulatorSample(): Promise<SendableEvent[]> {
  const byKind = new Map<string, SendableEvent[]>();
  for (const name of SAMPLED_SCENARIOS) {
    const scenario = await loadScenario(join(SCENARIOS, `${name}.json`));
    const fleet = createFleet(scenario.fleet, scenario.actions, { seed: scenario.seed, epoch: SIM_EPOCH });
    for (const envelope of fleet.advanceTo(SIM_EPOCH + (offsetMs(scenario.duration) ?? 0))) {
      const d = envelope.detail as Record<string, unknown>;
      const kind = [envelope['detail-type'], d.lastStatus, d.desiredStatus, d.stopCode, d.eventName, d.agentConnected]
        .map(String)
        .join('|');
      const seen = byKind.get(kind) ?? [];
      if (seen.length < PER_KIND) seen.push(sendable(envelope) as SendableEvent);
      byKind.set(kind, seen);
    }
  }
  return [...byKind.values()].flat();
}

let viaMoto: string[][];
const located = needed.filter((f) => typeof f.sent !== 'string' && clusterOf(f.event) !== undefined);
const unlocated = needed.filter((f) => clusterOf(f.event) === undefined);
const VARIANT_CLUSTERS = ['batch-01', 'staging', 'prod-eu'] as const;
type Variant = (typeof VARIANT_CLUSTERS)[number];
/** One fixture per detail-type also comes from another account (each delivery costs moto a JSONPath parse). */
const fromAfar = new Set(
  [...new Map(located.map((f) => [(f.sent as SendableEvent)['detail-type'], f.file])).values()].sort(),
);
let variantsViaMoto: Map<string, Partial<Record<Variant | 'other-account', string[]>>>;
let unlocatedViaMoto: string[][];
const prodOnly = buildEventPatterns(['prod']) as Record<string, EventPattern>;
let sample: SendableEvent[];
let sampleViaMoto: { all: string[][]; prod: string[][] };

/** The located fixtures renamed into each variant cluster, and a few sent from another account. */
function clusterVariants() {
  return located.flatMap((f) => {
    const event = f.sent as SendableEvent;
    const cluster = clusterOf(f.event)!;
    const variants = VARIANT_CLUSTERS.map((to) => ({ file: f.file, as: to, event: inCluster(event, cluster, to) }));
    if (!fromAfar.has(f.file)) return variants;
    const other = fromOtherAccount(inCluster(event, cluster, 'prod'));
    return [...variants, { file: f.file, as: 'other-account' as const, event: other }];
  });
}

// Three buses, matched in parallel; one bus never runs two matches at once (they would share its queues).
beforeAll(async () => {
  const [allBus, scopedBus, prodBus] = await Promise.all([
    createPatternBus(allClusters),
    createPatternBus(scoped),
    createPatternBus(prodOnly),
  ]);
  sample = await simulatorSample();
  const variants = clusterVariants();
  const [fixtureRules, scopedRules, prodRules] = await Promise.all([
    allBus.match([...delivered.map((f) => f.sent), ...sample]),
    scopedBus.match([...variants.map((v) => v.event), ...unlocated.map((f) => f.sent as SendableEvent)]),
    prodBus.match(sample),
  ]);
  viaMoto = fixtureRules.slice(0, delivered.length);
  sampleViaMoto = { all: fixtureRules.slice(delivered.length), prod: prodRules };
  variantsViaMoto = new Map();
  variants.forEach((variant, i) => {
    variantsViaMoto.set(variant.file, { ...variantsViaMoto.get(variant.file), [variant.as]: scopedRules[i]! });
  });
  unlocatedViaMoto = scopedRules.slice(variants.length);
});

const rulesOf = (f: Fixture) => viaMoto[delivered.indexOf(f as Fixture & { sent: SendableEvent })]!;
const passes = (f: Fixture) => rulesOf(f).length > 0;
const fileOf = (f: Fixture) => f.file;

describe('EventBridge patterns on moto: every fixture through the deployed rules (no cluster scope)', () => {
  it('sends every fixture but those EventBridge could never deliver (no source, detail-type or object detail)', () => {
    const unsent = fixtures.filter((f) => typeof f.sent === 'string');
    expect(unsent.map((f) => ({ file: f.file, category: f.category }))).toEqual(
      unsent.map((f) => ({ file: f.file, category: 'invalid' })),
    );
    expect(delivered.length).toBeGreaterThan(90);
  });

  it.each(delivered.map(fileOf))('%s: the hand matcher picks the rules moto does', (file) => {
    const fixture = delivered.find((f) => f.file === file)!;
    expect(handRules(allClusters, fixture.sent)).toEqual(rulesOf(fixture));
  });

  it.each(needed.map(fileOf))('lets %s through (the classifier alerts on it or needs it to resolve)', (file) => {
    expect(passes(needed.find((f) => f.file === file)!)).toBe(true);
  });

  it.each(fixtures.filter((f) => f.category === 'task-transition').map(fileOf))(
    'drops %s (a task that is not stopping)',
    (file) => {
      expect(passes(fixtures.find((f) => f.file === file)!)).toBe(false);
    },
  );

  it('drops nothing but categories that neither alert nor change an incident', () => {
    const dropped = delivered.filter((f) => !passes(f));
    expect(dropped.length).toBeGreaterThan(0);
    for (const fixture of dropped) {
      expect({ file: fixture.file, droppable: DROPPABLE.includes(fixture.category), alert: fixture.alert }).toEqual({
        file: fixture.file,
        droppable: true,
        alert: false,
      });
    }
  });

  it('keeps the Spot 2-minute notice (desiredStatus STOPPED while lastStatus is RUNNING)', () => {
    const notice = fixtures.find((f) => f.file === 'spot-interruption--standalone-notice.json')!;
    expect(notice.event).toMatchObject({ detail: { desiredStatus: 'STOPPED', lastStatus: 'RUNNING' } });
    expect(rulesOf(notice)).toEqual(['taskStateChange']);
  });

  it('drops SERVICE_DESIRED_COUNT_UPDATED, the one service action dropped on purpose', () => {
    expect(passes(fixtures.find((f) => f.file === 'service-info--desired-count-updated.json')!)).toBe(false);
  });
});

describe('EventBridge patterns on moto: scoped to clusters (clusters param "prod, batch-01")', () => {
  it.each(located.map(fileOf))('lets %s through from a cluster in scope, drops it from any other', (file) => {
    const rules = variantsViaMoto.get(file)!;
    expect(rules['batch-01']).toHaveLength(1);
    expect(rules.staging).toEqual([]);
    // Names are matched whole: a cluster whose name merely starts with a scoped one stays out.
    expect(rules['prod-eu']).toEqual([]);
  });

  it.each([...fromAfar])('lets %s through from another account and Region (the central bus)', (file) => {
    const rules = variantsViaMoto.get(file)!;
    expect(rules['other-account']).toHaveLength(1);
    expect(rules['other-account']).toEqual(rules['batch-01']);
  });

  it.each(located.map(fileOf))('%s in and out of scope: the hand matcher picks the rules moto does', (file) => {
    const fixture = located.find((f) => f.file === file)!;
    const event = fixture.sent as SendableEvent;
    const cluster = clusterOf(fixture.event)!;
    const rules = variantsViaMoto.get(file)!;
    for (const to of VARIANT_CLUSTERS) expect(handRules(scoped, inCluster(event, cluster, to))).toEqual(rules[to]);
    if (fromAfar.has(file)) {
      expect(handRules(scoped, fromOtherAccount(inCluster(event, cluster, 'prod')))).toEqual(rules['other-account']);
    }
  });

  it('drops events that name no cluster (old short service ARNs): the documented gap of scoping', () => {
    expect(unlocated.map(fileOf)).toEqual(['deployment-failed--short-service-arn.json']);
    expect(unlocatedViaMoto).toEqual([[]]);
  });
});

describe('EventBridge patterns on moto: the simulator’s events', () => {
  it('samples every detail-type the fleet emits', () => {
    expect(new Set(sample.map((event) => event['detail-type']))).toEqual(
      new Set([
        'ECS Task State Change',
        'ECS Container Instance State Change',
        'ECS Deployment State Change',
        'ECS Service Action',
      ]),
    );
  });

  it('routes each sampled event to the rules moto picks, with and without a cluster scope', () => {
    const mismatches = sample.flatMap((event, i) => {
      const all = handRules(allClusters, event);
      const prod = handRules(prodOnly, event);
      return all.join() === sampleViaMoto.all[i]!.join() && prod.join() === sampleViaMoto.prod[i]!.join()
        ? []
        : [{ event, hand: { all, prod }, moto: { all: sampleViaMoto.all[i], prod: sampleViaMoto.prod[i] } }];
    });
    expect(mismatches).toEqual([]);
    // Both kinds of answer occur, or the comparison proves little.
    expect(sampleViaMoto.all.some((rules) => rules.length === 0)).toBe(true);
    expect(sampleViaMoto.prod.some((rules, i) => rules.length === 0 && sampleViaMoto.all[i]!.length > 0)).toBe(true);
  });
});
