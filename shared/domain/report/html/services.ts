import { deploymentText, failuresText, instancesText } from '../render-common.js';
import { failureList, plural } from '../text.js';
import type { ClusterReport, Reason, ServiceReport, StandaloneFailures } from '../types.js';
import { esc } from './escape.js';
import { sparkline } from './sparkline.js';
import { statusBadge, statusClass } from './status.js';
import { cell, table } from './table.js';
import { clusterAnchor } from './tiles.js';

function reasonItem(reason: Reason): string {
  return reason.impact === 'info' ? `<li class="muted">${esc(reason.text)}</li>` : `<li>${esc(reason.text)}</li>`;
}

function reasonList(reasons: Reason[]): string {
  return reasons.length ? `<ul class="reasons">${reasons.map(reasonItem).join('')}</ul>` : '';
}

/** Services worth a row: not healthy, or with failures in the window (so their sparkline shows). */
function shownServices(cluster: ClusterReport): ServiceReport[] {
  return cluster.services.filter((service) => service.status !== 'HEALTHY' || service.failures.total > 0);
}

function row(service: ServiceReport): string {
  const pending = service.pending > 0 ? ` <span class="muted">(${service.pending} pending)</span>` : '';
  return (
    `<tr class="${statusClass(service.status)}">` +
    cell('Service', `<span class="name">${esc(service.name, 120)}</span>`) +
    cell('Status', statusBadge(service.status)) +
    cell('Running', `${service.running}/${service.desired}${pending}`) +
    cell('Deployment', esc(deploymentText(service))) +
    cell('Failures', `${esc(failuresText(service))}${sparkline(service.failureSeries, service.failures.total)}`) +
    cell('Why', reasonList(service.reasons) || '<span class="muted">-</span>') +
    '</tr>'
  );
}

function servicesTable(cluster: ClusterReport, windowLabel: string): string {
  const shown = shownServices(cluster);
  const total = cluster.services.length;
  if (total === 0) return '<p>No services in scope.</p>';
  if (shown.length === 0) {
    return `<p>${total === 1 ? '1 service, healthy' : `${total} services, all healthy`}, no task failures in ${esc(windowLabel)}.</p>`;
  }
  const rest = total - shown.length;
  const columns = ['Service', 'Status', 'Running', 'Deployment', `Failures (last ${esc(windowLabel)})`, 'Why'];
  const note = rest > 0 ? `<p class="muted">${plural(rest, 'other service')} healthy, no task failures.</p>` : '';
  return `${table(columns, shown.map(row))}${note}`;
}

function familyRow(family: StandaloneFailures): string {
  return (
    '<tr>' +
    cell('Task family', `<span class="name">${esc(family.family, 120)}</span>`) +
    cell('Failures', `${esc(failureList(family.byCategory, 2))}${sparkline(family.failureSeries, family.total)}`) +
    '</tr>'
  );
}

/** Standalone task families (RunTask jobs) that failed in the window, most failures first, with their sparklines. */
function standaloneTable(cluster: ClusterReport, windowLabel: string): string {
  const failed = cluster.standalone.failures;
  if (failed.length === 0) return '';
  return table(['Task family', `Failures (last ${esc(windowLabel)})`], failed.map(familyRow));
}

/** A cluster's section: status, its own reasons, instances in a line, then the services that need a look. */
export function renderClusterSection(cluster: ClusterReport, index: number, windowLabel: string): string {
  const heading = `<h3 id="${clusterAnchor(index)}"><span class="name">${esc(cluster.name, 120)}</span>${statusBadge(cluster.status)}</h3>`;
  if (cluster.error !== undefined) {
    return `<section class="${statusClass(cluster.status)}">${heading}<p>Could not read this cluster: ${esc(cluster.error)}</p></section>`;
  }
  const standalone =
    cluster.standalone.running === null ? '' : ` · ${plural(cluster.standalone.running, 'standalone task')} running`;
  return (
    `<section>${heading}<p class="muted">${esc(instancesText(cluster))}${standalone}</p>` +
    `${reasonList(cluster.reasons)}${servicesTable(cluster, windowLabel)}${standaloneTable(cluster, windowLabel)}</section>`
  );
}
