import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPutMetricDataSink } from '../../../shared/adapters/metrics/put-metric-data-sink.js';
import { motoClientConfig, uniqueName } from '../../helpers/moto.js';

const client = new CloudWatchClient(motoClientConfig());
afterAll(() => client.destroy());

describe('createPutMetricDataSink on moto', () => {
  it('stores aggregated points that ListMetrics and GetMetricData then find', async () => {
    const namespace = uniqueName('ECSLookoutTest');
    const logger = { warn: vi.fn() };
    const sink = createPutMetricDataSink({ client, namespace, logger });
    const now = Date.now();
    const dimensions = { Cluster: 'prod', Service: 'api', Category: 'oom' };
    for (let i = 0; i < 3; i++) sink.add({ name: 'TaskFailures', dimensions, value: 1, timestamp: now });
    sink.add({
      name: 'AlertDeliveries',
      dimensions: { Channel: 'slack', Outcome: 'failed' },
      value: 1,
      timestamp: now,
    });

    await sink.flush();
    const listed = await client.send(new ListMetricsCommand({ Namespace: namespace }));
    const data = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 300_000),
        EndTime: new Date(now + 300_000),
        MetricDataQueries: [
          {
            Id: 'failures',
            MetricStat: {
              Metric: {
                Namespace: namespace,
                MetricName: 'TaskFailures',
                Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );

    expect(logger.warn).not.toHaveBeenCalled();
    expect(listed.Metrics?.map((metric) => metric.MetricName).sort()).toEqual(['AlertDeliveries', 'TaskFailures']);
    expect(listed.Metrics?.find((m) => m.MetricName === 'AlertDeliveries')?.Dimensions).toEqual([
      { Name: 'Channel', Value: 'slack' },
      { Name: 'Outcome', Value: 'failed' },
    ]);
    expect(data.MetricDataResults?.[0]?.Values?.reduce((sum, value) => sum + value, 0)).toBe(3);
  });
});
