import { createDynamoStateStore } from '../adapters/state/dynamodb-store.js';
import { createMemoryStateStore } from '../adapters/state/memory-store.js';
import type { StateStore } from '../ports/state-store.js';
import { dynamoClient } from './clients/dynamodb.js';
import { getConfig } from './lambda-config.js';

let store: StateStore | undefined;

/** The state store: DynamoDB when LOOKOUT_STATE_TABLE is set, else in memory (single process only). */
export function getStateStore(): StateStore {
  const { stateTable } = getConfig();
  store ??= stateTable
    ? createDynamoStateStore({ client: dynamoClient(), table: stateTable })
    : createMemoryStateStore();
  return store;
}
