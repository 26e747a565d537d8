import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { type ContainerDefinition, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fitLogLines, MAX_LINE_CHARS, MAX_TOTAL_CHARS } from '../../../../shared/adapters/logs/fit-log-lines.js';
import { createLogExcerpts } from '../../../../shared/adapters/logs/log-excerpts.js';

const ecs = mockClient(ECSClient);
const logs = mockClient(CloudWatchLogsClient);
const TASK_DEF = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:42';
const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef';
const REQUEST = { taskDefinitionArn: TASK_DEF, taskArn: TASK, container: 'web', maxLines: 20, timeoutMs: 2_000 };
const CONSOLE_URL =
  'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Forders-api/log-events/ecs$252Fweb$252F0123456789abcdef0123456789abcdef';

function awslogs(options: Record<string, string> = {}): ContainerDefinition {
  return {
    name: 'web',
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/orders-api',
        'awslogs-region': 'eu-west-1',
        'awslogs-stream-prefix': 'ecs',
        ...options,
      },
    },
  };
}

function givenContainers(...containerDefinitions: ContainerDefinition[]) {
  ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { containerDefinitions } });
}

function reader(now = () => 0) {
  return createLogExcerpts({
    ecs: new ECSClient({ region: 'eu-west-1' }),
    logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
    cacheMs: 60_000,
    now,
  });
}

beforeEach(() => {
  ecs.reset();
  logs.reset();
});

describe('Function: createLogExcerpts', () => {
  it('reads the tail of the awslogs stream of the container', async () => {
    givenContainers({ name: 'sidecar' }, awslogs());
    logs.on(GetLogEventsCommand).resolves({ events: [{ message: 'Starting' }, { message: 'Killed\n' }] });

    const result = await reader().lastLines(REQUEST);

    expect(result).toEqual({ lines: ['Starting', 'Killed'], consoleUrl: CONSOLE_URL });
    expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, { taskDefinition: TASK_DEF });
    expect(logs).toHaveReceivedCommandWith(GetLogEventsCommand, {
      logGroupName: '/ecs/orders-api',
      logStreamName: 'ecs/web/0123456789abcdef0123456789abcdef',
      startFromHead: false,
      limit: 20,
    });
  });

  it('describes each task definition once while cached, again after cacheMs', async () => {
    givenContainers(awslogs());
    logs.on(GetLogEventsCommand).resolves({ events: [] });
    let clock = 0;
    const excerpts = reader(() => clock);

    await excerpts.lastLines(REQUEST);
    await excerpts.lastLines(REQUEST);
    expect(ecs).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 1);

    clock = 60_001;
    await excerpts.lastLines(REQUEST);
    expect(ecs).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 2);
  });

  it.each<[string, ContainerDefinition[]]>([
    ['another log driver', [{ name: 'web', logConfiguration: { logDriver: 'awsfirelens', options: {} } }]],
    ['no stream prefix', [awslogs({ 'awslogs-stream-prefix': '' })]],
    ['no log configuration', [{ name: 'web' }]],
    ['the container missing', [{ ...awslogs(), name: 'other' }]],
  ])('returns no lines and reads no logs for %s', async (_, containers) => {
    givenContainers(...containers);

    expect(await reader().lastLines(REQUEST)).toEqual({ lines: [] });
    expect(logs).not.toHaveReceivedCommand(GetLogEventsCommand);
  });

  it('links a stream in another region without reading it (the client is regional)', async () => {
    givenContainers(awslogs({ 'awslogs-region': 'us-east-1' }));

    const result = await reader().lastLines(REQUEST);

    expect(result.lines).toEqual([]);
    expect(result.consoleUrl).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#/,
    );
    expect(logs).not.toHaveReceivedCommand(GetLogEventsCommand);
  });

  it('returns no lines when DescribeTaskDefinition fails', async () => {
    ecs.on(DescribeTaskDefinitionCommand).rejects(new Error('AccessDeniedException'));
    expect(await reader().lastLines(REQUEST)).toEqual({ lines: [] });
  });

  it('returns the console link but no lines when GetLogEvents fails', async () => {
    givenContainers(awslogs());
    logs
      .on(GetLogEventsCommand)
      .rejects(Object.assign(new Error('log stream does not exist'), { name: 'ResourceNotFoundException' }));
    expect(await reader().lastLines(REQUEST)).toEqual({ lines: [], consoleUrl: CONSOLE_URL });
  });

  it('gives up after timeoutMs even if the call never answers', async () => {
    givenContainers(awslogs());
    logs.on(GetLogEventsCommand).callsFake(() => new Promise(() => {}));

    expect(await reader().lastLines({ ...REQUEST, timeoutMs: 50 })).toEqual({ lines: [], consoleUrl: CONSOLE_URL });
  });

  it('makes no call when asked for no lines', async () => {
    expect(await reader().lastLines({ ...REQUEST, maxLines: 0 })).toEqual({ lines: [] });
    expect(ecs).not.toHaveReceivedCommand(DescribeTaskDefinitionCommand);
  });
});

describe('Function: fitLogLines', () => {
  it('cuts long lines, strips ANSI codes and keeps the newest within the total budget', () => {
    const messages = Array.from({ length: 100 }, (_, i) => `\u001b[32m${i}\u001b[0m ${'x'.repeat(600)}`);

    const lines = fitLogLines(messages, 50);

    expect(lines.every((line) => line.length <= MAX_LINE_CHARS)).toBe(true);
    expect(lines.join('').length).toBeLessThanOrEqual(MAX_TOTAL_CHARS);
    expect(lines.at(-1)).toMatch(/^99 x+… \(truncated\)$/);
    expect(lines.join('')).not.toContain('\u001b');
  });

  it('keeps at most maxLines, oldest first', () => {
    expect(fitLogLines(['a', 'b', 'c', 'd'], 2)).toEqual(['c', 'd']);
  });
});
