import { problemStatus, whereText } from '../render-common.js';
import type { Problem } from '../types.js';
import { esc } from './escape.js';
import { statusBadge } from './status.js';

/** The ranked problems, most important first: status (the word the cluster or service carries), where, why. */
export function renderProblems(problems: Problem[]): string {
  if (problems.length === 0) return '<p>No problems found.</p>';
  const items = problems.map(
    (p) =>
      `<li>${statusBadge(problemStatus(p))} <span class="name">${esc(whereText(p), 250)}</span>: ${esc(p.text)}</li>`,
  );
  return `<ol class="problems">${items.join('')}</ol>`;
}
