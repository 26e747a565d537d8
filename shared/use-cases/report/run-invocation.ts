import { renderMarkdown } from '../../domain/report/render-markdown.js';
import { renderSlack, type SlackMessage } from '../../domain/report/render-slack.js';
import type { HealthReportPolicy } from '../../domain/report/snapshot.js';
import type { HealthReport } from '../../domain/report/types.js';
import type { HealthPagePublisher } from '../../ports/health-page.js';
import type { ReportDelivery } from '../../ports/report-delivery.js';
import { type HealthReportDeps, produceHealthReport } from '../health-report.js';
import { deliverReport } from './deliver-report.js';
import type { ReportInvocation } from './invocation-request.js';
import { type CheckOutcome, type HandleVerdict, runHealthCheck } from './run-check.js';

/** Everything one `health-report` invocation may use. */
export interface InvocationDeps extends Omit<HealthReportDeps, 'policy'> {
  policy: HealthReportPolicy;
  /** Clusters in scope when the input names none (LOOKOUT_CLUSTERS); empty means all. */
  defaultClusters: string[];
  deliveries: ReportDelivery[];
  /** Stores the HTML page of a delivered report and links it from the digest; absent: no page. */
  healthPage?: HealthPagePublisher;
  /** Epoch ms by which deliveries must be done. */
  deadline: () => number;
  handleVerdict: HandleVerdict;
  log: {
    info(message: string, extra?: Record<string, unknown>): void;
    warn(message: string, extra?: Record<string, unknown>): void;
  };
}

/**
 * Primary course: build the report → `check`: open incidents for the silent failures and return what
 * the pipeline decided → otherwise deliver when asked (digest always), after storing its HTML page when
 * a page bucket is configured (the channels get a presigned link) → return the report in the requested
 * format.
 */
export async function runReportInvocation(
  invocation: ReportInvocation,
  deps: InvocationDeps,
): Promise<HealthReport | SlackMessage | string | CheckOutcome> {
  const clusters = invocation.clusters ?? (deps.defaultClusters.length ? deps.defaultClusters : undefined);
  const report = await produceHealthReport(deps, {
    clusters,
    services: invocation.services,
    accounts: invocation.accounts,
    regions: invocation.regions,
    windowMs: invocation.windowMs,
  });
  deps.log.info('health report built', { mode: invocation.mode, status: report.status, counts: report.counts });
  if (invocation.mode === 'check') return runHealthCheck(report, deps.handleVerdict);
  if (!invocation.deliver) return render(report, invocation.format);
  const linked = await withHealthPage(report, deps);
  if (deps.deliveries.length === 0) deps.log.warn('deliver requested but no channel is configured');
  const results = await deliverReport(linked, deps.deliveries, deps.deadline());
  deps.log.info('health report delivered', { results });
  return render(linked, invocation.format);
}

// Not renderReport: it also carries the HTML renderer, which only the on-demand page publisher needs.
function render(report: HealthReport, format: ReportInvocation['format']): HealthReport | SlackMessage | string {
  if (format === 'markdown') return renderMarkdown(report);
  if (format === 'slack') return renderSlack(report);
  return report;
}

/** The report with a link to its stored HTML page; without one when storing fails (the digest still goes). */
async function withHealthPage(report: HealthReport, deps: InvocationDeps): Promise<HealthReport> {
  if (!deps.healthPage) return report;
  try {
    const page = await deps.healthPage.publish(report);
    deps.log.info('health page stored', { key: page.key, expiresAt: page.expiresAt });
    return { ...report, page: { url: page.url, expiresAt: page.expiresAt } };
  } catch (error) {
    deps.log.warn('health page not stored; the digest goes without its link', { error: (error as Error).message });
    return report;
  }
}
