import { createCaptureChannel } from '../../adapters/capture/capture-channel.js';
import { routeLabel } from '../../domain/alerts/routing.js';
import type { Alert, ChannelName } from '../../domain/alerts/types.js';
import type { AlertChannel, DeliveryResult } from '../../ports/alert-channel.js';
import type { ReportDelivery } from '../../ports/report-delivery.js';
import type { DeliveredMessage, DeliveredReport } from './result.js';

/** A channel answering with an HTTP status from `from` until `until` (absent: to the end). */
export interface ChannelOutage {
  channel: ChannelName;
  status: number;
  from: number;
  until?: number;
}

// Slack webhook error bodies for the statuses a revoked or broken webhook answers with.
const SLACK_BODIES: Record<number, string> = {
  400: 'invalid_payload',
  403: 'action_prohibited',
  404: 'no_service',
  410: 'channel_is_archived',
  500: 'rollup_error',
};

// SNS error names by HTTP status (what the SDK throws).
const SNS_ERRORS: Record<number, string> = {
  400: 'InvalidParameterException: Invalid parameter',
  403: 'AuthorizationErrorException: not authorized to perform SNS:Publish',
  404: 'NotFoundException: Topic does not exist',
  429: 'ThrottledException: Rate exceeded',
  500: 'InternalErrorException: Internal Error',
  503: 'ServiceUnavailable: Service is unavailable',
};
// The deployed SNS client makes up to 4 attempts at throttling and 5xx (shared/runtime/clients/sns.ts).
const SNS_ATTEMPTS = 4;
// The Slack channel retries 429 and 5xx until the deadline: about this many attempts in an event function.
const SLACK_RETRIED_ATTEMPTS = 6;

/** The DeliveryResult the real adapter returns for an HTTP status (slack-channel.ts, sns-channel.ts). */
export function failedDelivery(channel: ChannelName, status: number): DeliveryResult {
  const retried = status === 429 || status >= 500;
  if (channel === 'sns') {
    const error = SNS_ERRORS[status] ?? `UnknownError: HTTP ${status}`;
    return { channel, ok: false, attempts: retried ? SNS_ATTEMPTS : 1, error };
  }
  const text = `HTTP ${status} ${SLACK_BODIES[status] ?? ''}`.trim();
  return retried
    ? { channel, ok: false, attempts: SLACK_RETRIED_ATTEMPTS, error: `${text}; deadline reached` }
    : { channel, ok: false, attempts: 1, error: text };
}

/** Where the simulated channels report to: the virtual clock, the outages, and the record. */
export interface SimChannelsInput {
  now: () => number;
  outages: readonly ChannelOutage[];
  delivered: DeliveredMessage[];
  onFailure: () => void;
}

const outageAt = (input: SimChannelsInput, channel: ChannelName) => {
  const now = input.now();
  return input.outages.find((o) => o.channel === channel && o.from <= now && (o.until === undefined || now < o.until));
};

/** When the transition an alert announces happened (as buildAlert stamps it). */
function transitionTime(alert: Alert): number {
  const { incident } = alert;
  const at = alert.transition === 'resolved' ? (incident.resolvedAt ?? incident.lastAlertAt) : incident.lastAlertAt;
  return Date.parse(at);
}

/**
 * A channel that renders exactly what the real one would send (capture channel, or the real channel given as
 * `inner`, e.g. Slack app mode against the simulated workspace) and records it with the virtual delivery
 * time; during an outage it answers the way the real adapter reports that HTTP status.
 */
export function createSimChannel(name: ChannelName, input: SimChannelsInput, inner?: AlertChannel): AlertChannel {
  const capture = createCaptureChannel(name);
  const delegate = inner ?? capture;
  return {
    name,
    async send(alert, deadline) {
      const outage = outageAt(input, name);
      if (outage) {
        input.onFailure();
        return failedDelivery(name, outage.status);
      }
      const result = await delegate.send(alert, deadline);
      capture.captured.length = 0;
      if (result.ok) {
        const { incident } = alert;
        input.delivered.push({
          at: input.now(),
          channel: name,
          alertId: alert.id,
          incident: incident.key,
          transition: alert.transition,
          title: alert.title,
          group: incident.group,
          cluster: incident.cluster,
          subject: incident.subject,
          severity: alert.severity,
          category: alert.category,
          transitionAt: transitionTime(alert),
          ...(alert.route ? { route: routeLabel(alert.route) } : {}),
        });
      }
      return result;
    },
  };
}

/** Report delivery to a simulated channel: records the digest, or fails like the channel during an outage. */
export function createSimReportDelivery(
  name: ChannelName,
  input: SimChannelsInput,
  reports: DeliveredReport[],
): ReportDelivery {
  return {
    name,
    async deliver(report) {
      const outage = outageAt(input, name);
      if (outage) return failedDelivery(name, outage.status);
      reports.push({ at: input.now(), channel: name, status: report.status });
      return { channel: name, ok: true, attempts: 1 };
    },
  };
}
