import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeContainerInstancesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTagsForResourceCommand,
  type ListTagsForResourceCommandInput,
  RunTaskCommand,
  type RunTaskCommandInput,
  UpdateContainerInstancesStateCommand,
  type UpdateContainerInstancesStateCommandInput,
} from '@aws-sdk/client-ecs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createFakeDynamoTable, type FakeDynamoTable, serveFromTable } from './fake-dynamo-table.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
// The same retry settings as shared/runtime/clients.ts, so a client behaves as the Lambdas' would.
const RETRY = { retryMode: 'adaptive', maxAttempts: 5 } as const;

/** SDK clients whose `send` is mocked: every call is answered locally and recorded. */
export interface MockedAws {
  ecs: ECSClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  sns: SNSClient;
  ssm: SSMClient;
  doc: DynamoDBDocumentClient;
  table: FakeDynamoTable;
  /** Calls per API, e.g. `DynamoDB GetItem`, `ECS RunTask`, across every client. */
  calls(): Record<string, number>;
  /** Undoes the mocks (they patch the client classes for the whole process). */
  restore(): void;
}

/** What the counting needs of a client stub: its recorded calls, and a way to undo it. */
type RecordingStub = { calls(): Array<{ args: readonly unknown[] }>; restore(): void };

// lib-dynamodb command names → the DynamoDB API they call.
const DOCUMENT_API: Record<string, string> = {
  GetCommand: 'GetItem',
  BatchGetCommand: 'BatchGetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
};

/**
 * Mocks ECS, CloudWatch, CloudWatch Logs, SNS, SSM and the DynamoDB DocumentClient (backed by the fake
 * table). ECS reports the `ecs-lookout:replace=true` tag on the tasks in `taggedTasks`.
 */
export function mockAws(options: { webhookUrl: string; taggedTasks: ReadonlySet<string> }): MockedAws {
  const stubs: Record<string, RecordingStub> = {};
  const ecsMock = mockClient(ECSClient);
  const docMock = mockClient(DynamoDBDocumentClient);
  const table = createFakeDynamoTable();
  serveFromTable(docMock, table);
  stubs.ECS = ecsMock;
  stubs.DynamoDB = docMock;

  let started = 0;
  ecsMock.on(RunTaskCommand).callsFake((input: RunTaskCommandInput) => ({
    tasks: [{ taskArn: `${input.cluster}/replacement-${++started}`.replace(':cluster/', ':task/') }],
    failures: [],
  }));
  ecsMock.on(ListTagsForResourceCommand).callsFake((input: ListTagsForResourceCommandInput) => {
    const tagged = options.taggedTasks.has(input.resourceArn ?? '');
    return {
      tags: [{ key: 'team', value: 'media' }, ...(tagged ? [{ key: 'ecs-lookout:replace', value: 'true' }] : [])],
    };
  });
  ecsMock.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition?: string }) => ({
    taskDefinition: {
      taskDefinitionArn: input.taskDefinition,
      containerDefinitions: ['web', 'api', 'resizer', 'render', 'export'].map((name) => ({
        name,
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/bench', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'ecs' },
        },
      })),
    },
  }));
  ecsMock.on(UpdateContainerInstancesStateCommand).callsFake((input: UpdateContainerInstancesStateCommandInput) => ({
    containerInstances: (input.containerInstances ?? []).map((arn) => ({ containerInstanceArn: arn })),
    failures: [],
  }));
  ecsMock.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [] });

  const logsMock = mockClient(CloudWatchLogsClient);
  logsMock.on(GetLogEventsCommand).resolves({
    events: Array.from({ length: 10 }, (_, i) => ({ timestamp: i, message: `panic: segmentation fault (line ${i})` })),
  });
  const snsMock = mockClient(SNSClient);
  let published = 0;
  snsMock.on(PublishCommand).callsFake(() => ({ MessageId: `m-${++published}` }));
  const cloudwatchMock = mockClient(CloudWatchClient);
  cloudwatchMock.on(PutMetricDataCommand).resolves({});
  const ssmMock = mockClient(SSMClient);
  ssmMock.on(GetParameterCommand).resolves({ Parameter: { Value: options.webhookUrl } });
  Object.assign(stubs, { 'CloudWatch Logs': logsMock, SNS: snsMock, CloudWatch: cloudwatchMock, SSM: ssmMock });

  const client = { region: REGION, credentials: CREDENTIALS };
  return {
    ecs: new ECSClient({ ...client, ...RETRY }),
    cloudwatch: new CloudWatchClient({ ...client, ...RETRY }),
    logs: new CloudWatchLogsClient({ ...client, maxAttempts: 2 }),
    sns: new SNSClient({ ...client, maxAttempts: 4 }),
    ssm: new SSMClient({ ...client, ...RETRY }),
    doc: DynamoDBDocumentClient.from(new DynamoDBClient({ ...client, ...RETRY }), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    table,
    calls() {
      const counts: Record<string, number> = {};
      for (const [service, stub] of Object.entries(stubs)) {
        for (const call of stub.calls()) {
          const command = (call.args[0] as object).constructor.name;
          const api = service === 'DynamoDB' ? (DOCUMENT_API[command] ?? command) : command.replace(/Command$/, '');
          counts[`${service} ${api}`] = (counts[`${service} ${api}`] ?? 0) + 1;
        }
      }
      return counts;
    },
    restore() {
      for (const stub of Object.values(stubs)) stub.restore();
    },
  };
}
