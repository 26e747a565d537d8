import { createDynamoStateStore } from '../adapters/state/dynamodb-store.js';
import { createMemoryStateStore } from '../adapters/state/memory-store.js';
import { createDynamoSilences, createMemorySilences } from '../adapters/state/silences.js';
import type { SilenceStore } from '../ports/silences.js';
import type { StateStore } from '../ports/state-store.js';
import { dynamoClient } from './clients/dynamodb.js';
import { getConfig } from './lambda-config.js';

let store: StateStore | undefined;
let silences: SilenceStore | undefined;

/** Silences stored as data: in the state table when LOOKOUT_STATE_TABLE is set, else in memory. */
export function getSilenceStore(): SilenceStore {
  const { stateTable } = getConfig();
  silences ??= stateTable
    ? createDynamoSilences({ client: dynamoClient(), table: stateTable })
    : createMemorySilences();
  return silences;
}

/** The state store: DynamoDB when LOOKOUT_STATE_TABLE is set, else in memory (single process only). */
export function getStateStore(): StateStore {
  const { stateTable } = getConfig();
  store ??= stateTable
    ? createDynamoStateStore({ client: dynamoClient(), table: stateTable })
    : createMemoryStateStore();
  return store;
}
