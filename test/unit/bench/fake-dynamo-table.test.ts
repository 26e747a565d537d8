import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFakeDynamoTable,
  type FakeDynamoTable,
  serveFromTable,
} from '../../../bench/support/fake-dynamo-table.js';
import { createDynamoStateStore } from '../../../shared/adapters/state/dynamodb-store.js';
import { describeStateStoreContract, incidentFixture } from '../../helpers/state-store-contract.js';

const docMock = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }), {
  marshallOptions: { removeUndefinedValues: true },
});
let table: FakeDynamoTable;

function freshTable(): FakeDynamoTable {
  docMock.reset();
  table = createFakeDynamoTable();
  serveFromTable(docMock, table);
  return table;
}

afterAll(() => docMock.restore());

// The bench counts the real DynamoDB adapter's calls against this fake: it must behave like the table does.
describeStateStoreContract('DynamoDB store on the bench fake table', (clock) => {
  freshTable();
  return createDynamoStateStore({ client: doc, table: 'state', clock });
});

describe('fake DynamoDB table', () => {
  beforeEach(() => freshTable());

  it('rejects names or values the expressions do not use, as DynamoDB does', async () => {
    const put = new PutCommand({
      TableName: 'state',
      Item: { pk: 'a', sk: 'item' },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
    });
    await expect(doc.send(put)).rejects.toThrow(/unused in expressions: #sk/);
    expect(table.items.size).toBe(0);
  });

  it('pages a large index query at about 1 MB and resumes after the last key', async () => {
    const store = createDynamoStateStore({ client: doc, table: 'state', clock: () => 0 });
    const notes = ['x'.repeat(4_000)];
    for (let i = 0; i < 400; i++) {
      await store.putIncident(incidentFixture({ key: `k${String(i).padStart(3, '0')}`, notes }), 0, 10 ** 13);
    }
    const open = await store.listOpenIncidents();
    expect(open.map((incident) => incident.key)).toEqual(
      Array.from({ length: 400 }, (_, i) => `k${String(i).padStart(3, '0')}`),
    );
    expect(docMock.commandCalls(QueryCommand).length).toBeGreaterThan(1);
  });
});
