import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEventPatterns } from '../../../infra/scope.cjs';
import { classify } from '../../../shared/domain/classify/index.js';
import type { Category } from '../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { LIFECYCLE_CATEGORIES } from '../../helpers/lifecycle-categories.js';

// What the patterns let through is tested on moto's EventBridge: test/integration/moto/event-patterns.test.ts.

const FIXTURES = join(import.meta.dirname, '../../fixtures/events');
const PATTERN_FILE = join(import.meta.dirname, '../../../infra/event-patterns.json');

// Categories that alert at default settings; every one must have a fixture, or the pattern tests prove little.
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
  'service-error',
  'service-warning',
  'service-health-unknown',
  'instance-unreachable',
  'instance-impaired',
  'managed-instance-impaired',
  'hook-failed',
  'hook-timed-out',
  'daemon-rollout-failed',
  'daemon-rollback',
  'daemon-start-impaired',
];

const verdicts = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .map((file) => classify(parseEcsEvent(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')))));

describe('EventBridge patterns: infra/event-patterns.json', () => {
  it('deploys the patterns of the JSON file unchanged when no cluster is configured', () => {
    // Prepare
    const file = JSON.parse(readFileSync(PATTERN_FILE, 'utf8')) as Record<string, { pattern?: unknown }>;

    // Act
    const deployed = buildEventPatterns([]);

    // Assess
    for (const [name, pattern] of Object.entries(deployed)) {
      expect(pattern, name).toEqual(file[name]?.pattern);
    }
  });

  it('has fixtures for every alerting and lifecycle category', () => {
    const seen = new Set(verdicts.map((verdict) => verdict.category));
    expect([...ALERTING, ...LIFECYCLE_CATEGORIES].filter((category) => !seen.has(category))).toEqual([]);
    expect(verdicts.filter((v) => v.alert).map((v) => v.category)).toEqual(expect.arrayContaining([...ALERTING]));
  });
});

describe('EventBridge patterns scoped to clusters (clusters param)', () => {
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
