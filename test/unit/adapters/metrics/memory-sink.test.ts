import { describe, expect, it } from 'vitest';
import { createMemorySink } from '../../../../shared/adapters/metrics/memory-sink.js';

describe('createMemorySink', () => {
  it('keeps every point in order, unaggregated, and totals them by name and dimensions', async () => {
    const sink = createMemorySink();
    const dimensions = { Cluster: 'prod', Service: 'api' };

    sink.add({ name: 'TaskFailures', dimensions, value: 1 });
    sink.add({ name: 'TaskFailures', dimensions: { Cluster: 'prod', Service: 'web' }, value: 2 });
    sink.add({ name: 'Remediations', dimensions: { Action: 'run-task' }, value: 1 });
    dimensions.Service = 'mutated after add';
    await sink.flush();

    expect(sink.points.map((point) => point.name)).toEqual(['TaskFailures', 'TaskFailures', 'Remediations']);
    expect(sink.points[0]?.dimensions.Service).toBe('api');
    expect(sink.total('TaskFailures')).toBe(3);
    expect(sink.total('TaskFailures', { Service: 'web' })).toBe(2);
    expect(sink.flushes).toBe(1);
  });

  it('with keepPoints false keeps one running total per series: same totals, no points, bounded by series', () => {
    const sink = createMemorySink({ keepPoints: false });
    const dimensions = { Cluster: 'prod', Service: 'api' };
    for (let i = 0; i < 1000; i++) sink.add({ name: 'TaskFailures', dimensions, value: 1 });
    sink.add({ name: 'TaskFailures', dimensions: { Service: 'api', Cluster: 'prod' }, value: 5 });
    sink.add({ name: 'TaskFailures', dimensions: { Cluster: 'prod', Service: 'web' }, value: 2 });
    dimensions.Service = 'mutated after add';

    expect(sink.points).toEqual([]);
    expect(sink.total('TaskFailures')).toBe(1007);
    expect(sink.total('TaskFailures', { Service: 'api' })).toBe(1005);
    expect(sink.total('TaskFailures', { Service: 'mutated after add' })).toBe(0);
    expect(sink.total('Remediations')).toBe(0);
  });
});
