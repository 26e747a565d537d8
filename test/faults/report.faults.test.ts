import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateServiceCommand, ECSClient } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { createReportSources } from '../../shared/adapters/fleet/create-report-sources.js';
import { DEFAULT_REPORT_EXTRAS } from '../../shared/domain/report/build-report.js';
import type { HealthReport } from '../../shared/domain/report/types.js';
import { parseConfig } from '../../shared/runtime/config.js';
import { produceHealthReport } from '../../shared/use-cases/health-report.js';
import { type FaultKind, FaultPlan, injectFaults } from '../helpers/fault-injection.js';
import { createCluster, motoEcs, registerTaskDefinition, uniqueName } from '../helpers/moto.js';
import { faultyConfig } from './support/faulty-pipeline.js';

const ECS_READS = ['ListServices', 'DescribeServices', 'ListContainerInstances', 'DescribeContainerInstances'];

/** Three clusters on moto, each with one service, and the report's readers on clients behind a fault plan. */
async function fleet() {
  const names = [uniqueName('alpha'), uniqueName('bravo'), uniqueName('charlie')];
  const taskDefinition = await registerTaskDefinition();
  for (const name of names) {
    await createCluster(name);
    await motoEcs().send(
      new CreateServiceCommand({ cluster: name, serviceName: 'api', taskDefinition, desiredCount: 0 }),
    );
  }
  const plan = new FaultPlan();
  const ecs = injectFaults(new ECSClient(faultyConfig()), plan);
  const cloudwatch = injectFaults(new CloudWatchClient(faultyConfig()), plan);
  const sources = createReportSources({
    ecs,
    cloudwatch,
    namespace: uniqueName('ECSLookoutFaults'),
    ratePerSec: 1_000,
    concurrency: 4,
  });
  const report = () =>
    produceHealthReport(
      {
        ...sources,
        policy: { ...parseConfig({}).report, ...DEFAULT_REPORT_EXTRAS },
        clock: () => new Date('2026-11-27T12:00:00Z'),
      },
      { clusters: names, windowMs: 3_600_000 },
    );
  return { names, plan, report };
}

const status = (report: HealthReport) =>
  Object.fromEntries(report.clusters.map((cluster) => [cluster.name, cluster.status]));

describe('the health report degrades per cluster under ECS and CloudWatch faults, never wholesale', () => {
  it.each<[FaultKind, RegExp]>([
    ['access-denied', /AccessDeniedException/],
    ['throttle', /ThrottlingException/],
    ['server-error', /InternalFailure/],
  ])(
    '%s on every read of one cluster: that cluster is UNKNOWN with the error, the others stand',
    async (fault, error) => {
      const { names, plan, report } = await fleet();
      const [alpha, bravo, charlie] = names as [string, string, string];
      const ofBravo = (input: Record<string, unknown>) => JSON.stringify(input).includes(bravo);
      for (const command of ECS_READS) plan.add({ command, fault, when: ofBravo, times: Number.POSITIVE_INFINITY });
      const result = await report();
      expect(status(result)).toEqual({ [alpha]: 'HEALTHY', [bravo]: 'UNKNOWN', [charlie]: 'HEALTHY' });
      expect(result.clusters.find((c) => c.name === bravo)?.error).toMatch(error);
      expect(result.clusters.find((c) => c.name === alpha)?.services.map((s) => s.name)).toEqual(['api']);
      expect(result.status).not.toBe('UNKNOWN');
    },
  );

  it('transient throttling on every cluster (fewer faults than SDK attempts): the whole report reads normally', async () => {
    const { names, plan, report } = await fleet();
    for (const command of [...ECS_READS, 'DescribeClusters', 'ListMetrics']) {
      plan.add({ command, fault: 'throttle', times: 4 });
    }
    const result = await report();
    expect(Object.values(status(result))).toEqual(names.map(() => 'HEALTHY'));
    expect(plan.attempts('DescribeClusters', (c) => c.fault === 'throttle')).toBe(4);
  });

  it('CloudWatch failing on every attempt: the report stands and says failure counts are unavailable', async () => {
    const { names, plan, report } = await fleet();
    plan.add({ command: 'ListMetrics', fault: 'server-error', times: Number.POSITIVE_INFINITY });
    const result = await report();
    expect(Object.values(status(result))).toEqual(names.map(() => 'HEALTHY'));
    expect(JSON.stringify(result)).toMatch(/InternalFailure/);
  });

  it('DescribeClusters refused because one named cluster is not allowed: the other clusters are still read', async () => {
    const { names, plan, report } = await fleet();
    const [alpha, bravo, charlie] = names as [string, string, string];
    // IAM evaluates every cluster a DescribeClusters call names: one forbidden cluster denies the whole call.
    const namesBravo = (input: Record<string, unknown>) => JSON.stringify(input).includes(bravo);
    for (const command of ['DescribeClusters', ...ECS_READS]) {
      plan.add({ command, fault: 'access-denied', when: namesBravo, times: Number.POSITIVE_INFINITY });
    }
    const result = await report();
    expect(status(result)).toEqual({ [alpha]: 'HEALTHY', [bravo]: 'UNKNOWN', [charlie]: 'HEALTHY' });
  });

  it('DescribeClusters throttled past the SDK retries: a report with those clusters UNKNOWN, not a failure', async () => {
    const { names, plan, report } = await fleet();
    plan.add({ command: 'DescribeClusters', fault: 'throttle', times: Number.POSITIVE_INFINITY });
    const result = await report();
    expect(Object.values(status(result))).toEqual(names.map(() => 'UNKNOWN'));
    expect(result.status).toBe('UNKNOWN');
    expect(result.clusters[0]?.error).toMatch(/ThrottlingException/);
  });
});
