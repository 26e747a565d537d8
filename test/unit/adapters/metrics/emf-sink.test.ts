import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmfSink } from '../../../../shared/adapters/metrics/emf-sink.js';
import type { MetricsSink } from '../../../../shared/ports/metrics-sink.js';

interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

// The start of a minute in the recent past: EMF accepts 14 days back to 2 hours ahead.
const T = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;

/** Flushes and returns the EMF lines written to stdout. */
async function flushLines(sink: MetricsSink): Promise<EmfLine[]> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await sink.flush();
  } finally {
    spy.mockRestore();
  }
  return chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as EmfLine);
}

const makeSink = () =>
  createEmfSink({ namespace: 'ECSLookout', serviceName: 'ecs-lookout', logger: { warn: vi.fn() } });

describe('createEmfSink', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one valid EMF line per dimension set, with the points dimensions only', async () => {
    const sink = makeSink();
    sink.add({
      name: 'TaskFailures',
      dimensions: { Cluster: 'prod', Service: 'api', Category: 'oom' },
      value: 1,
      timestamp: T,
    });
    sink.add({
      name: 'TaskFailures',
      dimensions: { Cluster: 'prod', Service: 'api', Category: 'oom' },
      value: 1,
      timestamp: T + 5_000,
    });
    sink.add({
      name: 'IncidentsOpened',
      dimensions: { Cluster: 'prod', Service: 'api', Category: 'oom' },
      value: 1,
      timestamp: T + 9_000,
    });
    sink.add({ name: 'AlertDeliveries', dimensions: { Channel: 'slack', Outcome: 'failed' }, value: 1, timestamp: T });

    const lines = await flushLines(sink);

    expect(lines).toHaveLength(2);
    const [failures, deliveries] = lines;
    expect(failures?._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'ECSLookout',
      Dimensions: [['Cluster', 'Service', 'Category']],
      Metrics: [
        { Name: 'TaskFailures', Unit: 'Count' },
        { Name: 'IncidentsOpened', Unit: 'Count' },
      ],
    });
    expect(failures).toMatchObject({
      Cluster: 'prod',
      Service: 'api',
      Category: 'oom',
      TaskFailures: 2,
      IncidentsOpened: 1,
    });
    expect(failures?._aws.Timestamp).toBe(T);
    expect(failures?.service).toBe('ecs-lookout');
    expect(deliveries?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['Channel', 'Outcome']]);
    expect(deliveries).toMatchObject({ Channel: 'slack', Outcome: 'failed', AlertDeliveries: 1 });
  });

  it('keeps at most 100 metrics per line', async () => {
    const sink = makeSink();
    for (let i = 0; i < 250; i++) sink.add({ name: `M${i}`, dimensions: { Cluster: 'prod' }, value: i });

    const lines = await flushLines(sink);

    expect(lines.map((line) => line._aws.CloudWatchMetrics[0]?.Metrics.length)).toEqual([100, 100, 50]);
    expect(lines.every((line) => line.Cluster === 'prod')).toBe(true);
    expect(lines[2]?.M249).toBe(249);
  });

  it('sends durations as value arrays of at most 99 per metric', async () => {
    const sink = makeSink();
    for (let i = 0; i < 150; i++)
      sink.add({ name: 'Latency', dimensions: { Cluster: 'prod' }, value: i % 3, unit: 'Milliseconds' });

    const lines = await flushLines(sink);

    expect(lines.map((line) => (line.Latency as number[]).length)).toEqual([99, 51]);
    expect(lines.every((line) => line.Cluster === 'prod')).toBe(true);
    expect(lines[0]?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'Latency', Unit: 'Milliseconds' }]);
  });

  it('writes a metric without dimensions with one empty dimension set', async () => {
    const sink = makeSink();
    sink.add({ name: 'SweepRuns', dimensions: {}, value: 1 });

    const [line] = await flushLines(sink);

    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([[]]);
    expect(line?.SweepRuns).toBe(1);
  });

  it('writes nothing when empty or when every point was dropped', async () => {
    const sink = makeSink();
    sink.add({ name: 'Bad', dimensions: {}, value: Number.NaN });

    expect(await flushLines(sink)).toEqual([]);
  });
});
