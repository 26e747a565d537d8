import { pageLink } from './page-link.js';
import {
  deploymentText,
  failuresText,
  headline,
  instancesText,
  problemStatus,
  unhealthyServices,
  whereText,
} from './render-common.js';
import { cleanText } from './text.js';
import type { ClusterReport, HealthReport } from './types.js';

/** Escapes text for Markdown: HTML-significant characters as entities, Markdown punctuation with a backslash. */
export function escapeMarkdown(text: string): string {
  return cleanText(text, 2000)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
}

function clusterSection(cluster: ClusterReport): string[] {
  const lines = [`### ${escapeMarkdown(cluster.name)}: ${cluster.status}`, ''];
  if (cluster.error !== undefined)
    return [...lines, `Could not read this cluster: ${escapeMarkdown(cluster.error)}`, ''];
  lines.push(`- Instances: ${escapeMarkdown(instancesText(cluster))}`);
  if (cluster.standalone.running !== null) lines.push(`- Standalone tasks running: ${cluster.standalone.running}`);
  for (const reason of cluster.reasons)
    lines.push(
      `- ${reason.impact === 'info' ? '' : '**'}${escapeMarkdown(reason.text)}${reason.impact === 'info' ? '' : '**'}`,
    );
  const unhealthy = unhealthyServices(cluster);
  const healthy = cluster.services.length - unhealthy.length;
  lines.push(`- Services: ${cluster.services.length} (${healthy} healthy)`, '');
  if (unhealthy.length > 0) {
    lines.push('| Service | Status | Running | Deployment | Failures | Reasons |', '|---|---|---|---|---|---|');
    for (const service of unhealthy) {
      const reasons = service.reasons.map((reason) => escapeMarkdown(reason.text)).join('; ');
      lines.push(
        `| ${escapeMarkdown(service.name)} | ${service.status} | ${service.running}/${service.desired} | ` +
          `${escapeMarkdown(deploymentText(service))} | ${escapeMarkdown(failuresText(service))} | ${reasons} |`,
      );
    }
    lines.push('');
  }
  return lines;
}

/** The health page link as an autolink, which reads as plain text in an e-mail too. */
function pageLines(report: HealthReport): string[] {
  const link = pageLink(report);
  return link ? [`Health page (link valid until ${link.until}): <${link.url}>`, ''] : [];
}

/** Renders the report as Markdown (GitHub-flavoured): summary, ranked problems, then each cluster. */
export function renderMarkdown(report: HealthReport): string {
  const lines = [
    `# ECS health: ${report.status}`,
    '',
    `Generated ${report.generatedAt} for the last ${report.window.label}. ${escapeMarkdown(headline(report))}.`,
    '',
    ...pageLines(report),
    '## Top problems',
    '',
  ];
  if (report.topProblems.length === 0) lines.push('None.');
  for (const problem of report.topProblems) {
    lines.push(
      `${problem.rank}. **${problemStatus(problem)}** ${escapeMarkdown(whereText(problem))}: ${escapeMarkdown(problem.text)}`,
    );
  }
  lines.push('', '## Clusters', '');
  for (const cluster of report.clusters) lines.push(...clusterSection(cluster));
  if (report.notes.length > 0) {
    lines.push('## Notes', '', ...report.notes.map((note) => `- ${escapeMarkdown(note)}`), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
