import { clip, stripControl } from '../../domain/alerts/text.js';

/** Longest log line kept, in characters. */
export const MAX_LINE_CHARS = 500;
/** Budget for all lines together, in characters: an excerpt, not a log dump. */
export const MAX_TOTAL_CHARS = 4096;

/**
 * The newest log messages that fit: ANSI codes and control characters removed, each line cut to
 * MAX_LINE_CHARS, at most `maxLines` lines and MAX_TOTAL_CHARS in total, oldest first.
 */
export function fitLogLines(messages: string[], maxLines: number): string[] {
  const kept: string[] = [];
  let total = 0;
  for (let i = messages.length - 1; i >= 0 && kept.length < maxLines; i -= 1) {
    const line = clip(stripControl(messages[i] ?? '').trimEnd(), MAX_LINE_CHARS);
    if (total + line.length > MAX_TOTAL_CHARS) break;
    kept.unshift(line);
    total += line.length;
  }
  return kept;
}
