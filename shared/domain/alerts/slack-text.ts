import { isConsoleUrl } from './links.js';
import { stripControl, TRUNCATED } from './text.js';

/** Slack's documented limits, plus a total block-text budget under the undocumented ~13.2k `msg_blocks_too_long`. */
export const SLACK_LIMITS = {
  blocks: 50,
  header: 150,
  section: 3000,
  fields: 10,
  field: 2000,
  fallback: 40_000,
  totalBlockText: 12_000,
} as const;

/**
 * Makes untrusted text inert in mrkdwn: strips control characters and escapes `&`, `<`, `>`, so no
 * `<!channel>`, `<@U…>` or `<url|label>` can survive (Slack decodes exactly these three entities).
 * Runs of three backticks become `ˋˋˋ` so event text can't open a code block either.
 */
export function escapeSlack(text: string): string {
  return stripControl(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`{3,}/g, (run) => '\u02CB'.repeat(run.length));
}

/** Escaped text that is safe inside backticks: backticks become `ˋ` (U+02CB) so none can close the code span. */
export function escapeSlackCode(text: string): string {
  return escapeSlack(text).replace(/`/g, '\u02CB');
}

/** Cuts already-escaped text to `max` without splitting an entity (`&amp;`) or a surrogate pair. */
export function clipEscaped(text: string, max: number, marker = TRUNCATED): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - marker.length);
  const high = text.charCodeAt(end - 1);
  if (high >= 0xd800 && high <= 0xdbff) end -= 1;
  let kept = text.slice(0, end);
  const amp = kept.lastIndexOf('&');
  if (amp >= 0 && amp > kept.length - 5 && !kept.slice(amp).includes(';')) kept = kept.slice(0, amp);
  return kept + marker;
}

/**
 * `escape(raw)` cut to `max` characters. Only a window of the raw text is escaped, so a megabyte of
 * event text costs no more than a few kilobytes; a cut is always marked.
 */
export function escapeWithin(raw: string, max: number, escaper: (text: string) => string = escapeSlack): string {
  const window = max * 2 + 64;
  if (raw.length <= window) return clipEscaped(escaper(raw), max);
  const escaped = escaper(raw.slice(0, window));
  return escaped.length > max - TRUNCATED.length ? clipEscaped(escaped, max) : escaped + TRUNCATED;
}

/** A mrkdwn link we built ourselves: the URL must be one of our console URLs, the label is escaped. */
export function slackLink(url: string, label: string): string | undefined {
  return isConsoleUrl(url) ? `<${url}|${escapeSlack(label)}>` : undefined;
}

/**
 * Escaped lines that fit `budget` characters. `keep: 'last'` keeps the newest (log tails), `'first'` the
 * most important; what is dropped is replaced by one marker line saying how many.
 */
export function fitLines(
  lines: string[],
  budget: number,
  options: { lineMax: number; keep: 'first' | 'last'; escape: (line: string) => string },
): string[] {
  const reserve = 40;
  const order = options.keep === 'last' ? [...lines.keys()].reverse() : [...lines.keys()];
  const kept: string[] = [];
  let used = 0;
  for (const index of order) {
    const line = escapeWithin(lines[index] ?? '', options.lineMax, options.escape);
    if (used + line.length + 1 > budget - reserve) break;
    if (options.keep === 'last') kept.unshift(line);
    else kept.push(line);
    used += line.length + 1;
  }
  const dropped = lines.length - kept.length;
  if (dropped === 0) return kept;
  const marker = `… (${dropped} ${options.keep === 'last' ? 'earlier' : 'more'} line${dropped === 1 ? '' : 's'} not shown)`;
  return options.keep === 'last' ? [marker, ...kept] : [...kept, marker];
}
