// The simulated fleet behind report-scale: an ECS endpoint (as an SDK request handler, so the real
// client's serialisation, adaptive retries and throttling backoff all run) and a CloudWatch fake.

import { GetMetricDataCommand, ListMetricsCommand, type Metric } from '@aws-sdk/client-cloudwatch';
import { seeded } from '../test/helpers/random.js';

/** How big the simulated fleet is. */
export interface FleetShape {
  clusters: number;
  servicesPerCluster: number;
  tasksPerService: number;
  instances: number;
  standalonePerCluster: number;
  /** Services (per cluster) below desired with failures in the metrics. */
  failingPerCluster: number;
}

/** AWS-side behaviour: latency per call and the ECS read buckets (per category, like AWS). */
export interface FakeAwsOptions {
  latencyMs: [number, number];
  /** Bucket refill per second and size, per category (AWS: 20 and 100 for service and cluster-resource reads). */
  refillPerSec: number;
  burst: number;
  /** Requests per second other tools (console, CI, the scheduler) take from the same buckets. */
  othersPerSec: number;
}

const ARN = 'arn:aws:ecs:us-east-1:123456789012';
const CATEGORY: Record<string, string> = {
  ListClusters: 'cluster-read',
  DescribeClusters: 'cluster-read',
  ListServices: 'service-read',
  DescribeServices: 'service-read',
};
const MAX_IDS: Record<string, number> = {
  DescribeServices: 10,
  DescribeClusters: 100,
  DescribeContainerInstances: 100,
  DescribeTasks: 100,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const epoch = (minutesAgo: number) => (Date.now() - minutesAgo * 60_000) / 1000;

function page<T>(items: T[], token: string | undefined, max: number | undefined) {
  const size = Math.min(max ?? 100, 100);
  const start = Number(token ?? 0);
  return {
    items: items.slice(start, start + size),
    next: start + size < items.length ? String(start + size) : undefined,
  };
}

/** The ECS side: answers the read APIs from the shape, enforcing API batch limits and the read buckets. */
export class FakeEcs {
  readonly calls: Record<string, number> = {};
  throttled = 0;
  /** Lowest token count any read bucket fell to: the headroom left for the account's other tools. */
  lowestTokens = Number.POSITIVE_INFINITY;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly rand = seeded(42);

  constructor(
    private readonly shape: FleetShape,
    private readonly options: FakeAwsOptions,
  ) {}

  private take(category: string): boolean {
    const now = performance.now();
    const refill = Math.max(0, this.options.refillPerSec - this.options.othersPerSec);
    const bucket = this.buckets.get(category) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * refill);
    bucket.at = now;
    this.buckets.set(category, bucket);
    if (bucket.tokens < 1) {
      this.lowestTokens = 0;
      return false;
    }
    bucket.tokens -= 1;
    this.lowestTokens = Math.min(this.lowestTokens, bucket.tokens);
    return true;
  }

  private cluster(i: number) {
    return `c${String(i).padStart(3, '0')}`;
  }

  private instancesIn(c: number): number {
    const base = Math.floor(this.shape.instances / this.shape.clusters);
    return base + (c < this.shape.instances % this.shape.clusters ? 1 : 0);
  }

  private service(cluster: string, name: string) {
    const index = Number(name.split('-').at(-1));
    const failing = index < this.shape.failingPerCluster;
    const desired = this.shape.tasksPerService;
    return {
      serviceName: name,
      serviceArn: `${ARN}:service/${cluster}/${name}`,
      clusterArn: `${ARN}:cluster/${cluster}`,
      status: 'ACTIVE',
      desiredCount: desired,
      runningCount: failing ? Math.floor(desired / 2) : desired,
      pendingCount: failing ? 1 : 0,
      createdAt: epoch(10_000),
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      deployments: [
        {
          id: `ecs-svc/${index}`,
          status: 'PRIMARY',
          rolloutState: 'COMPLETED',
          desiredCount: desired,
          runningCount: desired,
          pendingCount: 0,
          failedTasks: 0,
          createdAt: epoch(600),
          updatedAt: epoch(30),
        },
      ],
      events: [
        ...(failing
          ? [{ id: 'e2', createdAt: epoch(42), message: `(service ${name}) has started 1 tasks: (task 1).` }]
          : []),
        { id: 'e1', createdAt: epoch(120), message: `(service ${name}) has reached a steady state.` },
      ],
    };
  }

  private answer(op: string, input: Record<string, unknown>): unknown {
    const ids = (input.clusters ?? input.services ?? input.containerInstances ?? input.tasks) as string[] | undefined;
    if (ids && ids.length > (MAX_IDS[op] ?? 100)) throw new Error(`${op} with ${ids.length} ids`);
    const clusterName =
      String(input.cluster ?? '')
        .split('/')
        .at(-1) ?? '';
    const c = Number(clusterName.slice(1));
    switch (op) {
      case 'ListClusters': {
        const all = Array.from({ length: this.shape.clusters }, (_, i) => `${ARN}:cluster/${this.cluster(i)}`);
        const { items, next } = page(all, input.nextToken as string, input.maxResults as number);
        return { clusterArns: items, nextToken: next };
      }
      case 'DescribeClusters':
        return {
          clusters: (ids ?? []).map((id) => {
            const name = id.split('/').at(-1) ?? id;
            const i = Number(name.slice(1));
            return {
              clusterName: name,
              clusterArn: `${ARN}:cluster/${name}`,
              status: 'ACTIVE',
              registeredContainerInstancesCount: this.instancesIn(i),
              activeServicesCount: this.shape.servicesPerCluster,
              runningTasksCount:
                this.shape.servicesPerCluster * this.shape.tasksPerService + this.shape.standalonePerCluster,
              pendingTasksCount: 0,
            };
          }),
          failures: [],
        };
      case 'ListServices': {
        const all = Array.from(
          { length: this.shape.servicesPerCluster },
          (_, i) => `${ARN}:service/${clusterName}/svc-${i}`,
        );
        const { items, next } = page(all, input.nextToken as string, input.maxResults as number);
        return { serviceArns: items, nextToken: next };
      }
      case 'DescribeServices':
        return {
          services: (ids ?? []).map((id) => this.service(clusterName, id.split('/').at(-1) ?? id)),
          failures: [],
        };
      case 'ListContainerInstances': {
        const all = Array.from(
          { length: this.instancesIn(c) },
          (_, i) => `${ARN}:container-instance/${clusterName}/ci-${i}`,
        );
        const { items, next } = page(all, input.nextToken as string, input.maxResults as number);
        return { containerInstanceArns: items, nextToken: next };
      }
      case 'DescribeContainerInstances':
        return {
          containerInstances: (ids ?? []).map((id, i) => ({
            containerInstanceArn: id,
            ec2InstanceId: `i-${clusterName}-${i}`,
            status: 'ACTIVE',
            agentConnected: true,
            runningTasksCount: 5,
            registeredResources: [
              { name: 'CPU', type: 'INTEGER', integerValue: 4096 },
              { name: 'MEMORY', type: 'INTEGER', integerValue: 8192 },
            ],
            remainingResources: [
              { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
              { name: 'MEMORY', type: 'INTEGER', integerValue: 2048 },
            ],
          })),
          failures: [],
        };
      default:
        throw new Error(`the fake fleet does not answer ${op}`);
    }
  }

  /** An SDK v3 request handler (awsJson1_1 over an in-process "wire"). */
  readonly handler = {
    handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
      const op = (request.headers['x-amz-target'] ?? '').split('.').at(-1) ?? '';
      this.calls[op] = (this.calls[op] ?? 0) + 1;
      const [min, max] = this.options.latencyMs;
      await sleep(min + this.rand() * (max - min));
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
        response: {
          statusCode: status,
          headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
          body: new TextEncoder().encode(JSON.stringify(body)),
        },
      });
      if (!this.take(CATEGORY[op] ?? 'cluster-resource-read')) {
        this.throttled += 1;
        return json(
          400,
          { __type: 'ThrottlingException', message: 'Rate exceeded' },
          { 'x-amzn-errortype': 'ThrottlingException' },
        );
      }
      const body =
        request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body ?? '{}');
      return json(200, this.answer(op, JSON.parse(body || '{}')));
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
    destroy: () => {},
  };
}

