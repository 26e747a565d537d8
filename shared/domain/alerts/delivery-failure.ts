// Answers that will not change by trying again. Slack incoming webhooks: 403 invalid_token/action_prohibited,
// 404 no_service/channel_not_found, 410 channel_is_archived, 400 invalid_payload (this payload never goes
// through). SNS: a deleted topic, a publisher without permission, a parameter the topic refuses.
const PERMANENT_HTTP = /\bHTTP (403|404|410)\b/;

/** Slack incoming-webhook HTTP statuses that stay until someone fixes the webhook. */
export const SLACK_PERMANENT_STATUSES: ReadonlySet<number> = new Set([403, 404, 410]);

/** Slack incoming-webhook error codes (response bodies) that no retry can change. */
export const SLACK_PERMANENT_CODES: readonly string[] = [
  'invalid_token',
  'action_prohibited',
  'no_service',
  'channel_not_found',
  'channel_is_archived',
  'invalid_payload',
];

const PERMANENT_MARKERS = [
  ...SLACK_PERMANENT_CODES,
  'webhook URL must be https',
  'NotFoundException',
  'AuthorizationErrorException',
  'InvalidParameterException',
];

/**
 * True when a failed delivery will fail the same way however often it is retried (a revoked webhook, a
 * deleted topic): the channel's own verdict when it gives one, else read from the error text.
 */
export function isPermanentDeliveryFailure(result: { permanent?: boolean; error?: string }): boolean {
  if (result.permanent !== undefined) return result.permanent;
  const error = result.error ?? '';
  return PERMANENT_HTTP.test(error) || PERMANENT_MARKERS.some((marker) => error.includes(marker));
}
