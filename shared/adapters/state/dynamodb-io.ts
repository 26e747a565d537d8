import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { GSI_NAME, ITEM_SK, isConditionFailure } from './dynamodb-items.js';

/** A stored item as the DocumentClient returns it. */
// biome-ignore lint/suspicious/noExplicitAny: items are heterogeneous by design; the store narrows them per kind.
export type StoredItem = Record<string, any>;

/** One conditional operation of a transaction: put an item, delete or only check a partition. */
export type TransactOp = { condition: string; values?: Record<string, unknown> } & (
  | { put: StoredItem }
  | { delete: string }
  | { check: string }
);

// A transaction cancelled by a failed condition, or by a concurrent transaction on the same items, is a
// conflict (decide again); cancelled for any other reason (throttling, validation) it is an error.
function isTransactionConflict(error: unknown): boolean {
  const e = error as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  if (e?.name === 'TransactionConflictException') return true;
  if (e?.name !== 'TransactionCanceledException') return false;
  const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None').filter((code) => code !== 'None');
  return codes.length > 0 && codes.every((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict');
}

// BatchGetItem reads at most this many keys per call; keys it leaves unprocessed (throttling, the 16 MB
// response cap) are asked for again after a jittered, doubling pause, a bounded number of times.
const BATCH_GET_KEYS = 100;
const UNPROCESSED_RETRIES = 8;
const UNPROCESSED_BACKOFF_MS = 25;

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * UNPROCESSED_BACKOFF_MS * 2 ** attempt));

/** Range condition on gsi1sk for `queryIndex`. */
export type SortRange = { beginsWith: string } | { before: string };

// Every attribute is aliased, so no attribute can ever clash with DynamoDB's reserved words (`data`, `status`, …).
const NAMES: Record<string, string> = {
  '#pk': 'pk',
  '#sk': 'sk',
  '#expiresAt': 'expiresAt',
  '#version': 'version',
  '#done': 'done',
  '#rev': 'rev',
  '#n': 'n',
  '#data': 'data',
  '#status': 'status',
  '#gsi1pk': 'gsi1pk',
  '#gsi1sk': 'gsi1sk',
};

/**
 * Low-level reads and conditional writes of the state table. Expressions use `#attribute` aliases and
 * `:value` placeholders; `:now` (epoch seconds from the clock) is filled in when an expression uses it.
 */
export function createItemIo(doc: DynamoDBDocumentClient, table: string, clock: () => number) {
  const nowSeconds = () => Math.floor(clock() / 1000);
  const isLive = (item: StoredItem | undefined): item is StoredItem =>
    item !== undefined && !(typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds());

  // DynamoDB rejects unused names and values, so only those the expressions mention are sent.
  const expression = (texts: string[], values: Record<string, unknown> = {}) => {
    const text = texts.join(' ');
    const names = Object.fromEntries(Object.entries(NAMES).filter(([alias]) => new RegExp(`${alias}\\b`).test(text)));
    const allValues = /:now\b/.test(text) ? { ...values, ':now': nowSeconds() } : values;
    return {
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(allValues).length > 0 ? { ExpressionAttributeValues: allValues } : {}),
    };
  };

  const conditional = async (send: () => Promise<unknown>): Promise<boolean> => {
    try {
      await send();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  return {
    /** The live item of a partition (strongly consistent), or undefined when absent or expired. */
    async get(pk: string): Promise<StoredItem | undefined> {
      const out = await doc.send(new GetCommand({ TableName: table, Key: { pk, sk: ITEM_SK }, ConsistentRead: true }));
      return isLive(out.Item) ? out.Item : undefined;
    },

    /** The live items of the partitions (strongly consistent, ≤ 100 keys per BatchGetItem call), by pk. */
    async getMany(pks: readonly string[]): Promise<Map<string, StoredItem>> {
      const found = new Map<string, StoredItem>();
      const unique = [...new Set(pks)];
      for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
        let keys = unique.slice(start, start + BATCH_GET_KEYS).map((pk) => ({ pk, sk: ITEM_SK }));
        for (let attempt = 0; keys.length > 0; attempt++) {
          if (attempt > UNPROCESSED_RETRIES) throw new Error(`BatchGetItem left ${keys.length} keys unread`);
          if (attempt > 0) await pause(attempt);
          const out = await doc.send(
            new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
          );
          for (const item of out.Responses?.[table] ?? []) if (isLive(item)) found.set(item.pk, item);
          keys = (out.UnprocessedKeys?.[table]?.Keys ?? []) as typeof keys;
        }
      }
      return found;
    },

    /** Puts an item if `condition` holds; false when it does not. */
    putIf(item: StoredItem, condition: string, values?: Record<string, unknown>): Promise<boolean> {
      const input = {
        TableName: table,
        Item: item,
        ConditionExpression: condition,
        ...expression([condition], values),
      };
      return conditional(() => doc.send(new PutCommand(input)));
    },

    /** Updates an item if `condition` holds; false when it does not. */
    /** Updates the item if `condition` holds; its attributes after the update, or undefined when refused. */
    async updateReturningIf(
      pk: string,
      update: string,
      condition: string,
      values?: Record<string, unknown>,
    ): Promise<StoredItem | undefined> {
      const input = {
        TableName: table,
        Key: { pk, sk: ITEM_SK },
        UpdateExpression: update,
        ConditionExpression: condition,
        ReturnValues: 'ALL_NEW' as const,
        ...expression([update, condition], values),
      };
      try {
        return ((await doc.send(new UpdateCommand(input)))?.Attributes ?? {}) as StoredItem;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    /** Runs the operations as one transaction (the SDK's idempotency token makes its retries safe); false on a conflict. */
    async transact(ops: TransactOp[]): Promise<boolean> {
      const TransactItems = ops.map((op) => {
        const condition = { ConditionExpression: op.condition, ...expression([op.condition], op.values) };
        if ('put' in op) return { Put: { TableName: table, Item: op.put, ...condition } };
        const Key = { pk: 'delete' in op ? op.delete : op.check, sk: ITEM_SK };
        return 'delete' in op
          ? { Delete: { TableName: table, Key, ...condition } }
          : { ConditionCheck: { TableName: table, Key, ...condition } };
      });
      try {
        await doc.send(new TransactWriteCommand({ TransactItems }));
        return true;
      } catch (error) {
        if (isTransactionConflict(error)) return false;
        throw error;
      }
    },

    /** `data` of every live item under a gsi1pk, in gsi1sk order, following pagination. */
    // biome-ignore lint/suspicious/noExplicitAny: callers name the item type they stored.
    async queryIndex<T = any>(gsi1pk: string, range?: SortRange): Promise<T[]> {
      const sortCondition =
        range === undefined ? '' : 'beginsWith' in range ? ' AND begins_with(#gsi1sk, :sk)' : ' AND #gsi1sk < :sk';
      const keyCondition = `#gsi1pk = :pk${sortCondition}`;
      const values = range === undefined ? { ':pk': gsi1pk } : { ':pk': gsi1pk, ':sk': Object.values(range)[0] };
      const results: T[] = [];
      let startKey: QueryCommandInput['ExclusiveStartKey'];
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: GSI_NAME,
            KeyConditionExpression: keyCondition,
            ExclusiveStartKey: startKey,
            ...expression([keyCondition], values),
          }),
        );
        for (const item of out.Items ?? []) if (isLive(item)) results.push(item.data as T);
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return results;
    },
  };
}
