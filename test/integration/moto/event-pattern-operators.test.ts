import { beforeAll, describe, expect, it } from 'vitest';
import { type EventPattern, matchesPattern } from '../../helpers/event-pattern.js';
import { eventOf, PATTERN_CASES, type PatternCase } from '../../helpers/event-pattern-cases.js';
import { matchPairs } from '../../helpers/moto-events.js';

type Matcher = (pattern: EventPattern, event: unknown) => boolean;

/** What moto's EventBridge answers for each case (its own event through its own rule). */
let moto: Map<string, boolean>;

beforeAll(async () => {
  const matched = await matchPairs(PATTERN_CASES.map((c) => ({ pattern: c.pattern, event: eventOf(c) })));
  moto = new Map(PATTERN_CASES.map((c, i) => [c.name, matched[i]!]));
});

/** The cases a matcher answers differently from moto, leaving out those where moto is known to be wrong. */
function disagreements(matcher: Matcher): string[] {
  return PATTERN_CASES.filter((c) => !c.motoDiffers)
    .filter((c) => matcher(c.pattern, eventOf(c)) !== moto.get(c.name))
    .map((c) => c.name);
}

describe('EventBridge operators: the hand matcher against moto', () => {
  it.each(PATTERN_CASES.filter((c) => !c.motoDiffers))('$name: moto and the hand matcher agree', (c) => {
    expect(moto.get(c.name)).toBe(c.matches);
    expect(matchesPattern(c.pattern, eventOf(c))).toBe(moto.get(c.name));
  });

  // Where moto departs from EventBridge the case stays, and this fails once moto is fixed: then drop motoDiffers.
  it.each(PATTERN_CASES.filter((c): c is PatternCase & { motoDiffers: string } => c.motoDiffers !== undefined))(
    '$name: moto is known to answer otherwise',
    (c) => {
      expect(moto.get(c.name)).toBe(!c.matches);
      expect(matchesPattern(c.pattern, eventOf(c))).toBe(c.matches);
    },
  );

  it('catches a plausible hand-matcher mistake: anything-but that also lets a missing field through', () => {
    // The mistake reads "anything but X" as "not X", so a missing field passes; the deployed serviceAction rule
    // relies on the opposite (it drops service actions without an eventName).
    const lenient: Matcher = (pattern, event) => matchesPattern(withLenientAnythingBut(pattern), event);

    expect(disagreements(matchesPattern)).toEqual([]);
    expect(disagreements(lenient)).toEqual([
      'anything-but needs the field',
      'anything-but prefix needs the field',
      'anything-but on an object finds no leaf',
    ]);
  });
});

/** The pattern with every anything-but also accepting an absent field, as the mistaken matcher would read it. */
function withLenientAnythingBut(pattern: EventPattern): EventPattern {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const lenient = value.some((entry) => typeof entry === 'object' && entry !== null && 'anything-but' in entry);
      return lenient ? [...value, { exists: false }] : value.map(rewrite);
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    }
    return value;
  };
  return rewrite(pattern) as EventPattern;
}
