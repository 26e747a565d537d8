/** Single-table layout of the state table: every item has `pk`, `sk`, `expiresAt` (epoch seconds, the TTL attribute). */

/** Sort key shared by every item: one item per partition, so partitions spread evenly. */
export const ITEM_SK = 'item';
/** GSI of things that must be listed without a Scan. */
export const GSI_NAME = 'gsi1';
/** gsi1pk of open incidents; their gsi1sk is `cluster#key`. */
export const OPEN_INCIDENTS = 'open-incidents';
/** gsi1pk of resolved incidents whose last alert still waits for a channel; their gsi1sk is the key. */
export const RESOLVED_OUTBOXES = 'resolved-outbox';
/** gsi1pk of pending agent disconnects; their gsi1sk is `dueAt#containerInstanceArn`. */
export const PENDING_DISCONNECTS = 'pending-disconnect';
/** gsi1pk of deployment records with a lifecycle hook awaiting action; their gsi1sk is `dueAt#cluster#service`. */
export const AWAITING_HOOKS = 'awaiting-hook';

/** Partition keys per item kind. */
export const keys = {
  incident: (key: string) => `incident#${key}`,
  deployment: (cluster: string, service: string) => `deployment#${cluster}#${service}`,
  pending: (containerInstanceArn: string) => `pending#${containerInstanceArn}`,
  budget: (key: string) => `budget#${key}`,
  claim: (key: string) => `claim#${key}`,
  slackThread: (incidentKey: string) => `slack-thread#${incidentKey}`,
  silence: (id: string) => `silence#${id}`,
};

/** Epoch ms → epoch seconds, rounded up so an item never expires before its time. */
export function ttlSeconds(expiresAtMs: number): number {
  return Math.ceil(expiresAtMs / 1000);
}

/** An ISO time in one fixed format (`toISOString`), so sort keys order like times; other text passes through. */
export function sortableIso(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

/** A JSON copy: drops `undefined` (DynamoDB rejects it) and anything else JSON can't hold. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** True when DynamoDB rejected a write because its condition was false. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Condition: the item does not exist, or exists only because TTL deletion (which lags) has not removed it yet. */
export const ABSENT = 'attribute_not_exists(#pk) OR #expiresAt <= :now';
