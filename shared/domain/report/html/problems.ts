import { whereText } from '../render-common.js';
import type { Problem } from '../types.js';
import { esc } from './escape.js';
import { impactBadge } from './status.js';

/** The ranked problems, most important first: impact, where, why. */
export function renderProblems(problems: Problem[]): string {
  if (problems.length === 0) return '<p>No problems found.</p>';
  const items = problems.map(
    (p) => `<li>${impactBadge(p.impact)} <span class="name">${esc(whereText(p), 250)}</span>: ${esc(p.text)}</li>`,
  );
  return `<ol class="problems">${items.join('')}</ol>`;
}
