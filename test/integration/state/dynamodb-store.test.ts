import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoStateStore } from '../../../shared/adapters/state/dynamodb-store.js';
import { motoClientConfig } from '../../helpers/moto.js';
import { createStateTable as createTable } from '../../helpers/moto-state.js';
import { describeStateStoreContract, incidentFixture } from '../../helpers/state-store-contract.js';

const client = new DynamoDBClient(motoClientConfig());
afterAll(() => client.destroy());

const createStateTable = () => createTable(client);

describeStateStoreContract('DynamoDB on moto', async (clock) =>
  createDynamoStateStore({ client, table: await createStateTable(), clock }),
);

describe('createDynamoStateStore on moto', () => {
  it('lists more open incidents than one Query page holds', async () => {
    const counted = new DynamoDBClient(motoClientConfig());
    let queries = 0;
    counted.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'QueryCommand') queries++;
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = createDynamoStateStore({ client: counted, table: await createStateTable() });
    const bigNotes = Array.from({ length: 10 }, () => 'x'.repeat(20_000));
    // 60 items × ~200 KB is far past the 1 MB a Query page returns.
    for (let i = 0; i < 60; i++) {
      await store.putIncident(
        incidentFixture({ key: `k${String(i).padStart(2, '0')}`, notes: bigNotes }),
        0,
        Date.now() + 3_600_000,
      );
    }

    const open = await store.listOpenIncidents('prod');

    expect(open.map((incident) => incident.key)).toEqual(
      Array.from({ length: 60 }, (_, i) => `k${String(i).padStart(2, '0')}`),
    );
    expect(queries).toBeGreaterThan(1);
  });

  it('stores expiresAt in epoch seconds on every item kind', async () => {
    const table = await createStateTable();
    const store = createDynamoStateStore({ client, table });
    const expiresAt = Date.parse('2026-12-01T00:00:00.500Z');

    await store.putIncident(incidentFixture(), 0, expiresAt);
    await store.putDeployment(
      { cluster: 'c', service: 's', deploymentId: 'd', state: 'in-progress', since: '', rev: 1 },
      0,
      expiresAt,
    );
    await store.putPendingDisconnect(
      { containerInstanceArn: 'arn:ci/1', cluster: 'c', account: 'a', region: 'r', disconnectedAt: '', dueAt: '' },
      expiresAt,
    );
    await store.takeBudget('budget', 1, expiresAt);
    await store.claimRemediation({ key: 'claim', status: 'started' }, expiresAt);
    const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));

    expect(Items).toHaveLength(5);
    expect(new Set(Items.map((item) => item.expiresAt?.N))).toEqual(new Set([String(Math.ceil(expiresAt / 1000))]));
  });
});
