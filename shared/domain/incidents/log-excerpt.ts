import type { Incident, LogExcerpt } from './types.js';

/** Bounds of a stored excerpt, so an incident item stays small (DynamoDB items are at most 400 KB). */
export const EXCERPT_LIMITS = { lines: 20, lineChars: 500, totalChars: 4_000 } as const;

/** The excerpt to store: at most 20 lines (the last ones), each clipped, 4,000 characters in all. */
export function boundedExcerpt(taskArn: string, lines: string[], consoleUrl?: string): LogExcerpt {
  const kept: string[] = [];
  let total = 0;
  for (const line of lines.slice(-EXCERPT_LIMITS.lines).reverse()) {
    const clipped = line.length > EXCERPT_LIMITS.lineChars ? `${line.slice(0, EXCERPT_LIMITS.lineChars - 1)}…` : line;
    if (total + clipped.length > EXCERPT_LIMITS.totalChars) break;
    total += clipped.length;
    kept.unshift(clipped);
  }
  return consoleUrl ? { taskArn, lines: kept, consoleUrl } : { taskArn, lines: kept };
}

/** The stored excerpt when it is about the task the incident's alert shows (its latest failure); else none. */
export function storedExcerpt(incident: Incident): LogExcerpt | undefined {
  const excerpt = incident.logExcerpt;
  return excerpt && excerpt.taskArn === incident.lastFacts.taskArn ? excerpt : undefined;
}
