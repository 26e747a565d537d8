import { renderSlack } from '../../domain/alerts/slack.js';
import { renderSns } from '../../domain/alerts/sns.js';
import type { Alert, ChannelName } from '../../domain/alerts/types.js';
import type { AlertChannel, DeliveryResult } from '../../ports/alert-channel.js';

/** One payload a capture channel rendered instead of sending. */
export interface CapturedPayload {
  channel: ChannelName;
  alert: Alert;
  payload: unknown;
}

/** In-memory twin of a real channel: renders the exact payload it would send and keeps it (replay, preview). */
export interface CaptureChannel extends AlertChannel {
  readonly captured: CapturedPayload[];
}

/** Creates a capture channel for `name`; `fail` makes every send fail (for tests of the failure contract). */
export function createCaptureChannel(name: ChannelName, options: { fail?: boolean } = {}): CaptureChannel {
  const captured: CapturedPayload[] = [];
  return {
    name,
    captured,
    async send(alert: Alert): Promise<DeliveryResult> {
      if (options.fail) return { channel: name, ok: false, attempts: 1, error: 'capture channel set to fail' };
      const payload = name === 'slack' ? renderSlack(alert) : renderSns(alert);
      captured.push({ channel: name, alert, payload });
      return { channel: name, ok: true, attempts: 1 };
    },
  };
}
