const DAY_MS = 86_400_000;
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Days from 1970-01-01 to 1 January of `year` (proleptic Gregorian, as Date counts).
function daysBeforeYear(year: number): number {
  const y = year - 1;
  return 365 * (year - 1970) + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 477;
}

/**
 * Epoch ms of a time in toISOString's own form (`2026-11-27T08:00:25.000Z`), or in EventBridge's (the same
 * without milliseconds, `2026-11-27T08:00:25Z`), whose every field is in range, read digit by digit; undefined
 * for any other text (Date.parse then decides, with its own rules). An event's time is read several times
 * while it is decided, and an incident's window holds up to 50: Date.parse of each cost more than the rest of
 * counting a failure.
 */
function canonicalMs(text: string): number | undefined {
  const length = text.length;
  if ((length !== 24 && length !== 20) || text.charCodeAt(length - 1) !== 90 /* Z */) return undefined;
  if (text.charCodeAt(10) !== 84 /* T */) return undefined;
  const dash = 45;
  const colon = 58;
  if (text.charCodeAt(4) !== dash || text.charCodeAt(7) !== dash) return undefined;
  if (text.charCodeAt(13) !== colon || text.charCodeAt(16) !== colon) return undefined;
  if (length === 24 && text.charCodeAt(19) !== 46 /* . */) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const milli = length === 24 ? digits(text, 20, 3) : 0;
  // NaN fails every comparison below.
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && milli >= 0)) {
    return undefined;
  }
  const leapDay = month === 2 && isLeap(year) ? 1 : 0;
  const monthDays = (month === 12 ? 365 : DAYS_BEFORE_MONTH[month]!) - DAYS_BEFORE_MONTH[month - 1]! + leapDay;
  if (day > monthDays) return undefined;
  const leapBefore = month > 2 && isLeap(year) ? 1 : 0;
  const days = daysBeforeYear(year) + DAYS_BEFORE_MONTH[month - 1]! + leapBefore + day - 1;
  return days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
}

// The text read last: a decision reads its event's time several times in a row.
let lastText: string | undefined;
let lastMs = Number.NaN;

/** Epoch milliseconds of an ISO-8601 time; NaN when missing or unreadable. */
export function toMs(iso: string | undefined): number {
  if (iso === undefined) return Number.NaN;
  if (iso === lastText) return lastMs;
  const ms = canonicalMs(iso) ?? Date.parse(iso);
  lastText = iso;
  lastMs = ms;
  return ms;
}

/** ISO-8601 text of epoch milliseconds. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The time as toISOString writes it, with its epoch ms: the text itself when already written so (no copy), and
 * EventBridge's shape with its zero milliseconds written out (no Date and toISOString per event: most events
 * carry that shape); `iso` is absent for any other text.
 */
export function isoTime(text: string | undefined): { ms: number; iso?: string } {
  if (text === undefined) return { ms: Number.NaN };
  const ms = canonicalMs(text);
  if (ms === undefined) return { ms: Date.parse(text) };
  // Every field was read in range, so the text is already toISOString's but for the milliseconds. (join makes a
  // flat string; a template literal makes a rope that its first reader flattens.)
  return { ms, iso: text.length === 24 ? text : [text.slice(0, 19), '.000Z'].join('') };
}

/** The later of two ISO times (the first when the second is unreadable). */
export function laterOf(a: string, b: string): string {
  return toMs(b) > toMs(a) ? b : a;
}
