import { formatDuration } from '../duration.js';

// C0/C1 controls (tab and newline too: report text is one line), DEL, and bidi overrides that make text read wrong.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Untrusted text made safe for one line: controls dropped, whitespace collapsed, cut to `max` with `…`. */
export function cleanText(text: string, max = 300): string {
  const flat = text.replace(UNSAFE, ' ').replace(LONE_SURROGATE, '\uFFFD').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.charCodeAt(max - 2) >= 0xd800 && flat.charCodeAt(max - 2) <= 0xdbff ? max - 2 : max - 1;
  return `${flat.slice(0, cut)}…`;
}

/** `1 instance` / `3 instances` (or an explicit plural). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Human duration for reasons: `37 min`, `3 h 5 min`. */
export function forHowLong(ms: number): string {
  return formatDuration(Math.max(0, ms));
}

/** Window label as used in reasons: `1 h`, `24 h`, `30 min`. */
export function windowLabel(windowMs: number): string {
  return formatDuration(windowMs);
}

const FAILURE_NOUNS: Record<string, [string, string]> = {
  oom: ['OOM kill', 'OOM kills'],
  'app-exit': ['container exit', 'container exits'],
  'image-pull': ['image pull failure', 'image pull failures'],
  'start-failure': ['failed start', 'failed starts'],
  'health-check': ['health check failure', 'health check failures'],
  'spot-interruption': ['Spot interruption', 'Spot interruptions'],
  'instance-loss': ['task lost with its instance', 'tasks lost with their instance'],
  'placement-failure': ['placement failure', 'placement failures'],
  'start-impaired': ['start-impaired warning', 'start-impaired warnings'],
};

/** `14 OOM kills`, `1 image pull failure`; unknown categories read `3 "x" failures`. */
export function failurePhrase(category: string, count: number): string {
  const nouns = FAILURE_NOUNS[category];
  if (nouns) return plural(count, nouns[0], nouns[1]);
  return plural(count, `"${cleanText(category, 40)}" failure`);
}

/** Failure counts as one phrase, biggest first: `14 OOM kills, 2 container exits`. */
export function failureList(byCategory: Record<string, number>, maxParts = 3): string {
  const parts = Object.entries(byCategory)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const shown = parts.slice(0, maxParts).map(([category, count]) => failurePhrase(category, count));
  const rest = parts.slice(maxParts).reduce((sum, [, count]) => sum + count, 0);
  return rest > 0 ? `${shown.join(', ')} and ${plural(rest, 'other failure')}` : shown.join(', ');
}

/** Last path segment of an ARN (`…/prod/1a2b` → `1a2b`); the text itself when there is none. */
export function shortId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}
