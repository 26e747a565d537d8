import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEventPatterns, parseClusters } from '../../../infra/scope.cjs';
import { classify } from '../../../shared/domain/classify/index.js';
import type { Category } from '../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { type EventPattern, matchesPattern } from '../../helpers/event-pattern.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/events');
const PATTERN_FILE = join(import.meta.dirname, '../../../infra/event-patterns.json');

// Categories the incident lifecycle needs even though they don't alert: they resolve or confirm incidents.
const LIFECYCLE: readonly Category[] = [
  'instance-connected',
  'instance-disconnected',
  'instance-deregistered',
  'service-steady',
  'deployment-completed',
  'deployment-started',
  'spot-interruption',
  'maintenance',
];
// Categories that alert at default settings; every one must have a fixture, or this test proves little.
const ALERTING: readonly Category[] = [
  'oom',
  'app-exit',
  'image-pull',
  'start-failure',
  'health-check',
  'instance-loss',
  'deployment-rollback',
  'deployment-failed',
  'placement-failure',
  'start-impaired',
  'discovery-unhealthy',
];
// What the patterns may drop: nothing here alerts, resolves or confirms anything.
const DROPPABLE: readonly Category[] = ['task-transition', 'service-info', 'unsupported', 'invalid'];

interface Fixture {
  file: string;
  event: unknown;
  category: Category;
  alert: boolean;
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    const event: unknown = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
    const verdict = classify(parseEcsEvent(event));
    return { file, event, category: verdict.category, alert: verdict.alert };
  });

const passes = (patterns: Record<string, EventPattern>, event: unknown) =>
  Object.values(patterns).some((pattern) => matchesPattern(pattern, event));

const allClusters = buildEventPatterns([]);
const needed = fixtures.filter((f) => f.alert || LIFECYCLE.includes(f.category));
const fileOf = (f: Fixture) => f.file;

describe('EventBridge patterns: infra/event-patterns.json', () => {
  it('deploys the patterns of the JSON file unchanged when no cluster is configured', () => {
    // Prepare
    const file = JSON.parse(readFileSync(PATTERN_FILE, 'utf8')) as Record<string, { pattern?: EventPattern }>;

    // Assess
    for (const [name, pattern] of Object.entries(allClusters)) {
      expect(pattern, name).toEqual(file[name]?.pattern);
    }
  });

  it('has fixtures for every alerting and lifecycle category', () => {
    const seen = new Set(fixtures.map((f) => f.category));
    expect([...ALERTING, ...LIFECYCLE].filter((category) => !seen.has(category))).toEqual([]);
    expect(fixtures.filter((f) => f.alert).map((f) => f.category)).toEqual(expect.arrayContaining([...ALERTING]));
  });

  it.each(needed.map(fileOf))('lets %s through (the classifier alerts on it or needs it to resolve)', (file) => {
    const fixture = needed.find((f) => f.file === file)!;
    expect(passes(allClusters, fixture.event)).toBe(true);
  });

  it.each(fixtures.filter((f) => f.category === 'task-transition').map(fileOf))(
    'drops %s (a task that is not stopping)',
    (file) => {
      const fixture = fixtures.find((f) => f.file === file)!;
      expect(passes(allClusters, fixture.event)).toBe(false);
    },
  );

  it('drops nothing but categories that neither alert nor change an incident', () => {
    const dropped = fixtures.filter((f) => !passes(allClusters, f.event));
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
    expect(passes(allClusters, notice.event)).toBe(true);
  });

  it('drops SERVICE_DESIRED_COUNT_UPDATED, the one service action dropped on purpose', () => {
    const fixture = fixtures.find((f) => f.file === 'service-info--desired-count-updated.json')!;
    expect(passes(allClusters, fixture.event)).toBe(false);
  });
});

/** The cluster a fixture names (from detail.clusterArn, else a long-format service ARN), if any. */
function clusterOf(event: unknown): string | undefined {
  const text = JSON.stringify(event);
  return /:cluster\/([\w-]+)"/.exec(text)?.[1] ?? /:service\/([\w-]+)\/[\w-]+"/.exec(text)?.[1];
}

/** The fixture moved to another cluster: every cluster and long service ARN renamed. */
function inCluster(event: unknown, from: string, to: string): unknown {
  const text = JSON.stringify(event)
    .replaceAll(`:cluster/${from}"`, `:cluster/${to}"`)
    .replaceAll(`:service/${from}/`, `:service/${to}/`);
  return JSON.parse(text);
}

describe('EventBridge patterns scoped to clusters (clusters param)', () => {
  const scoped = buildEventPatterns(parseClusters('prod, batch-01'));
  const located = needed.filter((f) => clusterOf(f.event) !== undefined);

  it.each(located.map(fileOf))('lets %s through from a cluster in scope, drops it from any other', (file) => {
    const fixture = located.find((f) => f.file === file)!;
    const cluster = clusterOf(fixture.event)!;
    expect(passes(scoped, inCluster(fixture.event, cluster, 'batch-01'))).toBe(true);
    expect(passes(scoped, inCluster(fixture.event, cluster, 'staging'))).toBe(false);
    // Names are matched whole: a cluster whose name merely starts with a scoped one stays out.
    expect(passes(scoped, inCluster(fixture.event, cluster, 'prod-eu'))).toBe(false);
  });

  it('matches cluster names in any account and Region (the central bus receives other accounts)', () => {
    const fixture = located.find((f) => f.category === 'oom')!;
    const other = JSON.parse(
      JSON.stringify(inCluster(fixture.event, clusterOf(fixture.event)!, 'prod')).replaceAll(
        'us-east-1:123456789012:',
        'eu-west-1:210987654321:',
      ),
    );
    expect(passes(scoped, other)).toBe(true);
  });

  it('drops events that name no cluster (old short service ARNs): the documented gap of scoping', () => {
    const unlocated = needed.filter((f) => clusterOf(f.event) === undefined).map(fileOf);
    expect(unlocated).toEqual(['deployment-failed--short-service-arn.json']);
    const fixture = needed.find((f) => f.file === unlocated[0])!;
    expect(passes(scoped, fixture.event)).toBe(false);
  });

  it('still drops tasks that are not stopping', () => {
    const transition = fixtures.find((f) => f.category === 'task-transition')!;
    const cluster = clusterOf(transition.event)!;
    expect(passes(scoped, inCluster(transition.event, cluster, 'prod'))).toBe(false);
  });

  it('stays within the EventBridge pattern size limit (2048 characters) for 20 clusters', () => {
    const names = Array.from({ length: 20 }, (_, i) => `production-cluster-${i}`);
    for (const pattern of Object.values(buildEventPatterns(names))) {
      expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
    }
  });

  it('refuses a cluster list that would exceed the size limit', () => {
    const names = Array.from({ length: 60 }, (_, i) => `a-rather-long-production-cluster-name-${i}`);
    expect(() => buildEventPatterns(names)).toThrow(/exceeds 2048 characters/);
  });
});
