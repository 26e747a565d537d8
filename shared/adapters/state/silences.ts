import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Silence } from '../../domain/incidents/silences.js';
import type { SilenceStore } from '../../ports/silences.js';
import { createItemIo } from './dynamodb-io.js';
import { ITEM_SK, keys, ttlSeconds } from './dynamodb-items.js';

/** gsi1pk of silences; their gsi1sk is `until#id`, so a Query lists them by end. */
export const SILENCES = 'silences';
// A silence stays readable a day past its end (list, report), then TTL removes it.
const KEEP_AFTER_END_MS = 24 * 60 * 60_000;

/** Where the DynamoDB silences live: the state table. */
export interface DynamoSilencesOptions {
  client: DynamoDBClient;
  table: string;
  now?: () => number;
}

/** Silences in the state table: one item each (`silence#<id>`), listed through gsi1 without a Scan. */
export function createDynamoSilences(options: DynamoSilencesOptions): SilenceStore {
  const now = options.now ?? Date.now;
  const io = createItemIo(DynamoDBDocumentClient.from(options.client), options.table, now);
  return {
    async list(nowMs) {
      const all = await io.queryIndex<Silence>(SILENCES);
      return all.filter((silence) => Date.parse(silence.until) > nowMs);
    },
    async put(silence) {
      const item = {
        pk: keys.silence(silence.id),
        sk: ITEM_SK,
        gsi1pk: SILENCES,
        gsi1sk: `${silence.until}#${silence.id}`,
        data: silence,
        expiresAt: ttlSeconds(Date.parse(silence.until) + KEEP_AFTER_END_MS),
      };
      await io.putIf(item, 'attribute_not_exists(#pk) OR #expiresAt <= :now');
    },
    async remove(id) {
      return io.transact([{ delete: keys.silence(id), condition: 'attribute_exists(#pk)' }]);
    },
  };
}

/** The in-memory twin (replay, simulator, tests). */
export function createMemorySilences(): SilenceStore {
  const items = new Map<string, Silence>();
  return {
    async list(nowMs) {
      return [...items.values()]
        .filter((silence) => Date.parse(silence.until) > nowMs)
        .sort((a, b) => a.until.localeCompare(b.until));
    },
    async put(silence) {
      items.set(silence.id, { ...silence });
    },
    async remove(id) {
      return items.delete(id);
    },
  };
}