/** The CloudWatch side: the failure series of the failing services, ListMetrics paging and the 500-query limit. */
export class FakeCloudWatch {
  readonly calls: Record<string, number> = {};
  readonly series: Metric[];

  constructor(
    shape: FleetShape,
    private readonly latencyMs: number,
  ) {
    this.series = [];
    for (let c = 0; c < shape.clusters; c += 1) {
      const cluster = `c${String(c).padStart(3, '0')}`;
      for (let s = 0; s < shape.failingPerCluster; s += 1) {
        for (const category of ['oom', 'app-exit']) {
          this.series.push({
            Namespace: 'ECSLookout',
            MetricName: 'TaskFailures',
            Dimensions: [
              { Name: 'Cluster', Value: cluster },
              { Name: 'Service', Value: `svc-${s}` },
              { Name: 'Category', Value: category },
            ],
          });
        }
      }
    }
  }

  /** The `send` the metrics reader calls. */
  readonly client = {
    send: async (command: unknown): Promise<never> => {
      await sleep(this.latencyMs);
      if (command instanceof ListMetricsCommand) {
        this.calls.ListMetrics = (this.calls.ListMetrics ?? 0) + 1;
        const matching = this.series.filter((m) => m.MetricName === command.input.MetricName);
        const start = Number(command.input.NextToken ?? 0);
        const next = start + 500 < matching.length ? String(start + 500) : undefined;
        return { Metrics: matching.slice(start, start + 500), NextToken: next } as never;
      }
      if (command instanceof GetMetricDataCommand) {
        this.calls.GetMetricData = (this.calls.GetMetricData ?? 0) + 1;
        const queries = command.input.MetricDataQueries ?? [];
        if (queries.length > 500) throw new Error(`GetMetricData with ${queries.length} queries`);
        return { MetricDataResults: queries.map((q) => ({ Id: q.Id, Values: [3] })) } as never;
      }
      throw new Error('the fake CloudWatch answers ListMetrics and GetMetricData only');
    },
  };
}
