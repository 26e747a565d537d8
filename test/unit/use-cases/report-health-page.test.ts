import { describe, expect, it } from 'vitest';
import type { HealthReport } from '../../../shared/domain/report/types.js';
import type { HealthPagePublisher } from '../../../shared/ports/health-page.js';
import type { ReportDelivery } from '../../../shared/ports/report-delivery.js';
import { parseReportInvocation } from '../../../shared/use-cases/report/invocation-request.js';
import { type InvocationDeps, runReportInvocation } from '../../../shared/use-cases/report/run-invocation.js';
import { cluster, NOW, POLICY } from '../../fixtures/report/fleet.js';

const URL_ =
  'https://pages.s3.eu-west-1.amazonaws.com/reports/2026-08-20/x.html?X-Amz-Expires=43200&X-Amz-Signature=ab';

function recorder() {
  const got: HealthReport[] = [];
  const delivery: ReportDelivery = {
    name: 'sns',
    deliver: async (report) => {
      got.push(report);
      return { channel: 'sns', ok: true, attempts: 1 };
    },
  };
  return { got, delivery };
}

function publisher(fails = false) {
  const pages: HealthReport[] = [];
  const healthPage: HealthPagePublisher = {
    publish: async (report) => {
      if (fails) throw new Error('AccessDenied: s3:PutObject');
      pages.push(report);
      return { url: URL_, key: 'reports/2026-08-20/x.html', expiresAt: '2026-08-21T00:00:00.000Z' };
    },
  };
  return { pages, healthPage };
}

function deps(overrides: Partial<InvocationDeps>): InvocationDeps {
  const warnings: string[] = [];
  return {
    fleet: { read: async () => ({ clusters: [cluster()], servicesNotFound: [] }) },
    policy: POLICY,
    clock: () => new Date(NOW),
    defaultClusters: [],
    deliveries: [],
    deadline: () => Date.now() + 10_000,
    handleVerdict: async () => [],
    log: { info: () => {}, warn: (message) => warnings.push(message) },
    ...overrides,
  };
}

describe('Function: runReportInvocation — health page', () => {
  it('stores the HTML page of a digest and hands the channels a report linking it', async () => {
    const { got, delivery } = recorder();
    const { pages, healthPage } = publisher();
    const result = (await runReportInvocation(
      parseReportInvocation({ mode: 'digest' }),
      deps({ deliveries: [delivery], healthPage }),
    )) as HealthReport;

    expect(pages).toHaveLength(1);
    expect(pages[0]?.status).toBe('HEALTHY');
    expect(pages[0]?.page).toBeUndefined();
    expect(got[0]?.page).toEqual({ url: URL_, expiresAt: '2026-08-21T00:00:00.000Z' });
    expect(result.page?.url).toBe(URL_);
  });

  it('delivers the digest without a link when the page cannot be stored', async () => {
    const { got, delivery } = recorder();
    const warnings: string[] = [];
    await runReportInvocation(
      parseReportInvocation({ mode: 'digest' }),
      deps({
        deliveries: [delivery],
        healthPage: publisher(true).healthPage,
        log: { info: () => {}, warn: (message) => warnings.push(message) },
      }),
    );
    expect(got).toHaveLength(1);
    expect(got[0]?.page).toBeUndefined();
    expect(warnings).toEqual(['health page not stored; the digest goes without its link']);
  });

  it.each([
    { name: 'a report that is not delivered', input: { mode: 'report' } },
    { name: 'a check', input: { mode: 'check' } },
  ])('stores no page for $name', async ({ input }) => {
    const { pages, healthPage } = publisher();
    await runReportInvocation(parseReportInvocation(input), deps({ healthPage }));
    expect(pages).toEqual([]);
  });
});
