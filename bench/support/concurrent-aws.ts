import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeContainerInstancesCommand,
  ECSClient,
  ListTagsForResourceCommand,
  type ListTagsForResourceCommandInput,
  RunTaskCommand,
  type RunTaskCommandInput,
  UpdateContainerInstancesStateCommand,
  type UpdateContainerInstancesStateCommandInput,
} from '@aws-sdk/client-ecs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { seeded } from '../../test/helpers/random.js';
import type { Item } from './dynamo-expressions.js';
import { createFakeDynamoTable, type FakeDynamoTable, type ServeWrapper, serveFromTable } from './fake-dynamo-table.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
// Most responses come back after 0–3 turns of the event loop, so every await is a point where another
// consumer can run between a read and the write that depends on it.
const MAX_PAUSE_TURNS = 3;

/** An alert the state owes the channels: an outbox some write stored (incident key, transition, its time). */
export interface OwedAlert {
  incident: string;
  transition: string;
  at: string;
}

/** What the shared doubles saw across every container. */
export interface SharedAwsTally {
  /** Writes refused by their condition (ConditionalCheckFailed), dedup refusals included. */
  conditionFailed: number;
  /** Transactions cancelled because a condition failed. */
  transactionsCancelled: number;
  /** Write calls that went through (Put, Update, Delete, TransactWrite). */
  writes: number;
}

/** One fake table and one ECS behind every container's SDK clients (the mocks patch the client classes). */
export interface SharedAws {
  table: FakeDynamoTable;
  tally: SharedAwsTally;
  /** Every distinct outbox a successful write stored, by `incident transition at`. */
  owed: Map<string, OwedAlert>;
  /** RunTask per client token: calls made, and the distinct tasks ECS really started. */
  runTask: Map<string, { calls: number; tasks: Set<string> }>;
  /** UpdateContainerInstancesState (drain) calls per container instance ARN. */
  drains: Map<string, number>;
  /** Fresh SDK clients, as one Lambda container creates them at init. */
  container(): { doc: DynamoDBDocumentClient; ecs: ECSClient };
  /** Undoes the mocks. */
  restore(): void;
}

/**
 * Mocks DynamoDB (the fake table that enforces conditions and transactions) and ECS for several containers
 * at once. Every response waits a seeded 0–3 event-loop turns before and after it is computed, so seeds give
 * different interleavings. ECS honours RunTask's clientToken like the real API: a token already used returns
 * the task it started, it never starts a second one.
 */
export function mockSharedAws(options: { seed: number; taggedTasks: ReadonlySet<string> }): SharedAws {
  const random = seeded(options.seed);
  const pause = async () => {
    const turns = Math.floor(random() * (MAX_PAUSE_TURNS + 1));
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const table = createFakeDynamoTable();
  const tally: SharedAwsTally = { conditionFailed: 0, transactionsCancelled: 0, writes: 0 };
  const owed = new Map<string, OwedAlert>();
  const noteOutbox = (item: Item | undefined) => {
    const outbox = item?.data?.outbox;
    if (typeof item?.pk !== 'string' || !item.pk.startsWith('incident#') || !outbox) return;
    const alert = {
      incident: item.data.key as string,
      transition: outbox.transition as string,
      at: outbox.at as string,
    };
    owed.set(`${alert.incident} ${alert.transition} ${alert.at}`, alert);
  };
  const answer: ServeWrapper =
    <I, O>(op: (input: I) => O, write: boolean) =>
    async (input: I): Promise<O> => {
      await pause();
      try {
        const out = op(input);
        if (write) tally.writes++;
        return out;
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'ConditionalCheckFailedException') tally.conditionFailed++;
        if (name === 'TransactionCanceledException') tally.transactionsCancelled++;
        throw error;
      } finally {
        await pause();
      }
    };
  // The table, noting every outbox a write stores (what the channels are owed).
  const noting: FakeDynamoTable = {
    ...table,
    put(input) {
      const out = table.put(input);
      noteOutbox(input.Item);
      return out;
    },
    transact(input) {
      const out = table.transact(input);
      for (const op of input.TransactItems ?? []) noteOutbox(op.Put?.Item);
      return out;
    },
  };
  const docMock = mockClient(DynamoDBDocumentClient);
  serveFromTable(docMock, noting, answer);

  const ecsMock = mockClient(ECSClient);
  const runTask = new Map<string, { calls: number; tasks: Set<string> }>();
  const byToken = new Map<string, string>();
  let started = 0;
  ecsMock.on(RunTaskCommand).callsFake(async (input: RunTaskCommandInput) => {
    await pause();
    const token = input.clientToken ?? `no-token-${started}`;
    const record = runTask.get(token) ?? { calls: 0, tasks: new Set<string>() };
    runTask.set(token, record);
    record.calls++;
    const taskArn = byToken.get(token) ?? `${input.cluster}/replacement-${++started}`.replace(':cluster/', ':task/');
    byToken.set(token, taskArn);
    record.tasks.add(taskArn);
    return { tasks: [{ taskArn }], failures: [] };
  });
  ecsMock.on(ListTagsForResourceCommand).callsFake(async (input: ListTagsForResourceCommandInput) => {
    await pause();
    const tagged = options.taggedTasks.has(input.resourceArn ?? '');
    return { tags: tagged ? [{ key: 'ecs-lookout:replace', value: 'true' }] : [] };
  });
  const drains = new Map<string, number>();
  ecsMock
    .on(UpdateContainerInstancesStateCommand)
    .callsFake(async (input: UpdateContainerInstancesStateCommandInput) => {
      await pause();
      for (const arn of input.containerInstances ?? []) drains.set(arn, (drains.get(arn) ?? 0) + 1);
      return {
        containerInstances: (input.containerInstances ?? []).map((arn) => ({ containerInstanceArn: arn })),
        failures: [],
      };
    });
  ecsMock.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [] });

  const client = { region: REGION, credentials: CREDENTIALS, maxAttempts: 5 };
  return {
    table,
    tally,
    owed,
    runTask,
    drains,
    container: () => ({
      doc: DynamoDBDocumentClient.from(new DynamoDBClient(client), {
        marshallOptions: { removeUndefinedValues: true },
      }),
      ecs: new ECSClient(client),
    }),
    restore() {
      docMock.restore();
      ecsMock.restore();
    },
  };
}
