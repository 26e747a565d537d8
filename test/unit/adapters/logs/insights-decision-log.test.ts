import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createInsightsDecisionLog, whyQuery } from '../../../../shared/adapters/logs/insights-decision-log.js';

const logs = mockClient(CloudWatchLogsClient);
const GROUPS = ['/aws/lambda/ecs-lookout-prod-task-state-change', '/aws/lambda/ecs-lookout-prod-grace-sweep'];
const QUERY = {
  name: 'orders-api',
  fromMs: Date.parse('2026-12-01T00:00:00Z'),
  toMs: Date.parse('2026-12-01T12:00:00.400Z'),
  limit: 50,
};
const KEY = '123456789012/eu-west-1/prod/service/orders-api/task-failure';

const row = (fields: Record<string, string>): ResultField[] =>
  Object.entries(fields).map(([field, value]) => ({ field, value }));

function decisionLog(signal?: AbortSignal) {
  const waits: number[] = [];
  const log = createInsightsDecisionLog({
    client: new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    logGroups: GROUPS,
    pollMs: 100,
    signal,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { log, waits };
}

beforeEach(() => logs.reset());

describe('Logs Insights decision log', () => {
  it('asks one query over the log groups for the window, polls until it completes, and reads its rows', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Scheduled' })
      .resolvesOnce({ status: 'Running', results: [] })
      .resolvesOnce({
        status: 'Complete',
        results: [
          row({
            '@timestamp': '2026-12-01 11:05:03.250',
            reason: 'escalated',
            transition: 'escalated',
            severity: 'critical',
            category: 'app-exit',
            detail: 'service orders-api in prod: 3 failures within 10 min: crash loop',
            incident: KEY,
            '@ptr': 'abc',
          }),
          row({ '@timestamp': '1796122960000', reason: 'deduplicated', incident: KEY, transition: '' }),
        ],
      });
    const { log, waits } = decisionLog();
    const lines = await log.about(QUERY);
    expect(lines).toEqual([
      {
        at: '2026-12-01T11:05:03.250Z',
        reason: 'escalated',
        transition: 'escalated',
        severity: 'critical',
        category: 'app-exit',
        detail: 'service orders-api in prod: 3 failures within 10 min: crash loop',
        incident: KEY,
      },
      { at: '2026-12-01T11:02:40.000Z', reason: 'deduplicated', incident: KEY },
    ]);
    const start = logs.commandCalls(StartQueryCommand)[0]!.args[0].input;
    expect(start).toEqual({
      logGroupNames: GROUPS,
      startTime: 1796083200,
      endTime: 1796126401,
      queryString: whyQuery('orders-api', 50),
      limit: 50,
    });
    expect(logs.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([
      { queryId: 'q-1' },
      { queryId: 'q-1' },
      { queryId: 'q-1' },
    ]);
    expect(waits).toEqual([100, 150]);
  });

  it.each(['Failed', 'Cancelled', 'Timeout', 'Unknown'])('rejects when the query ends %s', async (status) => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-2' });
    logs.on(GetQueryResultsCommand).resolves({ status: status as 'Failed' });
    await expect(decisionLog().log.about(QUERY)).rejects.toThrow(`the Logs Insights query ended ${status}`);
    expect(logs.commandCalls(StopQueryCommand)).toHaveLength(0);
  });

  it('stops the query it started when the caller gives up, so it does not keep scanning', async () => {
    const deadline = new AbortController();
    logs.on(StartQueryCommand).resolves({ queryId: 'q-3' });
    logs.on(GetQueryResultsCommand).callsFake(() => {
      deadline.abort(new Error('deadline passed'));
      return { status: 'Running' };
    });
    logs.on(StopQueryCommand).resolves({ success: true });
    await expect(decisionLog(deadline.signal).log.about(QUERY)).rejects.toThrow('deadline passed');
    expect(logs.commandCalls(StopQueryCommand).map((c) => c.args[0].input)).toEqual([{ queryId: 'q-3' }]);
  });

  it('passes AWS errors through (a missing log group names itself)', async () => {
    const missing = Object.assign(new Error('Log group does not exist'), { name: 'ResourceNotFoundException' });
    logs.on(StartQueryCommand).rejects(missing);
    await expect(decisionLog().log.about(QUERY)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('never puts text that could end a quoted string into the query', () => {
    expect(() => whyQuery('orders" or message like "', 10)).toThrow(/not a name/);
    expect(whyQuery('orders-api', 10)).toContain('filter incident like "orders-api" or summary like "orders-api"');
  });
});
