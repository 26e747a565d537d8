import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEcsFleetReader } from '../../../../shared/adapters/fleet/ecs-fleet-reader.js';
import type { EcsReadCategory } from '../../../../shared/adapters/fleet/rate-limiter.js';

const ecs = mockClient(ECSClient);
const ARN = 'arn:aws:ecs:eu-west-1:123456789012';

interface FakeCluster {
  services: number;
  instances: number;
  running?: number;
}

/** Answers the list/describe calls from a fleet description, paging like ECS (nextToken = offset). */
function serveFleet(fleet: Record<string, FakeCluster>): void {
  const page = <T>(items: T[], token: string | undefined, max = 100) => {
    const start = Number(token ?? 0);
    const next = start + max < items.length ? String(start + max) : undefined;
    return { items: items.slice(start, start + max), next };
  };
  const clusterName = (id: string) => id.split('/').at(-1)!;
  const serviceArns = (c: string) =>
    Array.from({ length: fleet[c]!.services }, (_, i) => `${ARN}:service/${c}/svc-${i}`);
  const instanceArns = (c: string) =>
    Array.from({ length: fleet[c]!.instances }, (_, i) => `${ARN}:container-instance/${c}/ci-${i}`);
  ecs.on(ListClustersCommand).callsFake((input) => {
    const { items, next } = page(
      Object.keys(fleet).map((c) => `${ARN}:cluster/${c}`),
      input.nextToken,
      input.maxResults,
    );
    return { clusterArns: items, nextToken: next };
  });
  ecs.on(DescribeClustersCommand).callsFake((input) => {
    const names = (input.clusters as string[]).map(clusterName);
    return {
      clusters: names
        .filter((n) => fleet[n])
        .map((n) => ({
          clusterName: n,
          clusterArn: `${ARN}:cluster/${n}`,
          status: 'ACTIVE',
          runningTasksCount: fleet[n]!.running ?? 0,
          registeredContainerInstancesCount: fleet[n]!.instances,
          activeServicesCount: fleet[n]!.services,
        })),
      failures: names.filter((n) => !fleet[n]).map((n) => ({ arn: `${ARN}:cluster/${n}`, reason: 'MISSING' })),
    };
  });
  ecs.on(ListServicesCommand).callsFake((input) => {
    const { items, next } = page(serviceArns(clusterName(input.cluster)), input.nextToken, input.maxResults);
    return { serviceArns: items, nextToken: next };
  });
  ecs.on(DescribeServicesCommand).callsFake((input) => {
    const known = new Set(serviceArns(clusterName(input.cluster)).map((a) => a.split('/').at(-1)));
    const names = (input.services as string[]).map((s) => s.split('/').at(-1)!);
    return {
      services: names
        .filter((n) => known.has(n))
        .map((n) => ({ serviceName: n, status: 'ACTIVE', desiredCount: 2, runningCount: 2 })),
      failures: names.filter((n) => !known.has(n)).map((n) => ({ arn: n, reason: 'MISSING' })),
    };
  });
  ecs.on(ListContainerInstancesCommand).callsFake((input) => {
    const { items, next } = page(instanceArns(clusterName(input.cluster)), input.nextToken, input.maxResults);
    return { containerInstanceArns: items, nextToken: next };
  });
  ecs.on(DescribeContainerInstancesCommand).callsFake((input) => ({
    containerInstances: (input.containerInstances as string[]).map((arn) => ({
      containerInstanceArn: arn,
      status: 'ACTIVE',
      agentConnected: true,
    })),
  }));
}

function reader(categories: EcsReadCategory[] = [], concurrency = 4) {
  return createEcsFleetReader({
    client: new ECSClient({ region: 'eu-west-1' }),
    limiter: async (category) => {
      categories.push(category);
    },
    concurrency,
  });
}

const listServices = () => ecs.commandCalls(ListServicesCommand).map((call) => call.args[0].input);
const describeServices = () => ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input);
const describeInstances = () => ecs.commandCalls(DescribeContainerInstancesCommand).map((call) => call.args[0].input);
const listClusters = () => ecs.commandCalls(ListClustersCommand).map((call) => call.args[0].input);
const describeClusters = () => ecs.commandCalls(DescribeClustersCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ecs.reset();
});

