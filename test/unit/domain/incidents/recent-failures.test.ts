import { describe, expect, it } from 'vitest';
import { withFailureAt } from '../../../../shared/domain/incidents/recent-failures.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const ms = (minute: number) => Date.parse(at(minute));

// What countFailure did before: append, drop what left the window, sort by time (stably), keep the last `max`.
const reference = (times: string[], nowMs: number, windowStart: number, max: number) =>
  [...times, new Date(nowMs).toISOString()]
    .filter((time) => Date.parse(time) > windowStart)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .slice(-max);

describe('withFailureAt', () => {
  it.each([
    { name: 'appends the newest', times: [at(1), at(2)], now: 3, from: 0, max: 5, expected: [at(1), at(2), at(3)] },
    {
      name: 'inserts a late failure in order',
      times: [at(1), at(4)],
      now: 2,
      from: 0,
      max: 5,
      expected: [at(1), at(2), at(4)],
    },
    {
      name: 'drops times at or before the window start',
      times: [at(1), at(2), at(3)],
      now: 4,
      from: 2,
      max: 5,
      expected: [at(3), at(4)],
    },
    { name: 'keeps the last max', times: [at(1), at(2), at(3)], now: 4, from: 0, max: 2, expected: [at(3), at(4)] },
    {
      name: 'sorts a list stored out of order',
      times: [at(3), at(1)],
      now: 2,
      from: 0,
      max: 5,
      expected: [at(1), at(2), at(3)],
    },
    { name: 'drops unreadable times', times: ['not a time', at(1)], now: 2, from: 0, max: 5, expected: [at(1), at(2)] },
    {
      name: 'keeps other spellings of a time as stored',
      times: ['2026-01-01T00:01:00Z'],
      now: 2,
      from: 0,
      max: 5,
      expected: ['2026-01-01T00:01:00Z', at(2)],
    },
    { name: 'keeps nothing when the window is empty', times: [], now: 2, from: 2, max: 5, expected: [] },
    { name: 'adds nothing outside an empty window', times: [at(3)], now: 2, from: 2, max: 5, expected: [at(3)] },
  ])('$name', ({ times, now, from, max, expected }) => {
    expect(withFailureAt(times, ms(now), ms(from), max)).toEqual(expected);
  });

  it('puts a failure at the same time as stored ones after them, as a stable sort does', () => {
    const sameTime = ['2026-01-01T00:01:00Z', '2026-01-01T00:01:00.000+00:00'];
    expect(withFailureAt(sameTime, ms(1), ms(0), 5)).toEqual([...sameTime, at(1)]);
  });

  it('agrees with append, filter, sort and slice on random lists', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const times = Array.from({ length: next(60) }, () => at(next(90)));
      if (next(2) === 0) times.sort();
      const [now, from, max] = [next(90), next(60) - 5, 1 + next(55)];
      expect(withFailureAt(times, ms(now), ms(from), max)).toEqual(reference(times, ms(now), ms(from), max));
    }
  });

  it('agrees with the reference failure after failure on the lists it returned (their times already read)', () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let times: string[] = [];
    for (let failure = 0; failure < 300; failure++) {
      const now = failure + next(5) - 2;
      const [from, max] = [now - 1 - next(40), 1 + next(50)];
      const expected = reference(times, ms(now), ms(from), max);
      times = withFailureAt(times, ms(now), ms(from), max, next(2) === 0 ? at(now) : undefined);
      expect(times).toEqual(expected);
    }
  });
});
