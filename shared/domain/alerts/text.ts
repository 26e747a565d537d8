/** Marker appended wherever text was cut to fit a limit. */
export const TRUNCATED = '… (truncated)';

// C0 except \t and \n, DEL, C1, and the bidi overrides/isolates that can make text read differently than it is.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ANSI_ESCAPE = /\u001B\[[0-9;?]*[ -/]*[@-~]/g;

/** Removes ANSI colour codes, control characters (keeping \n and \t) and lone surrogates. */
export function stripControl(text: string): string {
  return text.replace(ANSI_ESCAPE, '').replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Replaces lone surrogates (which URL encoding and UTF-8 reject) with U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Collapses all whitespace (line breaks included) to single spaces, for one-line contexts. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/\s+/g, ' ').trim();
}

/** Index ≤ `index` that does not split a surrogate pair. */
function safeCut(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}

/** Cuts `text` to at most `max` UTF-16 units, ending with `marker` when cut; never splits a surrogate pair. */
export function clip(text: string, max: number, marker = TRUNCATED): string {
  if (text.length <= max) return text;
  if (max <= marker.length) return text.slice(0, safeCut(text, Math.max(0, max)));
  return text.slice(0, safeCut(text, max - marker.length)) + marker;
}

/** `09:14 UTC` on the same UTC day as `reference`, else `2026-08-20 09:14 UTC`; the raw text if unparseable. */
export function formatUtc(iso: string, reference?: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return oneLine(iso);
  const [day = '', clock = ''] = time.toISOString().split('T');
  const hhmm = `${clock.slice(0, 5)} UTC`;
  const referenceTime = reference === undefined ? undefined : new Date(reference);
  const sameDay =
    referenceTime && !Number.isNaN(referenceTime.getTime()) && referenceTime.toISOString().startsWith(day);
  return sameDay ? hhmm : `${day} ${hhmm}`;
}

/** Milliseconds between two ISO times; undefined if either is unparseable. */
export function msBetween(fromIso: string, toIso: string): number | undefined {
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** `1 failure` / `3 failures`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const ASCII_REPLACEMENTS: [RegExp, string][] = [
  [/…/g, '...'],
  [/[‐-―−]/g, '-'],
  [/[‘’‚‛]/g, "'"],
  [/[“”„‟]/g, '"'],
  [/≥/g, '>='],
  [/≤/g, '<='],
  [/×/g, 'x'],
  [/·/g, '-'],
];

/** Printable ASCII only: accents dropped, common punctuation mapped, anything else `?`. */
export function toAscii(text: string): string {
  let result = oneLine(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  for (const [pattern, replacement] of ASCII_REPLACEMENTS) result = result.replace(pattern, replacement);
  return result.replace(/[^\x20-\x7E]/gu, '?');
}
