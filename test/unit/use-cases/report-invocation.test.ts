import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../shared/domain/classify/types.js';
import type { HealthReport } from '../../../shared/domain/report/types.js';
import type { ReportDelivery } from '../../../shared/ports/report-delivery.js';
import { ReportDeliveryError } from '../../../shared/use-cases/report/deliver-report.js';
import { parseReportInvocation, ReportRequestError } from '../../../shared/use-cases/report/invocation-request.js';
import { runHealthCheck } from '../../../shared/use-cases/report/run-check.js';
import { type InvocationDeps, runReportInvocation } from '../../../shared/use-cases/report/run-invocation.js';
import { cluster, instance, minutesAgo, NOW, POLICY, service } from '../../fixtures/report/fleet.js';

const stuck = service({
  running: 0,
  events: [
    { at: minutesAgo(37), message: 'x' },
    { at: minutesAgo(90), message: 'has reached a steady state' },
  ],
});
const silentLog = { info: () => {}, warn: () => {} };

function delivery(name: 'slack' | 'sns', ok: boolean, got: HealthReport[] = []): ReportDelivery {
  return {
    name,
    deliver: async (report) => {
      got.push(report);
      return { channel: name, ok, attempts: 1, ...(ok ? {} : { error: 'down' }) };
    },
  };
}

function deps(overrides: Partial<InvocationDeps> = {}): InvocationDeps {
  return {
    fleet: {
      read: async () => ({
        clusters: [cluster({ services: [stuck], instances: [instance({ agentConnected: false })] })],
        servicesNotFound: [],
      }),
    },
    policy: POLICY,
    clock: () => new Date(NOW),
    defaultClusters: [],
    deliveries: [],
    deadline: () => Date.now() + 10_000,
    handleVerdict: async () => [],
    log: silentLog,
    ...overrides,
  };
}

describe('Function: parseReportInvocation', () => {
  it.each([
    { input: undefined, expected: { mode: 'report', windowMs: 3_600_000, format: 'json', deliver: false } },
    { input: {}, expected: { mode: 'report', windowMs: 3_600_000, format: 'json', deliver: false } },
    // a digest covers a day and is delivered unless told otherwise
    { input: { mode: 'digest' }, expected: { mode: 'digest', windowMs: 86_400_000, format: 'json', deliver: true } },
    {
      input: { mode: 'digest', deliver: false, window: '1h' },
      expected: { mode: 'digest', windowMs: 3_600_000, deliver: false },
    },
    {
      input: { clusters: [' prod '], services: [], format: 'slack' },
      expected: { clusters: ['prod'], services: undefined, format: 'slack' },
    },
    // a report across the registry, narrowed to some accounts and Regions
    {
      input: { accounts: ['111111111111'], regions: ['eu-west-1'] },
      expected: { accounts: ['111111111111'], regions: ['eu-west-1'] },
    },
    // a schedule without `input` passes EventBridge's envelope: unknown keys are ignored
    { input: { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, expected: { mode: 'report' } },
  ])('$input', ({ input, expected }) => {
    expect(parseReportInvocation(input)).toMatchObject(expected);
  });

  it.each([
    { input: { window: '2h' }, message: 'window' },
    { input: { format: 'html' }, message: 'format' },
    { input: { clusters: 'prod' }, message: 'clusters' },
    { input: { clusters: [''] }, message: 'clusters.0' },
    { input: { deliver: 'yes' }, message: 'deliver' },
    { input: { accounts: ['prod'] }, message: 'accounts.0' },
    { input: { regions: ['Mars'] }, message: 'regions.0' },
    { input: 'report', message: 'input' },
  ])('rejects $input naming the field', ({ input, message }) => {
    expect(() => parseReportInvocation(input)).toThrow(ReportRequestError);
    expect(() => parseReportInvocation(input)).toThrow(message);
  });
});

describe('Function: runReportInvocation', () => {
  it('returns the report in the requested format and delivers only when asked', async () => {
    const got: HealthReport[] = [];
    const markdown = await runReportInvocation(
      parseReportInvocation({ format: 'markdown' }),
      deps({ deliveries: [delivery('sns', true, got)] }),
    );
    expect(String(markdown).startsWith('# ECS health: CRITICAL')).toBe(true);
    expect(got).toHaveLength(0);
    const json = (await runReportInvocation(
      parseReportInvocation({ mode: 'digest' }),
      deps({ deliveries: [delivery('sns', true, got)] }),
    )) as HealthReport;
    expect(json.schemaVersion).toBe(1);
    expect(got).toHaveLength(1);
    expect(got[0]?.window.label).toBe('24h');
  });

  it('uses the configured clusters when the input names none', async () => {
    const queries: unknown[] = [];
    const fleet = {
      read: async (query: unknown) => {
        queries.push(query);
        return { clusters: [], servicesNotFound: [] };
      },
    };
    await runReportInvocation(parseReportInvocation({}), deps({ fleet, defaultClusters: ['prod'] }));
    await runReportInvocation(parseReportInvocation({ clusters: ['dev'] }), deps({ fleet, defaultClusters: ['prod'] }));
    expect(queries).toEqual([
      { clusters: ['prod'], services: undefined },
      { clusters: ['dev'], services: undefined },
    ]);
  });

  it('fails the invocation when every channel failed, so the platform retries it', async () => {
    const invocation = parseReportInvocation({ mode: 'digest' });
    await expect(
      runReportInvocation(invocation, deps({ deliveries: [delivery('sns', false), delivery('slack', false)] })),
    ).rejects.toThrow(ReportDeliveryError);
    await expect(
      runReportInvocation(invocation, deps({ deliveries: [delivery('sns', false), delivery('slack', true)] })),
    ).resolves.toBeDefined();
  });

  it('check mode hands each silent failure to the pipeline with its dedup key', async () => {
    const seen: [Verdict, string][] = [];
    const outcome = await runReportInvocation(
      parseReportInvocation({ mode: 'check' }),
      deps({
        handleVerdict: async (verdict, key) => {
          seen.push([verdict, key]);
          return [{ effect: 'decision', reason: 'first' }];
        },
      }),
    );
    expect(seen.map(([v, k]) => [v.category, k])).toEqual([
      ['start-impaired', 'check#prod/api#stuck-service#2026-08-20T12:00:00.000Z'],
      ['instance-disconnected', 'check#prod/0a1b2c3d#instance-disconnected#2026-08-20T12:00:00.000Z'],
    ]);
    expect(outcome).toMatchObject({
      mode: 'check',
      status: 'CRITICAL',
      findings: [{ kind: 'stuck-service', decisions: ['first'] }, { kind: 'instance-disconnected' }],
    });
  });
});

describe('Function: runHealthCheck', () => {
  it('tries every finding, then throws if any failed', async () => {
    const report = (await runReportInvocation(parseReportInvocation({}), deps())) as HealthReport;
    const tried: string[] = [];
    const handle = async (_verdict: Verdict, key: string) => {
      tried.push(key);
      if (key.includes('stuck-service')) throw new Error('no channel');
      return [];
    };
    await expect(runHealthCheck(report, handle)).rejects.toThrow('1 finding(s) failed');
    expect(tried).toHaveLength(2);
  });
});
