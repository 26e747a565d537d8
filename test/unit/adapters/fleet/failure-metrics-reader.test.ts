import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type Metric } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { bucketGrid, createFailureMetricsReader } from '../../../../shared/adapters/fleet/failure-metrics-reader.js';

const cw = mockClient(CloudWatchClient);
const END = '2026-08-20T12:00:00.000Z';
const HOUR_WINDOW = { start: '2026-08-20T11:00:00.000Z', end: END };
const DAY_WINDOW = { start: '2026-08-19T12:00:00.000Z', end: END };

const zeros = (n: number) => new Array<number>(n).fill(0);
const dims = (values: Record<string, string>) => Object.entries(values).map(([Name, Value]) => ({ Name, Value }));
const taskSeries = (cluster: string, service: string, category: string): Metric => ({
  Namespace: 'ECSLookout',
  MetricName: 'TaskFailures',
  Dimensions: dims({ Cluster: cluster, Service: service, Category: category }),
});

function reader() {
  return createFailureMetricsReader({ client: new CloudWatchClient({ region: 'eu-west-1' }), namespace: 'ECSLookout' });
}

/** GetMetricData answers: the value of each query is the query's index + 1, split over two datapoints. */
function answerByIndex(): void {
  cw.on(GetMetricDataCommand).callsFake((input) => ({
    MetricDataResults: input.MetricDataQueries.map((q: { Id: string }) => {
      const value = Number(q.Id.slice(1)) + 1;
      return { Id: q.Id, Values: [value - 0.5, 0.5] };
    }),
  }));
}

beforeEach(() => {
  cw.reset();
});

