import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local endpoint that answers every AWS call a function makes, so a real bundle can run in a child process. */
export interface FakeAws {
  /** AWS_ENDPOINT_URL for the child. */
  url: string;
  /** The Slack webhook URL the SSM parameter holds. */
  slackUrl: string;
  /** Requests answered, by API (`X-Amz-Target` operation, SNS `Action`, or `slack`). */
  calls: Record<string, number>;
  close(): Promise<void>;
}

const SNS_PUBLISH =
  '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId>' +
  '</PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>';
const SNS_LIST_TOPICS =
  '<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListTopicsResult><Topics/></ListTopicsResult>' +
  '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListTopicsResponse>';

/** What the endpoint knows beyond the requests: the container names the bench's events use. */
export interface FakeAwsOptions {
  /**
   * Containers of every task definition DescribeTaskDefinition describes, each logging with `awslogs` (as an
   * ECS task definition usually does), so a failure alert reads its log lines as deployed; none by default.
   */
  containers?: readonly string[];
}

// The lines GetLogEvents answers for any stream: a container's last words before it stopped.
const LOG_LINES = ['starting worker pool', 'connected to upstream', 'fatal: upstream closed the connection'];

/** The answer of a JSON-protocol operation: the few that must say something, `{}` (nothing found) otherwise. */
function answerOf(
  operation: string,
  body: string,
  known: { slackUrl: string; started: Map<string, StartedTask>; containers: readonly string[] },
): unknown {
  switch (operation) {
    case 'GetParameter':
      return { Parameter: { Name: 'slack', Value: known.slackUrl } };
    case 'RunTask':
      return runTaskAnswer(body, known.started);
    case 'ListTasks': {
      // The tasks it started, in the cluster asked about (nothing else runs here).
      const cluster = clusterOf(JSON.parse(body) as { cluster?: string });
      const taskArns = [...known.started.values()].filter((t) => t.cluster === cluster).map((t) => t.task.taskArn);
      return { taskArns };
    }
    case 'DescribeTasks': {
      const { tasks: arns = [] } = JSON.parse(body) as { tasks?: string[] };
      const byArn = new Map([...known.started.values()].map((t) => [t.task.taskArn, t.task]));
      return {
        tasks: arns.flatMap((arn) => byArn.get(arn) ?? []),
        failures: arns.filter((arn) => !byArn.has(arn)).map((arn) => ({ arn, reason: 'MISSING' })),
      };
    }
    case 'DescribeTaskDefinition': {
      if (known.containers.length === 0) return {};
      const { taskDefinition } = JSON.parse(body) as { taskDefinition?: string };
      const logConfiguration = {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/bench', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' },
      };
      const containerDefinitions = known.containers.map((name) => ({ name, logConfiguration }));
      return { taskDefinition: { taskDefinitionArn: taskDefinition, containerDefinitions } };
    }
    case 'GetLogEvents':
      return { events: LOG_LINES.map((message, i) => ({ timestamp: 1_764_230_400_000 + i, message })) };
    default:
      return {};
  }
}

/** A task RunTask started, and the cluster (by name) it runs in. */
interface StartedTask {
  cluster: string;
  task: { taskArn: string; taskDefinitionArn?: string; lastStatus: string; desiredStatus: string };
}

/** The cluster name of a request's `cluster` (a name or an ARN; ECS's default cluster when absent). */
function clusterOf(request: { cluster?: string }): string {
  return request.cluster?.split('/').pop() ?? 'default';
}

/** RunTask as ECS answers it: the task it started (PROVISIONING), the same one again for a repeated clientToken. */
function runTaskAnswer(body: string, started: Map<string, StartedTask>) {
  const request = JSON.parse(body) as { cluster?: string; taskDefinition?: string; clientToken?: string };
  const cluster = clusterOf(request);
  const token = request.clientToken ?? `none-${started.size}`;
  let run = started.get(token);
  if (!run) {
    const taskArn = `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/${started.size.toString(16).padStart(32, '0')}`;
    const task = { taskArn, lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING' };
    run = { cluster, task: request.taskDefinition ? { ...task, taskDefinitionArn: request.taskDefinition } : task };
    started.set(token, run);
  }
  return { tasks: [run.task], failures: [] };
}

/**
 * Starts the endpoint on 127.0.0.1. JSON-protocol services (DynamoDB, ECS, SSM, CloudWatch, CloudWatch Logs,
 * Secrets Manager) get an empty result (`{}`: no item, nothing listed), except: SSM GetParameter returns the
 * Slack URL; ECS RunTask starts a task (an empty answer made every replacement fail and its message come
 * back), which ListTasks and DescribeTasks then show; DescribeTaskDefinition describes FakeAwsOptions'
 * containers; GetLogEvents returns a few lines. SNS (query protocol) gets a Publish or ListTopics answer; Slack
 * gets `ok`. Calls succeed in well under a millisecond, so what a child measures is its own work, not a network.
 */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const containers = options.containers ?? [];
  const calls: Record<string, number> = {};
  const count = (api: string) => {
    calls[api] = (calls[api] ?? 0) + 1;
  };
  let slackUrl = '';
  // RunTask's tasks by clientToken: ECS answers a retried request with the task it already started.
  const started = new Map<string, StartedTask>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.url?.startsWith('/slack')) {
        count('slack');
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target) {
        const operation = target.slice(target.lastIndexOf('.') + 1);
        count(operation);
        const answer = answerOf(operation, body, { slackUrl, started, containers });
        const type = String(request.headers['content-type'] ?? 'application/x-amz-json-1.1');
        response.writeHead(200, { 'content-type': type }).end(JSON.stringify(answer));
        return;
      }
      const action = new URLSearchParams(body).get('Action') ?? 'unknown';
      count(action);
      response.writeHead(200, { 'content-type': 'text/xml' }).end(action === 'Publish' ? SNS_PUBLISH : SNS_LIST_TOPICS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  slackUrl = `${url}/slack/T000/B000/bench`;
  return {
    url,
    slackUrl,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The container names an event stream's task events carry (for FakeAwsOptions.containers). */
export function containerNamesOf(events: readonly unknown[]): string[] {
  const names = new Set<string>();
  for (const event of events) {
    const containers = (event as { detail?: { containers?: Array<{ name?: unknown }> } } | null)?.detail?.containers;
    for (const container of Array.isArray(containers) ? containers : []) {
      if (typeof container?.name === 'string') names.add(container.name);
    }
  }
  return [...names];
}
