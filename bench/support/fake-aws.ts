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

/** RunTask as ECS answers it: the task it started (PROVISIONING), the same one again for a repeated clientToken. */
function runTaskAnswer(body: string, started: Map<string, string>) {
  const request = JSON.parse(body) as { cluster?: string; taskDefinition?: string; clientToken?: string };
  const cluster = request.cluster?.split('/').pop() ?? 'default';
  const token = request.clientToken ?? `none-${started.size}`;
  let taskArn = started.get(token);
  if (!taskArn) {
    taskArn = `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/${started.size.toString(16).padStart(32, '0')}`;
    started.set(token, taskArn);
  }
  const task = {
    taskArn,
    taskDefinitionArn: request.taskDefinition,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
  };
  return { tasks: [task], failures: [] };
}

/**
 * Starts the endpoint on 127.0.0.1. JSON-protocol services (DynamoDB, ECS, SSM, CloudWatch, CloudWatch Logs,
 * Secrets Manager) get an empty result (`{}`: no item, nothing listed), except SSM GetParameter, which returns
 * the Slack URL, and ECS RunTask, which starts a task (an empty answer made every replacement fail and its
 * message come back); SNS (query protocol) gets a Publish or ListTopics answer; Slack gets `ok`. Calls succeed
 * in well under a millisecond, so what a child measures is its own work, not a network.
 */
export async function startFakeAws(): Promise<FakeAws> {
  const calls: Record<string, number> = {};
  const count = (api: string) => {
    calls[api] = (calls[api] ?? 0) + 1;
  };
  let slackUrl = '';
  // RunTask's tasks by clientToken: ECS answers a retried request with the task it already started.
  const started = new Map<string, string>();
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
        const answer =
          operation === 'GetParameter'
            ? { Parameter: { Name: 'slack', Value: slackUrl } }
            : operation === 'RunTask'
              ? runTaskAnswer(body, started)
              : {};
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
