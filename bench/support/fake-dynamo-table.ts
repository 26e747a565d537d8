import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DeleteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import {
  assertAllUsed,
  compileCondition,
  compileUpdate,
  type ExpressionContext,
  type Item,
} from './dynamo-expressions.js';

// DynamoDB stops a Query page at 1 MB; estimated here from the JSON size of the items read.
const PAGE_BYTES = 1024 * 1024;

/** Key of the fake's single key schema (pk + sk) and of its one GSI (gsi1pk + gsi1sk). */
const tableKey = (key: Item) => `${String(key.pk)}\u0000${String(key.sk)}`;

function context(input: {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}): ExpressionContext {
  return {
    names: input.ExpressionAttributeNames ?? {},
    values: input.ExpressionAttributeValues ?? {},
    used: new Set(),
  };
}

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

/** An in-memory table behind a mocked DocumentClient: conditions, updates and GSI queries as DynamoDB does them. */
export interface FakeDynamoTable {
  /** Stored items by primary key, for assertions and sizing. */
  readonly items: Map<string, Item>;
  get(input: GetCommandInput): { Item?: Item };
  batchGet(input: BatchGetCommandInput): { Responses: Record<string, Item[]>; UnprocessedKeys: Record<string, never> };
  put(input: PutCommandInput): Record<string, never>;
  update(input: UpdateCommandInput): { Attributes?: Item };
  delete(input: DeleteCommandInput): Record<string, never>;
  query(input: QueryCommandInput): { Items: Item[]; LastEvaluatedKey?: Item };
  transact(input: TransactWriteCommandInput): Record<string, never>;
}

/** Creates an empty fake table (one key schema pk+sk, one sparse GSI gsi1pk+gsi1sk; TTL is left to the reader). */
export function createFakeDynamoTable(): FakeDynamoTable {
  const items = new Map<string, Item>();
  const checked = (condition: string | undefined, ctx: ExpressionContext, existing: Item | undefined) =>
    condition ? compileCondition(condition, ctx)(existing) : true;

  return {
    items,
    get(input) {
      const item = items.get(tableKey(input.Key ?? {}));
      return item ? { Item: structuredClone(item) } : {};
    },
    batchGet(input) {
      const Responses: Record<string, Item[]> = {};
      for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
        const keys = request.Keys ?? [];
        if (keys.length > 100) throw new Error('BatchGetItem reads at most 100 keys per call');
        Responses[table] = keys.flatMap((key) => {
          const item = items.get(tableKey(key));
          return item ? [structuredClone(item)] : [];
        });
      }
      return { Responses, UnprocessedKeys: {} };
    },
    put(input) {
      const item = structuredClone(input.Item ?? {});
      const ctx = context(input);
      const holds = checked(input.ConditionExpression, ctx, items.get(tableKey(item)));
      assertAllUsed(ctx);
      if (!holds) throw conditionFailed();
      items.set(tableKey(item), item);
      return {};
    },
    update(input) {
      const key = input.Key ?? {};
      const existing = items.get(tableKey(key));
      const ctx = context(input);
      const holds = checked(input.ConditionExpression, ctx, existing);
      const apply = compileUpdate(input.UpdateExpression ?? '', ctx);
      assertAllUsed(ctx);
      if (!holds) throw conditionFailed();
      const updated = apply(existing ?? { ...key });
      items.set(tableKey(key), updated);
      return input.ReturnValues === 'ALL_NEW' ? { Attributes: structuredClone(updated) } : {};
    },
    delete(input) {
      const key = input.Key ?? {};
      const ctx = context(input);
      const holds = checked(input.ConditionExpression, ctx, items.get(tableKey(key)));
      assertAllUsed(ctx);
      if (!holds) throw conditionFailed();
      items.delete(tableKey(key));
      return {};
    },
    transact(input) {
      const ops = input.TransactItems ?? [];
      // All conditions first, then all writes: a failed condition cancels the whole transaction.
      const reasons = ops.map((op) => {
        const part = op.Put ?? op.Delete ?? op.ConditionCheck;
        if (!part) throw new Error('the fake table supports Put, Delete and ConditionCheck in transactions');
        const key = op.Put ? tableKey(op.Put.Item ?? {}) : tableKey((op.Delete ?? op.ConditionCheck)?.Key ?? {});
        const ctx = context(part);
        const holds = checked(part.ConditionExpression, ctx, items.get(key));
        assertAllUsed(ctx);
        return holds ? 'None' : 'ConditionalCheckFailed';
      });
      if (reasons.some((code) => code !== 'None')) {
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: reasons.map((Code) => ({ Code })),
        });
      }
      for (const op of ops) {
        if (op.Put) items.set(tableKey(op.Put.Item ?? {}), structuredClone(op.Put.Item ?? {}));
        if (op.Delete) items.delete(tableKey(op.Delete.Key ?? {}));
      }
      return {};
    },
    query(input) {
      if (input.IndexName !== 'gsi1') throw new Error(`the fake table only queries gsi1, not ${input.IndexName}`);
      const ctx = context(input);
      const matches = compileCondition(input.KeyConditionExpression ?? '', ctx);
      assertAllUsed(ctx);
      const sorted = [...items.values()]
        .filter((item) => typeof item.gsi1pk === 'string' && typeof item.gsi1sk === 'string' && matches(item))
        .sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : a.gsi1sk > b.gsi1sk ? 1 : 0));
      const after = input.ExclusiveStartKey?.gsi1sk as string | undefined;
      const page: Item[] = [];
      let bytes = 0;
      for (const item of sorted) {
        if (after !== undefined && item.gsi1sk <= after) continue;
        if (bytes >= PAGE_BYTES) {
          const last = page[page.length - 1] ?? item;
          return {
            Items: page,
            LastEvaluatedKey: { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk },
          };
        }
        page.push(structuredClone(item));
        bytes += JSON.stringify(item).length;
      }
      return { Items: page };
    },
  };
}

/** How each answer is served: as is, or wrapped (delays, tallies); `write` says whether the command writes. */
export type ServeWrapper = <I, O>(op: (input: I) => O, write: boolean) => (input: I) => O | Promise<O>;

const asIs: ServeWrapper = (op) => op;

/** Routes a mocked DocumentClient's Get/BatchGet/Put/Update/Delete/Query/TransactWrite commands to the fake table. */
export function serveFromTable(
  mock: AwsClientStub<DynamoDBDocumentClient>,
  table: FakeDynamoTable,
  wrap: ServeWrapper = asIs,
): void {
  mock.on(GetCommand).callsFake(wrap((input: GetCommandInput) => table.get(input), false));
  mock.on(BatchGetCommand).callsFake(wrap((input: BatchGetCommandInput) => table.batchGet(input), false));
  mock.on(QueryCommand).callsFake(wrap((input: QueryCommandInput) => table.query(input), false));
  mock.on(PutCommand).callsFake(wrap((input: PutCommandInput) => table.put(input), true));
  mock.on(UpdateCommand).callsFake(wrap((input: UpdateCommandInput) => table.update(input), true));
  mock.on(DeleteCommand).callsFake(wrap((input: DeleteCommandInput) => table.delete(input), true));
  mock.on(TransactWriteCommand).callsFake(wrap((input: TransactWriteCommandInput) => table.transact(input), true));
}
