import {
  deploymentText,
  failuresText,
  headline,
  problemStatus,
  unhealthyServices,
  whereText,
} from './render-common.js';
import { cleanText } from './text.js';
import type { HealthReport } from './types.js';

/** Lays out rows as left-aligned columns separated by two spaces. */
export function formatColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** Renders the report as plain-text tables for a terminal: clusters, ranked problems, unhealthy services. */
export function renderTable(report: HealthReport): string {
  const lines = [
    `ECS health: ${report.status}  (last ${report.window.label}, ${report.generatedAt})`,
    headline(report),
    '',
  ];
  const clusterRows = [
    ['CLUSTER', 'STATUS', 'SERVICES', 'UNHEALTHY', 'INSTANCES', 'DISCONN.', 'DRAINING', 'STANDALONE'],
  ];
  for (const cluster of report.clusters) {
    const i = cluster.instances;
    clusterRows.push([
      cleanText(cluster.name, 60),
      cluster.status,
      String(cluster.services.length),
      String(unhealthyServices(cluster).length),
      String(i.registered),
      String(i.disconnected),
      String(i.draining),
      cluster.standalone.running === null ? '-' : String(cluster.standalone.running),
    ]);
  }
  lines.push(...formatColumns(clusterRows), '');
  if (report.topProblems.length > 0) {
    lines.push('Top problems:');
    const rows = report.topProblems.map((p) => [`${p.rank}.`, problemStatus(p), whereText(p), cleanText(p.text, 200)]);
    lines.push(...formatColumns(rows).map((line) => `  ${line}`), '');
  }
  const serviceRows = [['CLUSTER', 'SERVICE', 'STATUS', 'RUNNING', 'DEPLOYMENT', 'FAILURES']];
  for (const cluster of report.clusters) {
    for (const service of unhealthyServices(cluster)) {
      serviceRows.push([
        cleanText(cluster.name, 60),
        cleanText(service.name, 60),
        service.status,
        `${service.running}/${service.desired}`,
        deploymentText(service),
        failuresText(service),
      ]);
    }
  }
  if (serviceRows.length > 1) lines.push('Services not healthy:', ...formatColumns(serviceRows), '');
  for (const cluster of report.clusters) {
    if (cluster.error !== undefined)
      lines.push(`${cleanText(cluster.name, 60)}: UNKNOWN, could not read: ${cluster.error}`);
  }
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n').trimEnd()}\n`;
}
