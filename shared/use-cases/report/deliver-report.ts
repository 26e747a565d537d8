import type { HealthReport } from '../../domain/report/types.js';
import type { DeliveryResult } from '../../ports/alert-channel.js';
import type { ReportDelivery } from '../../ports/report-delivery.js';

/** Thrown when a report reached none of its channels: the invocation fails so the platform retries it. */
export class ReportDeliveryError extends Error {
  override name = 'ReportDeliveryError';
}

/** Sends the report to every channel at once; throws only when channels exist and every one failed. */
export async function deliverReport(
  report: HealthReport,
  deliveries: ReportDelivery[],
  deadline: number,
): Promise<DeliveryResult[]> {
  const results = await Promise.all(deliveries.map((delivery) => delivery.deliver(report, deadline)));
  if (results.length > 0 && results.every((result) => !result.ok)) {
    const why = results.map((result) => `${result.channel}: ${result.error ?? 'failed'}`).join('; ');
    throw new ReportDeliveryError(`health report reached no channel (${why})`);
  }
  return results;
}