describe('Function: createEcsFleetReader — batching and pagination', () => {
  it('pages 250 services 100 at a time and describes them 10 at a time', async () => {
    serveFleet({ prod: { services: 250, instances: 0 } });
    const read = await reader().read({});
    expect(ecs).toHaveReceivedCommandTimes(ListServicesCommand, 3);
    expect(listServices().map((i) => [i.maxResults, i.nextToken])).toEqual([
      [100, undefined],
      [100, '100'],
      [100, '200'],
    ]);
    expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 25);
    expect(describeServices().every((i) => (i.services?.length ?? 0) <= 10)).toBe(true);
    expect(read.clusters[0]?.services).toHaveLength(250);
    expect(new Set(read.clusters[0]?.services.map((s) => s.name)).size).toBe(250);
  });

  it('pages 150 instances and describes them 100 at a time with their health', async () => {
    serveFleet({ prod: { services: 0, instances: 150 } });
    const read = await reader().read({});
    expect(ecs).toHaveReceivedCommandTimes(ListContainerInstancesCommand, 2);
    expect(describeInstances().map((i) => [i.containerInstances?.length, i.include])).toEqual([
      [100, ['CONTAINER_INSTANCE_HEALTH']],
      [50, ['CONTAINER_INSTANCE_HEALTH']],
    ]);
    expect(read.clusters[0]?.instances).toHaveLength(150);
  });

  it('lists 120 clusters in two pages and describes them 100 at a time', async () => {
    serveFleet(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`c${i}`, { services: 0, instances: 0 }])));
    const read = await reader().read({});
    expect(listClusters().map((i) => i.maxResults)).toEqual([100, 100]);
    expect(describeClusters().map((i) => i.clusters?.length)).toEqual([100, 20]);
    expect(read.clusters).toHaveLength(120);
  });

  it('never lists instances of a cluster without any (Fargate only), and never lists tasks', async () => {
    serveFleet({ fargate: { services: 3, instances: 0, running: 9 } });
    const read = await reader().read({});
    expect(ecs).not.toHaveReceivedCommand(ListContainerInstancesCommand);
    expect(
      ecs
        .calls()
        .map((c) => c.args[0].constructor.name)
        .sort(),
    ).toEqual(['DescribeClustersCommand', 'DescribeServicesCommand', 'ListClustersCommand', 'ListServicesCommand']);
    expect(read.clusters[0]).toMatchObject({ runningTasks: 9, allServices: true });
  });

  it('describes named clusters and services directly, without listing them', async () => {
    serveFleet({ prod: { services: 30, instances: 0 }, staging: { services: 5, instances: 0 } });
    const read = await reader().read({ clusters: ['prod', 'ghost'], services: ['svc-1', 'svc-29', 'nope'] });
    expect(ecs).not.toHaveReceivedCommand(ListClustersCommand);
    expect(ecs).not.toHaveReceivedCommand(ListServicesCommand);
    expect(read.clusters.map((c) => [c.name, c.error, c.services.map((s) => s.name), c.allServices])).toEqual([
      ['prod', undefined, ['svc-1', 'svc-29'], false],
      ['ghost', 'cluster not found', [], false],
    ]);
    expect(read.servicesNotFound).toEqual(['nope']);
  });

  it('takes a token of the right ECS category before every call', async () => {
    serveFleet({ prod: { services: 15, instances: 1 } });
    const categories: EcsReadCategory[] = [];
    await reader(categories).read({});
    expect(categories.filter((c) => c === 'cluster-read')).toHaveLength(2);
    expect(categories.filter((c) => c === 'service-read')).toHaveLength(3);
    expect(categories.filter((c) => c === 'cluster-resource-read')).toHaveLength(2);
    expect(categories).toHaveLength(ecs.calls().length);
  });

  it('reports progress per cluster with the calls made so far', async () => {
    serveFleet({ a: { services: 1, instances: 0 }, b: { services: 1, instances: 0 } });
    const progress: [number, number][] = [];
    await reader().read({}, (p) => progress.push([p.clustersDone, p.clustersTotal]));
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});

