import { esc } from './html/escape.js';
import { renderIncidents } from './html/incidents.js';
import { renderInstances } from './html/instances.js';
import { renderProblems } from './html/problems.js';
import { renderClusterSection } from './html/services.js';
import { statusBadge, statusClass } from './html/status.js';
import { STYLES } from './html/styles.js';
import { renderTiles } from './html/tiles.js';
import { timeTag } from './html/time.js';
import { headline } from './render-common.js';
import type { HealthReport } from './types.js';

// Nothing may load or run: even text that slipped past escaping could not fetch or execute anything.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * Renders the report as one self-contained HTML page (inline CSS and SVG, no script, no request):
 * cluster tiles, ranked problems, per-service failure sparklines, open incidents with their timelines,
 * and instances disconnected, draining or lost. Every text from AWS is escaped.
 */
export function renderHtml(report: HealthReport): string {
  const window = esc(report.window.label, 20);
  const notes = report.notes.length
    ? `<h2>Notes</h2><ul class="reasons">${report.notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul>`
    : '';
  const clusters = report.clusters.map((cluster, i) => renderClusterSection(cluster, i, report.window.label)).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="color-scheme" content="light dark">
<title>ECS health: ${report.status}</title>
<style>${STYLES}</style></head>
<body><header class="${statusClass(report.status)}">
<h1>ECS health ${statusBadge(report.status)}</h1>
<p>${esc(headline(report), 400)}</p>
<p class="muted">Last ${window}, generated ${timeTag(report.generatedAt)}</p></header>
<main>
<h2>Clusters</h2>${renderTiles(report.clusters)}
<h2>Top problems</h2>${renderProblems(report.topProblems)}
<h2>Open incidents</h2>${renderIncidents(report.clusters, report.generatedAt)}
<h2>Instances disconnected, draining or lost</h2>${renderInstances(report.clusters, report.window.label)}
<h2>Services</h2>${clusters || '<p>No clusters in scope.</p>'}
${notes}</main>
<footer><p>ecs-lookout health report, schema version ${report.schemaVersion}. Window ${esc(report.window.start, 40)} to ${esc(report.window.end, 40)}.</p></footer>
</body></html>
`;
}
