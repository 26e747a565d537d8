import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime, toIso, toMs } from '../../../../shared/domain/incidents/time.js';

const sameNumber = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

describe('toMs', () => {
  it.each([
    '2026-11-27T08:00:25.000Z',
    '2024-02-29T23:59:59.999Z',
    '1970-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    // Shapes Date.parse reads by its own rules: a day past the month's end rolls over, 24:00 is midnight.
    '2023-02-29T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2024-04-31T00:00:00.000Z',
    '2024-01-01T24:00:00.000Z',
    '2024-01-01T23:60:00.000Z',
    '2024-13-01T00:00:00.000Z',
    '2024-00-10T00:00:00.000Z',
    '2024-01-00T00:00:00.000Z',
    '2026-11-27T08:00:25Z',
    // EventBridge's shape (no milliseconds), read digit by digit too, in range or not.
    '2024-02-29T23:59:59Z',
    '2023-02-29T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:60Z',
    '2026-11-27T08:00:25.Z',
    '2026-11-27T08:00:2Z',
    '2026-11-27T08:00:25.000+00:00',
    '2026-11-27',
    '2026-11-27T08:00:25.000z',
    'not a time',
    '',
  ])('reads %j as Date.parse does', (text) => {
    expect(sameNumber(toMs(text), Date.parse(text))).toBe(true);
  });

  it('is NaN without a time', () => {
    expect(toMs(undefined)).toBeNaN();
  });

  it('reads every instant toISOString writes as Date.parse does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(toMs(toIso(ms))).toBe(ms);
      }),
    );
  });

  it('reads any text of toISOString shape, fields in range or not, as Date.parse does', () => {
    const field = (digits: number) =>
      fc.integer({ min: 0, max: 10 ** digits - 1 }).map((v) => `${v}`.padStart(digits, '0'));
    const text = fc
      .tuple(field(4), field(2), field(2), field(2), field(2), field(2), field(3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(text, (t) => {
        expect(sameNumber(toMs(t), Date.parse(t))).toBe(true);
      }),
    );
  });

  it('reads any text of EventBridge shape (no milliseconds), fields in range or not, as Date.parse does', () => {
    const field = (digits: number) =>
      fc.integer({ min: 0, max: 10 ** digits - 1 }).map((v) => `${v}`.padStart(digits, '0'));
    const text = fc
      .tuple(field(4), field(2), field(2), field(2), field(2), field(2))
      .map(([y, mo, d, h, mi, s]) => `${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
    fc.assert(
      fc.property(text, (t) => {
        expect(sameNumber(toMs(t), Date.parse(t))).toBe(true);
      }),
    );
  });
});

describe('isoTime', () => {
  it.each([
    { text: '2026-11-27T08:00:25.000Z', iso: '2026-11-27T08:00:25.000Z' },
    { text: '2026-11-27T08:00:25Z', iso: '2026-11-27T08:00:25.000Z' },
    { text: '0000-01-01T00:00:00Z', iso: '0000-01-01T00:00:00.000Z' },
    { text: '2024-02-29T23:59:59Z', iso: '2024-02-29T23:59:59.000Z' },
    { text: '2023-02-29T00:00:00.000Z', iso: undefined },
    { text: '2023-02-29T00:00:00Z', iso: undefined },
    { text: 'not a time', iso: undefined },
  ])('writes $text as toISOString does, when it is a canonical or EventBridge time', ({ text, iso }) => {
    const time = isoTime(text);
    expect(sameNumber(time.ms, Date.parse(text))).toBe(true);
    expect(time.iso).toBe(iso);
    if (time.iso !== undefined) expect(new Date(time.ms).toISOString()).toBe(time.iso);
  });
});
