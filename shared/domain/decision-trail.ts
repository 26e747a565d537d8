import type { DecisionReason, Transition } from './incidents/types.js';

/** One decision line the deciding functions logged, as a log search returns it. */
export interface DecisionLine {
  /** When it was logged, ISO. */
  at: string;
  reason: DecisionReason | string;
  transition?: Transition | string;
  severity?: string;
  category?: string;
  detail?: string;
  incident?: string;
  /** The event's one-line summary (untrusted text: matched, never printed). */
  summary?: string;
}

/** What a trail of decisions amounts to: the pages sent and, counted by reason, what was held back. */
export interface TrailSummary {
  /** Transitions that paged, oldest first. */
  pages: DecisionLine[];
  /** Decisions that did not page (a silenced transition among them), by reason, largest first. */
  heldBack: [reason: string, count: number][];
  /** Incident keys the trail touched, in order of first appearance (oldest first). */
  incidents: string[];
}

// ECS names (clusters, services, families) and ARN ids: letters, digits and - _ . : /. Nothing that could end
// a quoted string in a query, and not empty.
const SEARCHABLE = /^[A-Za-z0-9][\w.:/-]{0,254}$/;

/** True for a name a decision search may look for: an ECS name or id, never text that could break a query. */
export function isSearchableName(name: string): boolean {
  return SEARCHABLE.test(name);
}

// Characters that continue a name: `api` inside `orders-api` or `api.v2` is part of another name.
const NAME_CHAR = /[\w.-]/;

/** True when `text` holds `name` whole: not as part of a longer name (`api` is not in `orders-api`). */
function holdsWhole(text: string | undefined, name: string): boolean {
  if (!text) return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1];
    const after = text[at + name.length];
    if ((before === undefined || !NAME_CHAR.test(before)) && (after === undefined || !NAME_CHAR.test(after))) {
      return true;
    }
  }
  return false;
}

/** True when the decision is about `name`: its incident key, detail or summary names it whole. */
export function namesWhole(line: DecisionLine, name: string): boolean {
  return holdsWhole(line.incident, name) || holdsWhole(line.detail, name) || holdsWhole(line.summary, name);
}

/** True when the decision paged: a transition that no silence held back. */
export function paged(line: DecisionLine): boolean {
  return line.transition !== undefined && line.reason !== 'silenced';
}

/** The pages, the held-back counts and the incidents of `lines` (any order). */
export function summarizeTrail(lines: readonly DecisionLine[]): TrailSummary {
  const oldestFirst = [...lines].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const counts = new Map<string, number>();
  const incidents: string[] = [];
  for (const line of oldestFirst) {
    if (line.incident && !incidents.includes(line.incident)) incidents.push(line.incident);
    if (!paged(line)) counts.set(line.reason, (counts.get(line.reason) ?? 0) + 1);
  }
  const heldBack = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { pages: oldestFirst.filter(paged), heldBack, incidents };
}

const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** One aligned terminal line per decision: time, reason, transition, severity, category, detail. */
export function formatDecision(line: DecisionLine): string {
  return [
    time(line.at),
    line.reason.padEnd(15),
    (line.transition ?? '-').padEnd(9),
    (line.severity ?? '-').padEnd(8),
    (line.category ?? '-').padEnd(22),
    line.detail ?? '',
  ]
    .join('  ')
    .trimEnd();
}

/** The closing lines: how many times it paged (and when), and what was held back, by reason. */
export function formatSummary(summary: TrailSummary): string[] {
  const { pages, heldBack } = summary;
  const lines: string[] = [];
  if (pages.length === 0) lines.push('Paged: never in this window.');
  else {
    const when = pages.map((p) => `${p.transition} ${time(p.at)}`).join(', ');
    lines.push(`Paged ${pages.length === 1 ? 'once' : `${pages.length} times`}: ${when}.`);
  }
  const held = heldBack.reduce((sum, [, count]) => sum + count, 0);
  if (held > 0) lines.push(`Held back ${held}: ${heldBack.map(([reason, count]) => `${reason} ${count}`).join(', ')}.`);
  if (summary.incidents.length > 0) lines.push(`Incidents: ${summary.incidents.join(', ')}`);
  return lines;
}
