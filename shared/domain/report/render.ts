import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { renderSlack, type SlackMessage } from './render-slack.js';
import { renderTable } from './render-table.js';
import type { HealthReport } from './types.js';

/** Output formats of the report. */
export type ReportFormat = 'json' | 'markdown' | 'slack' | 'table' | 'html';

/** The report in a format: the object itself (JSON), Markdown, table or HTML text, or a Slack payload. */
export function renderReport(report: HealthReport, format: ReportFormat): HealthReport | SlackMessage | string {
  switch (format) {
    case 'markdown':
      return renderMarkdown(report);
    case 'slack':
      return renderSlack(report);
    case 'table':
      return renderTable(report);
    case 'html':
      return renderHtml(report);
    default:
      return report;
  }
}
