import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoStateStore } from '../../shared/adapters/state/dynamodb-store.js';
import { runScenario } from '../../shared/simulator/run/index.js';
import { LIBRARY_DIR, loadScenario } from '../../shared/simulator/scenario.js';
import { scoreRun } from '../../shared/simulator/score/index.js';
import { motoClientConfig } from '../helpers/moto.js';
import { createStateTable } from '../helpers/moto-state.js';

const client = new DynamoDBClient(motoClientConfig());
afterAll(() => client.destroy());

describe('State store: a scenario on DynamoDB (moto) scores as it does in memory', () => {
  // hook-approved: a waiting hook's timer lives on the deployment record and is listed through gsi1.
  it.each(['sweep-crash-after-confirm', 'hook-approved'])(
    '%s: same scorecard, same messages',
    async (name) => {
      const scenario = await loadScenario(join(LIBRARY_DIR, `${name}.json`));
      const table = await createStateTable(client);

      const inMemory = await runScenario(scenario);
      const onDynamo = await runScenario(scenario, {
        store: (clock) => createDynamoStateStore({ client, table, clock }),
      });

      expect(onDynamo.messages.length).toBeGreaterThan(0);
      expect(scoreRun(scenario, onDynamo)).toEqual(scoreRun(scenario, inMemory));
      // Listing order may differ between the stores; what was said, and when, may not.
      const said = (messages: typeof inMemory.messages) =>
        messages.map((m) => `${m.at} ${m.channel} ${m.transition} ${m.title}`).sort();
      expect(said(onDynamo.messages)).toEqual(said(inMemory.messages));
    },
    180_000,
  );
});
