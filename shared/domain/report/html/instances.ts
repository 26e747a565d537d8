import { forHowLong, plural } from '../text.js';
import type { ClusterReport, InstanceRef } from '../types.js';
import { esc } from './escape.js';
import { cell, table } from './table.js';
import { timeTag } from './time.js';

function row(cluster: string, instance: InstanceRef, state: string): string {
  return (
    `<tr>${cell('Cluster', `<span class="name">${esc(cluster, 120)}</span>`)}` +
    cell('Instance', `<span class="name">${esc(instance.id, 120)}</span>`) +
    cell('EC2', instance.ec2InstanceId ? esc(instance.ec2InstanceId, 40) : '<span class="muted">-</span>') +
    `${cell('State', state)}</tr>`
  );
}

function disconnectedState(instance: InstanceRef): string {
  const since =
    instance.disconnectedSince === undefined
      ? ''
      : ` since ${timeTag(instance.disconnectedSince)}${instance.disconnectedForMs === undefined ? '' : ` (${forHowLong(instance.disconnectedForMs)})`}`;
  return `<strong>agent disconnected</strong>${since}`;
}

/** Instances whose agent is gone or that are draining, and the instances each cluster lost in the window. */
export function renderInstances(clusters: ClusterReport[], windowLabel: string): string {
  const rows = clusters.flatMap((cluster) => [
    ...cluster.instances.disconnectedInstances.map((i) => row(cluster.name, i, disconnectedState(i))),
    ...cluster.instances.drainingInstances.map((i) => row(cluster.name, i, 'draining')),
  ]);
  const lost = clusters
    .filter((cluster) => cluster.lostInstances > 0)
    .map((c) => `<li><span class="name">${esc(c.name, 120)}</span>: ${plural(c.lostInstances, 'instance')} lost</li>`);
  const lostList = lost.length
    ? `<p>Lost in the last ${esc(windowLabel)}:</p><ul class="reasons">${lost.join('')}</ul>`
    : '';
  if (rows.length === 0) return `<p>No instance disconnected or draining.</p>${lostList}`;
  return `${table(['Cluster', 'Instance', 'EC2', 'State'], rows)}${lostList}`;
}
