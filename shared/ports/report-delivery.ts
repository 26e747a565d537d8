import type { HealthReport } from '../domain/report/types.js';
import type { DeliveryResult } from './alert-channel.js';

/** Sends a whole health report somewhere (Slack, SNS). Never throws: failures come back as results. */
export interface ReportDelivery {
  readonly name: DeliveryResult['channel'];
  /** Renders and sends the report, retrying transient failures until `deadline` (epoch ms). */
  deliver(report: HealthReport, deadline: number): Promise<DeliveryResult>;
}
