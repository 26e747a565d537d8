import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoStateStore } from '../../../../shared/adapters/state/dynamodb-store.js';
import { incidentFixture } from '../../../helpers/state-store-contract.js';

const NOW = Date.parse('2026-11-29T10:00:00.000Z');
const EXPIRES = NOW + 3_600_000;
const EXPIRES_S = EXPIRES / 1000;
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const docMock = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const store = createDynamoStateStore({ client: doc, table: 'state', clock: () => NOW });

describe('createDynamoStateStore (command shapes)', () => {
  beforeEach(() => {
    docMock.reset();
    docMock.on(QueryCommand).resolves({ Items: [] });
    docMock.on(GetCommand).resolves({});
  });

  it('makes every write but the pending-disconnect replace conditional, and puts a TTL in seconds on every item', async () => {
    await store.putIncident(incidentFixture(), 0, EXPIRES);
    await store.putIncident(incidentFixture({ rev: 2 }), 1, EXPIRES);
    await store.putDeployment(
      { cluster: 'c', service: 's', deploymentId: 'd', state: 'failed', since: '', rev: 1 },
      0,
      EXPIRES,
    );
    await store.takeBudget('budget', 3, EXPIRES);
    await store.claimRemediation({ key: 'claim', status: 'started' }, EXPIRES);
    await store.finishRemediation({ key: 'claim', status: 'done' }, EXPIRES);

    const puts = docMock.commandCalls(PutCommand).map((call) => call.args[0].input);
    const updates = docMock.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(puts).toHaveLength(5);
    expect(updates).toHaveLength(1);
    for (const input of [...puts, ...updates]) expect(input.ConditionExpression).toBeTruthy();
    for (const input of puts) expect(input.Item?.expiresAt).toBe(EXPIRES_S);
    expect(updates[0]?.UpdateExpression).toContain('SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)');
    expect(updates[0]?.ExpressionAttributeValues?.[':expiresAt']).toBe(EXPIRES_S);
  });

  it('maps ConditionalCheckFailedException to false and lets other errors through', async () => {
    docMock
      .on(PutCommand)
      .rejectsOnce(conditionFailed())
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

    await expect(store.putIncident(incidentFixture(), 0, EXPIRES)).resolves.toBe(false);
    await expect(store.putIncident(incidentFixture(), 0, EXPIRES)).rejects.toThrow('slow down');
  });

  it('indexes open incidents under gsi1 and writes resolved ones without gsi attributes', async () => {
    await store.putIncident(incidentFixture({ key: 'k1', cluster: 'prod' }), 0, EXPIRES);
    await store.putIncident(incidentFixture({ key: 'k1', cluster: 'prod', status: 'resolved', rev: 2 }), 1, EXPIRES);

    const [open, resolved] = docMock.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(open?.Item).toMatchObject({ gsi1pk: 'open-incidents', gsi1sk: 'prod#k1', rev: 1 });
    expect(resolved?.Item).not.toHaveProperty('gsi1pk');
    expect(resolved?.ConditionExpression).toBe('#rev = :expected');
    expect(resolved?.ExpressionAttributeValues).toEqual({ ':expected': 1 });
  });

  it('lists through gsi1 Queries and never Scans', async () => {
    docMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ data: { key: 'a' }, expiresAt: EXPIRES_S }], LastEvaluatedKey: { pk: 'x' } })
      .resolvesOnce({
        Items: [
          { data: { key: 'old' }, expiresAt: NOW / 1000 },
          { data: { key: 'b' }, expiresAt: EXPIRES_S },
        ],
      })
      .resolves({ Items: [] });

    const open = await store.listOpenIncidents('prod');
    await store.listDueDisconnects('2026-11-29T10:05:00Z');
    await store.listDueHooks('2026-11-29T10:05:00Z');

    expect(open.map((incident) => incident.key)).toEqual(['a', 'b']);
    expect(docMock).not.toHaveReceivedCommand(ScanCommand);
    expect(docMock.commandCalls(QueryCommand)[1]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      KeyConditionExpression: '#gsi1pk = :pk AND begins_with(#gsi1sk, :sk)',
      ExpressionAttributeValues: { ':pk': 'open-incidents', ':sk': 'prod#' },
      ExclusiveStartKey: { pk: 'x' },
    });
    expect(docMock).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: '#gsi1pk = :pk AND #gsi1sk < :sk',
      ExpressionAttributeValues: { ':pk': 'pending-disconnect', ':sk': '2026-11-29T10:05:00.000Z$' },
    });
    expect(docMock).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: '#gsi1pk = :pk AND #gsi1sk < :sk',
      ExpressionAttributeValues: { ':pk': 'awaiting-hook', ':sk': '2026-11-29T10:05:00.000Z$' },
    });
  });

  it('returns the existing claim, read consistently, when the claim write is refused', async () => {
    docMock.on(PutCommand).rejects(conditionFailed());
    docMock
      .on(GetCommand)
      .resolves({ Item: { data: { key: 'c', status: 'done', detail: 'arn:new' }, expiresAt: EXPIRES_S } });

    const result = await store.claimRemediation({ key: 'c', status: 'started' }, EXPIRES);

    expect(result).toEqual({ claimed: false, existing: { key: 'c', status: 'done', detail: 'arn:new' } });
    expect(docMock).toHaveReceivedCommandWith(GetCommand, { Key: { pk: 'claim#c', sk: 'item' }, ConsistentRead: true });
  });

  it('knows a budget window its own take used up, without reading it again', async () => {
    const fresh = createDynamoStateStore({ client: doc, table: 'state', clock: () => NOW });
    docMock.on(UpdateCommand).resolves({ Attributes: { pk: 'budget#full', sk: 'item', n: 3, expiresAt: EXPIRES_S } });

    expect(await fresh.takeBudget('full', 3, EXPIRES)).toBe(true);
    expect(await fresh.budgetUsedUp('full', 3)).toBe(true);
    expect(docMock).toHaveReceivedCommandWith(UpdateCommand, { ReturnValues: 'ALL_NEW' });
    expect(docMock.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('still reads a window its takes left room in (others may take the rest)', async () => {
    const fresh = createDynamoStateStore({ client: doc, table: 'state', clock: () => NOW });
    docMock.on(UpdateCommand).resolves({ Attributes: { pk: 'budget#room', sk: 'item', n: 2, expiresAt: EXPIRES_S } });

    expect(await fresh.takeBudget('room', 3, EXPIRES)).toBe(true);
    expect(await fresh.budgetUsedUp('room', 3)).toBe(false);
    expect(docMock.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('restarts an expired budget window with a put conditioned on expiry', async () => {
    docMock.on(UpdateCommand).rejects(conditionFailed());

    expect(await store.takeBudget('b', 3, EXPIRES)).toBe(true);
    expect(docMock).toHaveReceivedCommandWith(PutCommand, {
      Item: { pk: 'budget#b', sk: 'item', n: 1, expiresAt: EXPIRES_S },
      ConditionExpression: '#expiresAt <= :now',
    });
  });

  it('deletes pending disconnects by key', async () => {
    await store.deletePendingDisconnect('arn:ci/1');

    expect(docMock).toHaveReceivedCommandWith(DeleteCommand, { Key: { pk: 'pending#arn:ci/1', sk: 'item' } });
  });

  it('accepts a plain DynamoDBClient (wrapped in a DocumentClient) and drops undefined fields', async () => {
    const raw = createDynamoStateStore({ client: new DynamoDBClient({ region: 'us-east-1' }), table: 'state' });

    await raw.putIncident({ ...incidentFixture(), resolvedAt: undefined }, 0, EXPIRES);

    const item = docMock.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item?.expiresAt).toBe(EXPIRES_S);
    expect(item?.data).not.toHaveProperty('resolvedAt');
    expect(item?.data).toEqual(JSON.parse(JSON.stringify(incidentFixture())));
  });
});
