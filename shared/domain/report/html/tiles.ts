import { instancesText, unhealthyServices } from '../render-common.js';
import { plural } from '../text.js';
import type { ClusterReport } from '../types.js';
import { esc } from './escape.js';
import { statusBadge, statusClass } from './status.js';

/** The anchor of a cluster's section: by position, so no untrusted name ends up in an id. */
export function clusterAnchor(index: number): string {
  return `cluster-${index + 1}`;
}

function tile(cluster: ClusterReport, index: number): string {
  const lines: string[] = [];
  if (cluster.error !== undefined) {
    lines.push(`<p>Could not read this cluster: ${esc(cluster.error, 200)}</p>`);
  } else {
    const unhealthy = unhealthyServices(cluster).length;
    const total = cluster.services.length;
    lines.push(`<p>${total - unhealthy} of ${plural(total, 'service')} healthy</p>`);
    lines.push(`<p>${esc(instancesText(cluster))}</p>`);
    const failures = cluster.services.reduce((sum, s) => sum + s.failures.total, 0);
    const standalone = cluster.standalone.failures.reduce((sum, f) => sum + f.total, 0);
    if (failures + standalone > 0) lines.push(`<p>${plural(failures + standalone, 'task failure')}</p>`);
    if (cluster.lostInstances > 0) lines.push(`<p>${plural(cluster.lostInstances, 'instance')} lost</p>`);
    const incidents = cluster.openIncidents.length + cluster.services.reduce((n, s) => n + s.openIncidents.length, 0);
    if (incidents > 0) lines.push(`<p>${plural(incidents, 'open incident')}</p>`);
  }
  return (
    `<li class="tile ${statusClass(cluster.status)}"><a class="name" href="#${clusterAnchor(index)}">${esc(cluster.name, 120)}</a>` +
    `${statusBadge(cluster.status)}${lines.join('')}</li>`
  );
}

/** One status tile per cluster, worst first (the report's order), each linking to its section. */
export function renderTiles(clusters: ClusterReport[]): string {
  if (clusters.length === 0) return '<p>No clusters in scope.</p>';
  return `<ul class="tiles">${clusters.map(tile).join('')}</ul>`;
}
