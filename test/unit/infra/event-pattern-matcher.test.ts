import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../helpers/event-pattern.js';
import { eventOf, OPERATOR_EVENT, PATTERN_CASES } from '../../helpers/event-pattern-cases.js';

// The same table runs through moto's EventBridge in test/integration/moto/event-pattern-operators.test.ts.
describe('Function: matchesPattern', () => {
  it.each(PATTERN_CASES)('$name: $matches', (patternCase) => {
    // Act
    const result = matchesPattern(patternCase.pattern, eventOf(patternCase));

    // Assess
    expect(result).toBe(patternCase.matches);
  });

  it('matches a wildcard star escaped with a backslash literally', () => {
    const event = { detail: { name: 'a*b' } };
    expect(matchesPattern({ detail: { name: [{ wildcard: 'a\\*b' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { name: [{ wildcard: 'a\\*b' }] } }, { detail: { name: 'axxb' } })).toBe(false);
  });

  it('never matches a non-object event', () => {
    expect(matchesPattern({ source: ['aws.ecs'] }, null)).toBe(false);
    expect(matchesPattern({ source: ['aws.ecs'] }, 'aws.ecs')).toBe(false);
  });

  it('refuses operators it does not implement instead of guessing', () => {
    expect(() => matchesPattern({ source: [{ cidr: '10.0.0.0/8' }] }, OPERATOR_EVENT)).toThrow(
      /unsupported pattern operator/,
    );
  });
});
