import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoSlackThreads, createMemorySlackThreads } from '../../../../shared/adapters/state/slack-threads.js';

const doc = mockClient(DynamoDBDocumentClient);
const client = () => new DynamoDBClient({ region: 'eu-west-1' });
const thread = { channel: 'C0ALERTS', ts: '1700000000.000100', openedAt: '2026-08-20T09:14:00Z' };
const KEY = '123456789012/eu-west-1/prod/service/orders-api/deployment';

beforeEach(() => doc.reset());

describe('Function: createDynamoSlackThreads', () => {
  it('puts the root under slack-thread#<incident key> with a TTL in seconds', async () => {
    doc.on(PutCommand).resolves({});
    const store = createDynamoSlackThreads({ client: client(), table: 'state' });
    await store.put(KEY, thread, 1_800_000_000_500);
    expect(doc).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'state',
      Item: { pk: `slack-thread#${KEY}`, sk: 'item', ...thread, expiresAt: 1_800_000_001 },
    });
  });

  it.each([
    { name: 'a live item', item: { ...thread, expiresAt: 2_000_000_000 }, expected: thread },
    { name: 'an item past its TTL', item: { ...thread, expiresAt: 1_000 }, expected: undefined },
    { name: 'no item', item: undefined, expected: undefined },
    { name: 'an item without ts', item: { channel: 'C0ALERTS', openedAt: thread.openedAt }, expected: undefined },
  ])('reads $name', async ({ item, expected }) => {
    doc.on(GetCommand).resolves(item ? { Item: { pk: `slack-thread#${KEY}`, sk: 'item', ...item } } : {});
    const store = createDynamoSlackThreads({
      client: client(),
      table: 'state',
      now: () => 1_700_000_000_000,
    });
    await expect(store.get(KEY)).resolves.toEqual(expected);
  });
});

describe('Function: createMemorySlackThreads', () => {
  it('answers like the table: the last root put, until it expires', async () => {
    let now = 0;
    const store = createMemorySlackThreads(() => now);
    await store.put(KEY, thread, 1_000);
    await store.put(KEY, { ...thread, ts: '2' }, 1_000);
    await expect(store.get(KEY)).resolves.toEqual({ ...thread, ts: '2' });
    now = 1_000;
    await expect(store.get(KEY)).resolves.toBeUndefined();
  });
});