describe('Function: createEcsFleetReader — failures', () => {
  it('marks one cluster UNKNOWN on AccessDenied and reads the others', async () => {
    serveFleet({ ok: { services: 2, instances: 0 }, locked: { services: 2, instances: 0 } });
    ecs.on(ListServicesCommand, { cluster: `${ARN}:cluster/locked` }).rejects(
      Object.assign(new Error('User is not authorized to perform: ecs:ListServices'), {
        name: 'AccessDeniedException',
      }),
    );
    const read = await reader().read({});
    const byName = Object.fromEntries(read.clusters.map((c) => [c.name, c]));
    expect(byName.locked).toMatchObject({
      error: 'AccessDeniedException: User is not authorized to perform: ecs:ListServices',
      services: [],
    });
    expect(byName.ok?.error).toBeUndefined();
    expect(byName.ok?.services).toHaveLength(2);
  });

  it('marks a cluster still throttled after the SDK retries UNKNOWN', async () => {
    serveFleet({ busy: { services: 0, instances: 3 } });
    ecs
      .on(ListContainerInstancesCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const read = await reader().read({});
    expect(read.clusters[0]?.error).toBe('ThrottlingException: Rate exceeded');
  });

  it('ends the read on missing credentials instead of marking every cluster', async () => {
    serveFleet({ prod: { services: 1, instances: 0 } });
    ecs
      .on(ListServicesCommand)
      .rejects(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      );
    await expect(reader().read({})).rejects.toThrow('Could not load credentials');
  });
});

describe('Function: createEcsFleetReader — mapping', () => {
  it('keeps the deployment, events, circuit breaker and the agent disconnect time', async () => {
    serveFleet({ prod: { services: 1, instances: 1 } });
    const created = new Date('2026-08-20T11:00:00Z');
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: 'api',
          serviceArn: `${ARN}:service/prod/api`,
          status: 'ACTIVE',
          desiredCount: 2,
          runningCount: 0,
          pendingCount: 1,
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
          deployments: [
            {
              id: 'ecs-svc/9',
              status: 'PRIMARY',
              rolloutState: 'IN_PROGRESS',
              desiredCount: 2,
              runningCount: 0,
              pendingCount: 1,
              failedTasks: 3,
              createdAt: created,
              updatedAt: created,
            },
          ],
          events: [
            { id: 'e1', createdAt: created, message: '(service api) was unable to place a task.' },
            { id: 'e2', message: 'no time' },
          ],
        },
      ],
    });
    ecs.on(DescribeContainerInstancesCommand).resolves({
      containerInstances: [
        {
          containerInstanceArn: `${ARN}:container-instance/prod/ci-0`,
          ec2InstanceId: 'i-0abc',
          status: 'ACTIVE',
          agentConnected: false,
          runningTasksCount: 2,
          registeredResources: [
            { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
            { name: 'MEMORY', type: 'INTEGER', integerValue: 4096 },
          ],
          remainingResources: [
            { name: 'CPU', type: 'INTEGER', integerValue: 512 },
            { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
          ],
          healthStatus: {
            overallStatus: 'IMPAIRED',
            details: [{ type: 'AGENT_CONNECTIVITY', status: 'IMPAIRED', lastStatusChange: created }],
          },
        },
      ],
    });
    const [cluster] = (await reader().read({})).clusters;
    expect(cluster?.services[0]).toEqual({
      name: 'api',
      arn: `${ARN}:service/prod/api`,
      status: 'ACTIVE',
      desired: 2,
      running: 0,
      pending: 1,
      createdAt: undefined,
      deployments: [
        {
          id: 'ecs-svc/9',
          status: 'PRIMARY',
          rolloutState: 'IN_PROGRESS',
          rolloutStateReason: undefined,
          desired: 2,
          running: 0,
          pending: 1,
          failedTasks: 3,
          createdAt: created.toISOString(),
          updatedAt: created.toISOString(),
        },
      ],
      circuitBreaker: { enabled: true, rollback: false },
      events: [{ at: created.toISOString(), message: '(service api) was unable to place a task.' }],
    });
    expect(cluster?.instances[0]).toEqual({
      arn: `${ARN}:container-instance/prod/ci-0`,
      ec2InstanceId: 'i-0abc',
      status: 'ACTIVE',
      agentConnected: false,
      disconnectedSince: created.toISOString(),
      cpu: { registered: 2048, remaining: 512 },
      memory: { registered: 4096, remaining: 1024 },
      runningTasks: 2,
    });
  });
});
