import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SlackThread, SlackThreadStore } from '../../ports/slack-threads.js';
import { ITEM_SK, keys, ttlSeconds } from './dynamodb-items.js';

/** Where the DynamoDB twin keeps roots: the state table, one item per incident (`slack-thread#<key>`). */
export interface DynamoSlackThreadsOptions {
  client: DynamoDBClient;
  table: string;
  /** Epoch-ms clock: an item past its TTL is absent even before DynamoDB deletes it. */
  now?: () => number;
}

function threadOf(item: Record<string, unknown> | undefined): SlackThread | undefined {
  const { channel, ts, openedAt } = item ?? {};
  if (typeof channel !== 'string' || typeof ts !== 'string' || typeof openedAt !== 'string') return undefined;
  return { channel, ts, openedAt };
}

/** Incident roots in the state table: a plain get and an unconditional put (the last root posted wins). */
export function createDynamoSlackThreads(options: DynamoSlackThreadsOptions): SlackThreadStore {
  const doc = DynamoDBDocumentClient.from(options.client);
  const now = options.now ?? Date.now;
  return {
    async get(incidentKey) {
      const out = await doc.send(
        new GetCommand({ TableName: options.table, Key: { pk: keys.slackThread(incidentKey), sk: ITEM_SK } }),
      );
      const expiresAt = out.Item?.expiresAt;
      if (typeof expiresAt === 'number' && expiresAt * 1000 <= now()) return undefined;
      return threadOf(out.Item);
    },
    async put(incidentKey, thread, expiresAtMs) {
      const item = { pk: keys.slackThread(incidentKey), sk: ITEM_SK, ...thread, expiresAt: ttlSeconds(expiresAtMs) };
      await doc.send(new PutCommand({ TableName: options.table, Item: item }));
    },
  };
}

/** The in-memory twin (replay, simulator, tests): same answers, expiry on the given clock. */
export function createMemorySlackThreads(now: () => number = Date.now): SlackThreadStore {
  const items = new Map<string, { thread: SlackThread; expiresAtMs: number }>();
  return {
    async get(incidentKey) {
      const item = items.get(incidentKey);
      return item && item.expiresAtMs > now() ? { ...item.thread } : undefined;
    },
    async put(incidentKey, thread, expiresAtMs) {
      items.set(incidentKey, { thread: { ...thread }, expiresAtMs });
    },
  };
}
