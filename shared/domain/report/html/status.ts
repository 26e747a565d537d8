import type { ClusterStatus } from '../types.js';

// One shape per status so it reads without colour: circle + tick, triangle + bar, octagon + cross, square + dash.
const SHAPES: Record<ClusterStatus, string> = {
  HEALTHY:
    '<circle cx="8" cy="8" r="7.5"/><path d="M4.4 8.3l2.4 2.4 4.8-5" fill="none" stroke="var(--bg)" stroke-width="1.9"/>',
  DEGRADED:
    '<path d="M8 .8l7.6 13.8H.4z"/><path d="M8 5.4v4.6M8 11.6v1.4" fill="none" stroke="var(--bg)" stroke-width="1.9"/>',
  CRITICAL:
    '<path d="M5 .5h6L15.5 5v6L11 15.5H5L.5 11V5z"/><path d="M5.3 5.3l5.4 5.4m0-5.4l-5.4 5.4" stroke="var(--bg)" stroke-width="1.9"/>',
  UNKNOWN:
    '<rect x="1" y="1" width="14" height="14" rx="2"/><path d="M4.5 8h7" stroke="var(--bg)" stroke-width="1.9"/>',
};

/** CSS class of a status (`s-critical`), which sets its colour. */
export function statusClass(status: ClusterStatus): string {
  return `s-${status.toLowerCase()}`;
}

/** The status shape as inline SVG, hidden from screen readers (the text beside it says the status). */
export function statusIcon(status: ClusterStatus): string {
  return `<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${SHAPES[status]}</svg>`;
}

/** Icon and word together: status is never told by colour alone. */
export function statusBadge(status: ClusterStatus): string {
  return `<span class="badge ${statusClass(status)}">${statusIcon(status)}<span>${status}</span></span>`;
}
