import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { demoEvents } from '../../helpers/pipeline.js';
import { sqsRecord } from '../../helpers/sqs.js';
import { loadEventFixtures } from '../domain/event-fixtures.js';

const context = {
  functionName: 'ecs-lookout-test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 25_000,
} as unknown as Context;

// The runtime builds its singletons from process.env on first use, so each test imports fresh modules.
async function load(name: string) {
  vi.resetModules();
  const module = (await import(`../../../functions/${name}/handler.ts`)) as {
    handler: (event: unknown, context: Context) => Promise<unknown>;
  };
  return module.handler;
}

beforeEach(() => {
  vi.unstubAllEnvs();
  vi.stubEnv('LOOKOUT_METRICS_MODE', 'memory');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
});

describe('Lambda handlers (in-memory defaults, no channels)', () => {
  it.each([
    ['task-state-change', 3, 'first'],
    ['instance-state-change', 13, 'grace-pending'],
    ['service-event', 8, 'first'],
  ])('%s handles its event and returns the decision', async (name, index, reason) => {
    const handler = await load(name);
    const result = (await handler(demoEvents()[index], context)) as { decisions: Array<{ reason: string }> };
    expect(result.decisions.map((d) => d.reason)).toEqual([reason]);
  });

  it('returns normally for malformed input, so the platform does not retry it forever', async () => {
    const handler = await load('task-state-change');
    const result = (await handler({ hello: 'world' }, context)) as { decisions: Array<{ category: string }> };
    expect(result.decisions).toEqual([expect.objectContaining({ category: 'invalid', reason: 'ignored' })]);
  });

  it('fails the cold start with a message naming a bad variable', async () => {
    vi.stubEnv('LOOKOUT_REMEDIATION_MODE', 'sometimes');
    const handler = await load('task-state-change');
    await expect(handler(demoEvents()[3], context)).rejects.toThrow(/LOOKOUT_REMEDIATION_MODE/);
  });

  it('grace-sweep runs the sweep and reports what it did', async () => {
    const handler = await load('grace-sweep');
    await expect(handler({}, context)).resolves.toMatchObject({ alerts: 0, failedDeliveries: 0, remediations: 0 });
  });
});

describe('Lambda event functions behind SQS (ReportBatchItemFailures)', () => {
  it('handles every message of the batch and asks for none again when all went through', async () => {
    const handler = await load('task-state-change');
    const event = demoEvents()[3];
    const result = (await handler(
      {
        Records: [
          sqsRecord('a', JSON.stringify(event)),
          sqsRecord('b', JSON.stringify(event)),
          sqsRecord('c', '{oops'),
        ],
      },
      context,
    )) as { decisions: Array<{ reason: string; category: string }>; batchItemFailures: unknown[] };
    expect(result.decisions.map((d) => d.reason).sort()).toEqual(['duplicate', 'first', 'ignored']);
    expect(result.decisions.find((d) => d.reason === 'ignored')?.category).toBe('invalid');
    expect(result.batchItemFailures).toEqual([]);
  });
});

describe('Lambda event functions without a state table (in-memory state, as `osls invoke local` runs them)', () => {
  it('remediates an opted-in task: the batch view over the store loaded on first use has every method', async () => {
    vi.stubEnv('LOOKOUT_REPLACE_FAMILIES', 'batch-etl');
    vi.stubEnv('LOOKOUT_REMEDIATION_MODE', 'dry-run');
    vi.stubEnv('LOOKOUT_TASK_NETWORK', '{"prod":{"subnets":["subnet-1"],"securityGroups":["sg-1"]}}');
    const handler = await load('task-state-change');
    const spot = demoEvents()[19];
    const result = (await handler({ Records: [sqsRecord('spot', JSON.stringify(spot))] }, context)) as {
      remediations: number;
      batchItemFailures: unknown[];
    };
    expect(result.batchItemFailures).toEqual([]);
    expect(result.remediations).toBe(1);
  });

  it.each(['task-state-change', 'instance-state-change', 'service-event'])(
    '%s: every recorded fixture, behind SQS, gets one decision and none goes back to the queue',
    async (name) => {
      vi.stubEnv('LOOKOUT_REMEDIATION_MODE', 'dry-run');
      vi.stubEnv('LOOKOUT_REPLACE_FAMILIES', 'batch-etl,render-job,invoice-export');
      vi.stubEnv('LOOKOUT_TASK_NETWORK', '{"prod":{"subnets":["subnet-1"],"securityGroups":["sg-1"]}}');
      const handler = await load(name);
      const fixtures = loadEventFixtures();
      const records = fixtures.map((f, i) => sqsRecord(`f${i}`, JSON.stringify(f.value)));
      let [decided, remediations] = [0, 0];
      for (let start = 0; start < records.length; start += 10) {
        const result = (await handler({ Records: records.slice(start, start + 10) }, context)) as {
          decisions: unknown[];
          remediations: number;
          batchItemFailures: unknown[];
        };
        expect(result.batchItemFailures).toEqual([]);
        decided += result.decisions.length;
        remediations += result.remediations;
      }
      expect(decided).toBe(fixtures.length);
      // Some are opted-in replacements, so the batch's store view over the store loaded on first use is used.
      expect(remediations).toBeGreaterThan(0);
    },
  );
});
