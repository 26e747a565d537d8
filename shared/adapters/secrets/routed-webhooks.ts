import type { SSMClient } from '@aws-sdk/client-ssm';
import { ssmParameterValue } from './secret-source.js';
import { webhookUrlFromValue } from './webhook-url.js';

/** Where routed webhooks live: SSM SecureStrings named `<path><channel ID>`, and how long an answer is reused. */
export interface RoutedWebhooksOptions {
  /** Parameter path, with its trailing slash: `/ecs-lookout/slack-webhooks/`. */
  path: string;
  ssmClient: SSMClient;
  /** How long a URL, or the absence of one, is reused; default 5 minutes (as the default webhook). */
  maxAgeMs?: number;
  now?: () => number;
}

const DEFAULT_MAX_AGE_MS = 5 * 60_000;
// Tags may name any channel: the cache holds at most this many, the oldest forgotten first.
const MAX_CHANNELS = 500;

/**
 * Returns a function that finds the incoming webhook of a Slack channel ID, stored as the SSM SecureString
 * `<path><channel ID>`: its URL, or undefined when no such parameter exists. Both answers are cached for
 * `maxAgeMs` (a channel nobody stored a webhook for costs one read per 5 minutes, not one per alert);
 * concurrent callers share one read; other failures are not cached and throw an error that names the
 * parameter, never its value.
 */
export function createRoutedWebhooks(options: RoutedWebhooksOptions): (channel: string) => Promise<string | undefined> {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const cached = new Map<string, { url: string | undefined; expiresAt: number }>();
  const inFlight = new Map<string, Promise<string | undefined>>();

  async function read(name: string): Promise<string | undefined> {
    const value = await ssmParameterValue(options.ssmClient, name, 'routed Slack webhook URL', 'absent');
    return value === undefined ? undefined : webhookUrlFromValue(value, `SSM parameter ${name}`);
  }

  return async (channel) => {
    const hit = cached.get(channel);
    if (hit && now() < hit.expiresAt) return hit.url;
    let pending = inFlight.get(channel);
    if (!pending) {
      pending = read(`${options.path}${channel}`)
        .then((url) => {
          cached.delete(channel);
          if (cached.size >= MAX_CHANNELS) cached.delete(cached.keys().next().value as string);
          cached.set(channel, { url, expiresAt: now() + maxAgeMs });
          return url;
        })
        .finally(() => inFlight.delete(channel));
      inFlight.set(channel, pending);
    }
    return pending;
  };
}
