import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../shared/domain/classify/classify.js';
import type { Verdict } from '../../../shared/domain/classify/types.js';
import { CATEGORIES } from '../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { ECS_DETAIL_TYPES } from '../../../shared/domain/events/types.js';
import { loadEventFixtures } from './event-fixtures.js';

const fixtures = loadEventFixtures().map((fixture) => fixture.value);
const RUNS = { numRuns: 300 };

/** Parses and classifies twice; the two verdicts must be equal and well-formed. */
function classifyTwice(value: unknown): Verdict {
  const first = classify(parseEcsEvent(value));
  const second = classify(parseEcsEvent(value));
  expect(second).toEqual(first);
  expect(CATEGORIES).toContain(first.category);
  expect(typeof first.summary).toBe('string');
  expect(first.summary.length).toBeLessThan(2000);
  return first;
}

type Path = Array<string | number>;

/** Every path into a JSON value, root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  }
  return [];
}

const DELETE = Symbol('delete');

/** A copy of `value` with the node at `path` replaced by `replacement`, or removed. */
function mutate(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === DELETE) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

function deeplyNested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { next: value };
  return value;
}

const hugeString = fc
  .string({ minLength: 1, maxLength: 3 })
  .map((unit) => unit.repeat(Math.ceil((256 * 1024) / unit.length) + 1));

const replacement = fc.oneof(
  fc.constant(DELETE),
  fc.jsonValue(),
  fc.anything(),
  hugeString,
  fc.integer({ min: 1000, max: 20000 }).chain((depth) => fc.boolean().map((asArray) => deeplyNested(depth, asArray))),
  fc.array(fc.jsonValue(), { minLength: 150, maxLength: 400 }),
  fc.constantFrom(null, '', 0, -1, 137, Number.MAX_VALUE, true, 'STOPPED', 'OutOfMemoryError: x', [], {}),
);

const fixtureWithPath = fc.constantFrom(...fixtures).chain((fixture) => {
  const paths = pathsOf(fixture);
  return paths.length === 0
    ? fc.constant({ fixture, path: undefined })
    : fc.constantFrom(...paths).map((path) => ({ fixture, path: path as Path | undefined }));
});

describe('Property: parseEcsEvent + classify', () => {
  it('never throw and are deterministic for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        classifyTwice(value);
      }),
      RUNS,
    );
  });

  it('never throw for any JavaScript value (null prototypes, maps, typed arrays, boxed values…)', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        classifyTwice(value);
      }),
      RUNS,
    );
  });

  it('never throw for random details inside a valid ECS envelope', () => {
    const envelope = fc.record({
      source: fc.constant('aws.ecs'),
      'detail-type': fc.constantFrom(...ECS_DETAIL_TYPES),
      resources: fc.array(fc.oneof(fc.string(), fc.constant('arn:aws:ecs:us-east-1:1:service/prod/api'))),
      detail: fc.dictionary(
        fc.constantFrom(
          'lastStatus',
          'desiredStatus',
          'containers',
          'status',
          'agentConnected',
          'eventName',
          'stopCode',
          'taskArn',
        ),
        fc.jsonValue(),
      ),
    });
    fc.assert(
      fc.property(envelope, (value) => {
        classifyTwice(value);
      }),
      RUNS,
    );
  });

  it('never throw when any part of a real fixture is deleted or replaced', () => {
    fc.assert(
      fc.property(fixtureWithPath, replacement, ({ fixture, path }, value) => {
        const mutated = path === undefined ? fixture : mutate(fixture, path, value);
        classifyTwice(mutated);
      }),
      RUNS,
    );
  });
});
