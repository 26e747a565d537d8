import { renderSlack } from '../../domain/alerts/slack.js';
import { renderSns } from '../../domain/alerts/sns.js';
import type { Alert, ChannelName } from '../../domain/alerts/types.js';
import type { AlertChannel, DeliveryResult } from '../../ports/alert-channel.js';

/** One payload a capture channel rendered instead of sending. */
export interface CapturedPayload {
  channel: ChannelName;
  alert: Alert;
  /** The exact payload the real channel would send, rendered when first read (replay keeps many unread). */
  readonly payload: unknown;
}

/**
 * A capture whose payload is rendered on first read and kept: rendering every alert of a replay cost 20 %.
 * `payload` is an own enumerable getter (JSON shows it, after channel and alert), one descriptor shared by all
 * captures: a getter and closure per capture gave each its own hidden class.
 */
class LazyCapture implements CapturedPayload {
  static readonly #lazyPayload: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyCapture): unknown {
      if (!this.#rendered) {
        this.#payload = this.channel === 'slack' ? renderSlack(this.alert) : renderSns(this.alert);
        this.#rendered = true;
      }
      return this.#payload;
    },
  };
  #payload: unknown;
  #rendered = false;
  declare readonly payload: unknown;
  readonly channel: ChannelName;
  readonly alert: Alert;

  constructor(channel: ChannelName, alert: Alert) {
    this.channel = channel;
    this.alert = alert;
    Object.defineProperty(this, 'payload', LazyCapture.#lazyPayload);
  }
}

/** In-memory twin of a real channel: renders the exact payload it would send and keeps it (replay, preview). */
export interface CaptureChannel extends AlertChannel {
  readonly captured: CapturedPayload[];
}

/**
 * Creates a capture channel for `name`; `fail` makes every send fail (for tests of the failure contract);
 * `keep: false` keeps nothing (a long replay that prints the timeline needs no payloads).
 */
export function createCaptureChannel(
  name: ChannelName,
  options: { fail?: boolean; keep?: boolean } = {},
): CaptureChannel {
  const captured: CapturedPayload[] = [];
  return {
    name,
    captured,
    async send(alert: Alert): Promise<DeliveryResult> {
      if (options.fail) return { channel: name, ok: false, attempts: 1, error: 'capture channel set to fail' };
      if (options.keep !== false) captured.push(new LazyCapture(name, alert));
      return { channel: name, ok: true, attempts: 1 };
    },
  };
}
