import { renderReport } from '../../domain/report/render.js';
import type { HealthReportPolicy } from '../../domain/report/snapshot.js';
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
 * the pipeline decided → otherwise deliver when asked (digest always) → return the report in the
 * requested format.
 */
export async function runReportInvocation(
  invocation: ReportInvocation,
  deps: InvocationDeps,
): Promise<ReturnType<typeof renderReport> | CheckOutcome> {
  const clusters = invocation.clusters ?? (deps.defaultClusters.length ? deps.defaultClusters : undefined);
  const report = await produceHealthReport(deps, {
    clusters,
    services: invocation.services,
    windowMs: invocation.windowMs,
  });
  deps.log.info('health report built', { mode: invocation.mode, status: report.status, counts: report.counts });
  if (invocation.mode === 'check') return runHealthCheck(report, deps.handleVerdict);
  if (invocation.deliver) {
    if (deps.deliveries.length === 0) deps.log.warn('deliver requested but no channel is configured');
    const results = await deliverReport(report, deps.deliveries, deps.deadline());
    deps.log.info('health report delivered', { results });
  }
  return renderReport(report, invocation.format);
}
