import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoSilences } from '../../../../shared/adapters/state/silences.js';
import type { Silence } from '../../../../shared/domain/incidents/silences.js';

const doc = mockClient(DynamoDBDocumentClient);
const NOW = Date.parse('2026-03-02T12:00:00Z');
const silence: Silence = {
  id: 'ab12cd34',
  cluster: 'prod',
  from: '2026-03-02T12:00:00.000Z',
  until: '2026-03-02T14:00:00.000Z',
  reason: 'load test',
  by: 'alice',
};
const store = () =>
  createDynamoSilences({ client: new DynamoDBClient({ region: 'eu-west-1' }), table: 'state', now: () => NOW });

beforeEach(() => doc.reset());

describe('Function: createDynamoSilences', () => {
  it('stores a silence under silence#<id>, listed by end in gsi1, kept a day past its end', async () => {
    doc.on(PutCommand).resolves({});
    await store().put(silence);
    expect(doc).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'state',
      Item: {
        pk: 'silence#ab12cd34',
        sk: 'item',
        gsi1pk: 'silences',
        gsi1sk: '2026-03-02T14:00:00.000Z#ab12cd34',
        data: silence,
        expiresAt: Date.parse('2026-03-03T14:00:00Z') / 1000,
      },
    });
  });

  it('lists the silences not yet over through the index, without a Scan', async () => {
    const over = { ...silence, id: 'old', until: '2026-03-02T11:00:00.000Z' };
    doc.on(QueryCommand).resolves({ Items: [{ data: over }, { data: silence }] });
    await expect(store().list(NOW)).resolves.toEqual([silence]);
    expect(doc).toHaveReceivedCommandWith(QueryCommand, { IndexName: 'gsi1', TableName: 'state' });
  });

  it('removes with a condition that it exists', async () => {
    doc.on(TransactWriteCommand).resolves({});
    await expect(store().remove('ab12cd34')).resolves.toBe(true);
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
