import type { Alert, ChannelName } from '../domain/alerts/types.js';

/** Outcome of one delivery attempt sequence (retries included). */
export interface DeliveryResult {
  channel: ChannelName;
  ok: boolean;
  /** Attempts made, including the first. */
  attempts: number;
  /** Error text when not ok; never contains secrets. */
  error?: string;
  /** True when trying again cannot help (revoked webhook, deleted topic): the transition is given up on this channel. */
  permanent?: boolean;
}

/** A notification channel (SNS topic, Slack webhook). Never throws: failures come back as results. */
export interface AlertChannel {
  readonly name: ChannelName;
  /** Renders and sends one alert, retrying transient failures within `deadline` (epoch ms). */
  send(alert: Alert, deadline: number): Promise<DeliveryResult>;
}
