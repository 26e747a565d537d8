import {
  type Cluster,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  type ECSClient,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import type { ClusterSnapshot } from '../../domain/report/snapshot.js';
import type { FleetProgress, FleetQuery, FleetRead, FleetReader } from '../../ports/fleet-reader.js';
import { describeAwsError, isFatalAwsError } from './aws-errors.js';
import { chunk, mapLimit } from './concurrency.js';
import { createEcsCalls } from './ecs-calls.js';
import { toClusterBase, toInstanceSnapshot, toServiceSnapshot } from './ecs-mappers.js';
import type { EcsReadLimiter } from './rate-limiter.js';

/** Options of the ECS fleet reader. */
export interface EcsFleetReaderOptions {
  client: Pick<ECSClient, 'send'>;
  /** Client-side rate limit per ECS read category (see rate-limiter.ts). */
  limiter: EcsReadLimiter;
  /** API calls in flight at once (default 4). */
  concurrency?: number;
}

// The API maxima: lists page 100 at a time, DescribeServices takes 10 names, the other Describes 100.
const PAGE = 100;
const SERVICES_PER_DESCRIBE = 10;
const PER_DESCRIBE = 100;

interface DescribedClusters {
  found: Cluster[];
  missing: string[];
  /** Clusters DescribeClusters could not be asked about (access denied, throttled), with the error. */
  unreadable: Array<{ id: string; error: string }>;
}

const nameOf = (id: string) => (id.includes(':cluster/') ? id.slice(id.indexOf(':cluster/') + 9) : id);

/**
 * Reads clusters, services and container instances with the largest batches the APIs allow, every call
 * rate limited and bounded in concurrency. Tasks are never listed: standalone tasks are counted from
 * DescribeClusters' running count minus the services' running counts. One cluster's error (AccessDenied,
 * throttling after the SDK's retries) marks that cluster only; credential and region errors end the read.
 */
export function createEcsFleetReader(options: EcsFleetReaderOptions): FleetReader {
  const { client } = options;
  const { call, listAll, count } = createEcsCalls(options.limiter, options.concurrency ?? 4);

  async function describeBatch(batch: string[]): Promise<DescribedClusters> {
    try {
      const out = await call('cluster-read', () => client.send(new DescribeClustersCommand({ clusters: batch })));
      const missing = (out.failures ?? []).map((failure) => failure.arn ?? '?');
      return { found: out.clusters ?? [], missing, unreadable: [] };
    } catch (error) {
      if (isFatalAwsError(error)) throw error;
      // IAM checks every cluster a call names, so one forbidden cluster denies the whole batch: describe
      // its clusters one by one so only that one is lost. Other errors (throttling after the SDK's retries)
      // mark the batch unreadable rather than failing the whole report.
      if (batch.length > 1 && /AccessDenied|Unauthorized/i.test(String((error as Error)?.name))) {
        const parts = await Promise.all(batch.map((id) => describeBatch([id])));
        return {
          found: parts.flatMap((part) => part.found),
          missing: parts.flatMap((part) => part.missing),
          unreadable: parts.flatMap((part) => part.unreadable),
        };
      }
      return { found: [], missing: [], unreadable: batch.map((id) => ({ id, error: describeAwsError(error) })) };
    }
  }

  async function describeClusters(names: string[] | undefined): Promise<DescribedClusters> {
    const ids = names?.length
      ? names
      : await listAll('cluster-read', async (nextToken) => {
          const out = await client.send(new ListClustersCommand({ maxResults: PAGE, nextToken }));
          return { arns: out.clusterArns, next: out.nextToken };
        });
    const result: DescribedClusters = { found: [], missing: [], unreadable: [] };
    for (const batch of chunk(ids, PER_DESCRIBE)) {
      const part = await describeBatch(batch);
      result.found.push(...part.found);
      result.missing.push(...part.missing);
      result.unreadable.push(...part.unreadable);
    }
    return result;
  }

  async function readServices(cluster: string, names: string[] | undefined) {
    const ids =
      names ??
      (await listAll('service-read', async (nextToken) => {
        const out = await client.send(new ListServicesCommand({ cluster, maxResults: PAGE, nextToken }));
        return { arns: out.serviceArns, next: out.nextToken };
      }));
    const batches = await Promise.all(
      chunk(ids, SERVICES_PER_DESCRIBE).map((batch) =>
        call('service-read', () => client.send(new DescribeServicesCommand({ cluster, services: batch }))),
      ),
    );
    return batches.flatMap((out) => out.services ?? []).filter((service) => service.status !== 'INACTIVE');
  }

  async function readInstances(cluster: string) {
    const arns = await listAll('cluster-resource-read', async (nextToken) => {
      const out = await client.send(new ListContainerInstancesCommand({ cluster, maxResults: PAGE, nextToken }));
      return { arns: out.containerInstanceArns, next: out.nextToken };
    });
    const batches = await Promise.all(
      chunk(arns, PER_DESCRIBE).map((batch) =>
        call('cluster-resource-read', () =>
          client.send(
            new DescribeContainerInstancesCommand({
              cluster,
              containerInstances: batch,
              include: ['CONTAINER_INSTANCE_HEALTH'],
            }),
          ),
        ),
      ),
    );
    return batches.flatMap((out) => out.containerInstances ?? []);
  }

  async function readCluster(cluster: Cluster, query: FleetQuery): Promise<ClusterSnapshot> {
    const base = toClusterBase(cluster);
    const arn = cluster.clusterArn ?? base.name;
    try {
      // A cluster without registered instances (Fargate only) needs no instance listing at all.
      const [services, instances] = await Promise.all([
        readServices(arn, query.services?.length ? query.services : undefined),
        cluster.registeredContainerInstancesCount === 0 ? Promise.resolve([]) : readInstances(arn),
      ]);
      return {
        ...base,
        services: services.map(toServiceSnapshot),
        allServices: !query.services?.length,
        instances: instances.map(toInstanceSnapshot),
      };
    } catch (error) {
      if (isFatalAwsError(error)) throw error;
      return { ...base, error: describeAwsError(error) };
    }
  }

  return {
    async read(query: FleetQuery, onProgress?: (progress: FleetProgress) => void): Promise<FleetRead> {
      const { found, missing, unreadable } = await describeClusters(query.clusters);
      let done = 0;
      const clusters = await mapLimit(found, options.concurrency ?? 4, async (cluster) => {
        const snapshot = await readCluster(cluster, query);
        done += 1;
        onProgress?.({ clustersDone: done, clustersTotal: found.length, calls: count() });
        return snapshot;
      });
      for (const id of missing) {
        clusters.push({
          name: nameOf(id),
          services: [],
          allServices: false,
          instances: [],
          error: 'cluster not found',
        });
      }
      for (const { id, error } of unreadable) {
        clusters.push({ name: nameOf(id), services: [], allServices: false, instances: [], error });
      }
      const seen = new Set(clusters.flatMap((c) => c.services.map((s) => s.name)));
      const servicesNotFound = (query.services ?? []).filter((name) => !seen.has(name.split('/').at(-1) ?? name));
      return { clusters, servicesNotFound };
    },
  };
}
