import { createDynamoStateStore } from '../adapters/state/dynamodb-store.js';
import { createDynamoSilences, createMemorySilences } from '../adapters/state/silences.js';
import type { SilenceStore } from '../ports/silences.js';
import { STATE_STORE_METHODS, type StateStore } from '../ports/state-store.js';
import { dynamoClient } from './clients/dynamodb.js';
import { deferred } from './deferred.js';
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

/**
 * The state store: DynamoDB when LOOKOUT_STATE_TABLE is set, else in memory (single process only). The
 * in-memory store loads on first use (chunks/): a deployed function has a table, so its cold start never holds it.
 */
export function getStateStore(): StateStore {
  const { stateTable } = getConfig();
  store ??= stateTable
    ? createDynamoStateStore({ client: dynamoClient(), table: stateTable })
    : deferred(async () => (await import('./on-demand.js')).createMemoryStateStore(), STATE_STORE_METHODS);
  return store;
}