describe('Function: createFailureMetricsReader', () => {
  it('lists each metric once, keeps the clusters in scope, and sums each series over the window', async () => {
    cw.on(ListMetricsCommand, { MetricName: 'TaskFailures' })
      .resolvesOnce({ Metrics: [taskSeries('prod', 'api', 'oom'), taskSeries('other', 'api', 'oom')], NextToken: 't2' })
      .resolvesOnce({ Metrics: [taskSeries('prod', 'family:batch', 'app-exit')] });
    cw.on(ListMetricsCommand, { MetricName: 'LostInstances' }).resolves({
      Metrics: [{ MetricName: 'LostInstances', Dimensions: dims({ Cluster: 'prod' }) }],
    });
    cw.on(ListMetricsCommand, { MetricName: 'DeploymentFailures' }).resolves({
      Metrics: [{ MetricName: 'DeploymentFailures', Dimensions: dims({ Cluster: 'prod', Service: 'web' }) }],
    });
    answerByIndex();

    const metrics = await reader().read(['prod'], HOUR_WINDOW);

    expect(cw).toHaveReceivedCommandTimes(ListMetricsCommand, 4);
    expect(cw).toHaveReceivedCommandWith(ListMetricsCommand, {
      Namespace: 'ECSLookout',
      MetricName: 'TaskFailures',
      RecentlyActive: 'PT3H',
    });
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    const query = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    expect(query.StartTime).toEqual(new Date(HOUR_WINDOW.start));
    expect(query.MetricDataQueries?.[0]?.MetricStat).toMatchObject({ Period: 300, Stat: 'Sum' });
    expect(metrics).toEqual({
      taskFailures: [
        { cluster: 'prod', service: 'api', category: 'oom', count: 1, buckets: zeros(12) },
        { cluster: 'prod', service: 'family:batch', category: 'app-exit', count: 2, buckets: zeros(12) },
      ],
      lostInstances: [{ cluster: 'prod', count: 3 }],
      deploymentFailures: [{ cluster: 'prod', service: 'web', count: 4 }],
      buckets: { start: HOUR_WINDOW.start, ms: 300_000, count: 12 },
    });
  });

  it('asks for at most 500 queries per GetMetricData call', async () => {
    const many = Array.from({ length: 1_200 }, (_, i) => taskSeries('prod', `svc-${i}`, 'oom'));
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    cw.on(ListMetricsCommand, { MetricName: 'TaskFailures' }).resolves({ Metrics: many });
    answerByIndex();

    const metrics = await reader().read(['prod'], DAY_WINDOW);

    expect(cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries?.length)).toEqual([
      500, 500, 200,
    ]);
    expect(metrics.taskFailures).toHaveLength(1_200);
    expect(metrics.taskFailures[1_199]).toMatchObject({
      cluster: 'prod',
      service: 'svc-1199',
      category: 'oom',
      count: 1_200,
    });
    // A 24 h window is older than the 3 h RecentlyActive filter allows.
    expect(cw.commandCalls(ListMetricsCommand)[0]!.args[0].input.RecentlyActive).toBeUndefined();
    expect(cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input.MetricDataQueries?.[0]?.MetricStat?.Period).toBe(
      3_600,
    );
  });

  it.each([
    { window: HOUR_WINDOW, start: HOUR_WINDOW.start, ms: 300_000, count: 12 },
    { window: DAY_WINDOW, start: DAY_WINDOW.start, ms: 3_600_000, count: 24 },
    // CloudWatch rounds the start down to the minute: the last bucket holds the leftover seconds.
    {
      window: { start: '2026-08-20T11:00:30.000Z', end: '2026-08-20T12:00:30.000Z' },
      start: HOUR_WINDOW.start,
      ms: 300_000,
      count: 13,
    },
    {
      window: { start: '2026-08-13T12:00:00.000Z', end: END },
      start: '2026-08-13T12:00:00.000Z',
      ms: 86_400_000,
      count: 7,
    },
  ])('splits a window of $window.start – $window.end into $count buckets of $ms ms', ({ window, start, ms, count }) => {
    expect(bucketGrid(new Date(window.start), new Date(window.end))).toEqual({ start, ms, count });
  });

  it('puts each datapoint in the bucket of its timestamp, for the sparkline', async () => {
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    cw.on(ListMetricsCommand, { MetricName: 'TaskFailures' }).resolves({ Metrics: [taskSeries('prod', 'api', 'oom')] });
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'm0',
          // CloudWatch answers newest first.
          Timestamps: [
            new Date('2026-08-20T11:55:00Z'),
            new Date('2026-08-20T11:05:00Z'),
            new Date('2026-08-20T11:00:00Z'),
          ],
          Values: [4, 2, 1],
        },
      ],
    });
    const metrics = await reader().read(['prod'], HOUR_WINDOW);
    expect(metrics.taskFailures).toEqual([
      { cluster: 'prod', service: 'api', category: 'oom', count: 7, buckets: [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4] },
    ]);
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
  });

  it('follows GetMetricData pagination', async () => {
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    cw.on(ListMetricsCommand, { MetricName: 'TaskFailures' }).resolves({ Metrics: [taskSeries('prod', 'api', 'oom')] });
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'm0', Values: [2] }], NextToken: 'more' })
      .resolvesOnce({ MetricDataResults: [{ Id: 'm0', Values: [5] }] });
    const metrics = await reader().read(['prod'], HOUR_WINDOW);
    expect(metrics.taskFailures).toMatchObject([{ cluster: 'prod', service: 'api', category: 'oom', count: 7 }]);
  });

  it('makes no call without clusters, and no GetMetricData without series', async () => {
    expect(await reader().read([], HOUR_WINDOW)).toEqual({
      taskFailures: [],
      lostInstances: [],
      deploymentFailures: [],
    });
    expect(cw.calls()).toHaveLength(0);
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    await reader().read(['prod'], HOUR_WINDOW);
    expect(cw).not.toHaveReceivedCommand(GetMetricDataCommand);
  });

  it('returns the error instead of throwing when CloudWatch refuses', async () => {
    cw.on(ListMetricsCommand).rejects(
      Object.assign(new Error('not authorized to perform cloudwatch:ListMetrics'), { name: 'AccessDenied' }),
    );
    const metrics = await reader().read(['prod'], HOUR_WINDOW);
    expect(metrics).toEqual({
      taskFailures: [],
      lostInstances: [],
      deploymentFailures: [],
      error: 'AccessDenied: not authorized to perform cloudwatch:ListMetrics',
    });
  });
});
