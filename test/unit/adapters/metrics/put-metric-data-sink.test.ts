import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPutMetricDataSink } from '../../../../shared/adapters/metrics/put-metric-data-sink.js';

const cloudwatch = mockClient(CloudWatchClient);
const T = Date.parse('2026-11-29T10:00:10.000Z');

function makeSink() {
  const logger = { warn: vi.fn() };
  const sink = createPutMetricDataSink({
    client: new CloudWatchClient({ region: 'us-east-1' }),
    namespace: 'ECSLookout',
    logger,
  });
  return { sink, logger };
}

const sentData = () =>
  cloudwatch.commandCalls(PutMetricDataCommand).flatMap((call) => call.args[0].input.MetricData ?? []);

describe('createPutMetricDataSink', () => {
  beforeEach(() => {
    cloudwatch.reset();
    cloudwatch.on(PutMetricDataCommand).resolves({});
  });

  it('sends 2,500 distinct points in 3 calls of at most 1,000', async () => {
    const { sink } = makeSink();
    for (let i = 0; i < 2_500; i++) sink.add({ name: `M${i}`, dimensions: { Cluster: 'prod' }, value: 1 });

    await sink.flush();

    const sizes = cloudwatch.commandCalls(PutMetricDataCommand).map((call) => call.args[0].input.MetricData?.length);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(new Set(sentData().map((datum) => datum.MetricName)).size).toBe(2_500);
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, { Namespace: 'ECSLookout' });
  });

  it('sums identical counts, keeping dimension sets and minutes apart', async () => {
    const { sink } = makeSink();
    const point = {
      name: 'TaskFailures',
      dimensions: { Cluster: 'prod', Service: 'api' },
      value: 1,
      unit: 'Count' as const,
    };
    for (let i = 0; i < 5; i++) sink.add({ ...point, timestamp: T + i * 1000 });
    sink.add({ ...point, dimensions: { Service: 'api', Cluster: 'prod' }, timestamp: T + 9_000 }); // same set, other key order
    sink.add({ ...point, dimensions: { Cluster: 'prod', Service: 'web' }, timestamp: T });
    sink.add({ ...point, timestamp: T + 60_000 });

    await sink.flush();

    expect(sentData()).toEqual([
      {
        MetricName: 'TaskFailures',
        Unit: 'Count',
        Dimensions: [
          { Name: 'Cluster', Value: 'prod' },
          { Name: 'Service', Value: 'api' },
        ],
        Timestamp: new Date(T),
        Value: 6,
      },
      expect.objectContaining({ Dimensions: expect.arrayContaining([{ Name: 'Service', Value: 'web' }]), Value: 1 }),
      expect.objectContaining({ Timestamp: new Date(T + 60_000), Value: 1 }),
    ]);
  });

  it('sends a distribution of durations as Values and Counts, at most 150 values per datum', async () => {
    const { sink } = makeSink();
    for (const ms of [120, 120, 80]) sink.add({ name: 'Latency', dimensions: {}, value: ms, unit: 'Milliseconds' });
    for (let i = 0; i < 200; i++) sink.add({ name: 'Spread', dimensions: {}, value: i, unit: 'Milliseconds' });

    await sink.flush();

    const [latency, ...spread] = sentData();
    expect(latency).toMatchObject({ MetricName: 'Latency', Values: [120, 80], Counts: [2, 1], Unit: 'Milliseconds' });
    expect(spread.map((datum) => datum.Values?.length)).toEqual([150, 50]);
  });

  it('never throws: a failed call is logged and the other batches are still sent', async () => {
    cloudwatch.on(PutMetricDataCommand).rejectsOnce(new Error('Rate exceeded')).resolves({});
    const { sink, logger } = makeSink();
    for (let i = 0; i < 1_200; i++) sink.add({ name: `M${i}`, dimensions: {}, value: 1 });

    await expect(sink.flush()).resolves.toBeUndefined();

    expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('PutMetricData failed'),
      expect.objectContaining({ data: 1000 }),
    );
  });

  it.each([
    // [point, why]
    [{ name: '', dimensions: {}, value: 1 }, 'bad name'],
    [{ name: 'M', dimensions: {}, value: Number.NaN }, 'value is not a finite number'],
    [{ name: 'M', dimensions: {}, value: Number.POSITIVE_INFINITY }, 'value is not a finite number'],
    [{ name: 'M', dimensions: {}, value: 1, timestamp: Number.NaN }, 'bad timestamp'],
  ])('drops an unsendable point %o (%s) with a warning', async (point, reason) => {
    const { sink, logger } = makeSink();

    sink.add(point);
    await sink.flush();

    expect(cloudwatch).not.toHaveReceivedCommand(PutMetricDataCommand);
    expect(logger.warn).toHaveBeenCalledWith('metric point dropped', expect.objectContaining({ reason }));
  });

  it('replaces empty dimension values, which CloudWatch rejects', async () => {
    const { sink } = makeSink();

    sink.add({ name: 'TaskFailures', dimensions: { Cluster: 'prod', Service: '' }, value: 1 });
    await sink.flush();

    expect(sentData()[0]?.Dimensions).toEqual([
      { Name: 'Cluster', Value: 'prod' },
      { Name: 'Service', Value: 'none' },
    ]);
  });

  it('sends nothing when empty, and each point only once', async () => {
    const { sink } = makeSink();
    await sink.flush();
    sink.add({ name: 'M', dimensions: {}, value: 1 });
    await sink.flush();
    await sink.flush();

    expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
  });
});
