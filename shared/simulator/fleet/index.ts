import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ApiCall, EcsEnvelope, FleetAction, FleetSpec } from '../types.js';
import { applyAction, validateAction } from './actions.js';
import { type ApiState, answer } from './api.js';
import { ApiFault } from './api-errors.js';
import { startChurn } from './churn.js';
import { simulatedEcsClient } from './client.js';
import type { FleetHistoryEntry } from './history.js';
import { createInstance } from './instances.js';
import { createJob } from './jobs.js';
import { offsetMs } from './offset.js';
import { createService, onServiceTask, seedRunningTasks, touch } from './services.js';
import type { SimCluster } from './state.js';
import { createThrottle } from './throttle.js';
import { World } from './world.js';

export type { FleetHistoryEntry } from './history.js';
export type { StopCause } from './state.js';

/** A simulated ECS fleet on virtual time: events out, a real ECSClient in, ground truth on the side. */
export interface Fleet {
  /** Current virtual time (epoch ms). */
  now(): number;
  /** Runs the model up to `ms` (inclusive): applies scenario actions due, advances tasks/deployments/instances, and returns every ECS event emitted on the way (all detail-types, unfiltered), in state-change order. Never goes backwards. */
  advanceTo(ms: number): EcsEnvelope[];
  /** A real `ECSClient` whose commands are answered from the fleet's state at now(). */
  ecsClient(): ECSClient;
  /** Every API call made through ecsClient(), in order (see ApiCall). */
  readonly calls: ApiCall[];
  /** ARN of container instance `index` (registration order, 0-based) of `cluster`. */
  instanceArn(cluster: string, index: number): string;
  /** While set, RunTask answers with this failure (e.g. an AccessDeniedException for PassRole, or failures[] RESOURCE:ENI); undefined clears it. */
  setRunTaskFault(fault: { error?: string; failureReason?: string } | undefined): void;
  /** Ground-truth log of what really happened, for the scorer. */
  readonly history: FleetHistoryEntry[];
}

/** Options beyond the seed and start: account-wide API throttling on virtual time (default on). */
export interface FleetOptions {
  seed: number;
  epoch: number;
  /** Token buckets per ECS API category (aws-limits §1.2); false: never throttle. */
  throttle?: boolean;
}

const PURGE_AFTER_MS = 2 * 3_600_000;

function buildCluster(world: World, spec: FleetSpec['clusters'][number], epoch: number): SimCluster {
  const azs = (spec.azs ?? ['a', 'b', 'c']).map((az) => (az.length <= 2 ? `${world.region}${az}` : az));
  const cluster: SimCluster = {
    name: spec.name,
    arn: world.arn(`cluster/${spec.name}`),
    spec,
    azs,
    instances: [],
    services: new Map(),
    jobs: new Map(),
    tasks: new Map(),
    lostAzs: new Map(),
    tokens: new Map(),
  };
  world.clusters.set(spec.name, cluster);
  for (let i = 0; i < spec.instances; i += 1) {
    cluster.instances.push(createInstance(world, cluster, i, azs[i % azs.length] as string, spec.instanceCpu ?? 4096));
  }
  for (const serviceSpec of spec.services) {
    if (cluster.services.has(serviceSpec.name))
      throw new Error(`fleet: duplicate service "${serviceSpec.name}" in "${spec.name}"`);
    cluster.services.set(serviceSpec.name, createService(world, cluster, serviceSpec));
  }
  for (const service of cluster.services.values()) seedRunningTasks(world, service);
  for (const job of spec.jobs ?? []) cluster.jobs.set(job.family, createJob(world, cluster, job, epoch));
  return cluster;
}

function wire(world: World): void {
  world.onTask = (task, change) => {
    if (task.service) onServiceTask(world, task.service, task, change);
  };
  world.onInstance = (instance) => {
    for (const service of instance.cluster.services.values()) {
      const affected =
        service.placementFailedAt !== undefined || [...service.tasks].some((task) => task.instance === instance);
      if (affected) touch(world, service);
    }
  };
}

function purgeLoop(world: World): void {
  world.after(3_600_000, () => {
    for (const cluster of world.clusters.values()) {
      for (const [arn, task] of cluster.tasks) {
        if (task.stoppedAt !== undefined && world.now - task.stoppedAt > PURGE_AFTER_MS) cluster.tasks.delete(arn);
      }
    }
    purgeLoop(world);
  });
}

/** Builds the fleet of `spec` at `epoch` (steady, every task RUNNING) and schedules `actions` and churn. */
export function createFleet(spec: FleetSpec, actions: FleetAction[], options: FleetOptions): Fleet {
  const world = new World({
    seed: options.seed,
    epoch: options.epoch,
    account: spec.account ?? '123456789012',
    region: spec.region ?? 'us-east-1',
  });
  wire(world);
  for (const clusterSpec of spec.clusters) {
    if (world.clusters.has(clusterSpec.name)) throw new Error(`fleet: duplicate cluster "${clusterSpec.name}"`);
    buildCluster(world, clusterSpec, options.epoch);
  }
  for (const action of actions) {
    validateAction(world, action);
    world.at(options.epoch + offsetMs(action.at), () => applyAction(world, action, options.epoch));
  }
  startChurn(world, spec.churn);
  purgeLoop(world);

  const calls: ApiCall[] = [];
  const api: ApiState = {};
  const throttle = createThrottle();
  let client: ECSClient | undefined;
  const answerCall = (command: string, input: Record<string, unknown>) => {
    if (options.throttle !== false && !throttle.take(command, world.now))
      throw new ApiFault('ThrottlingException', 'Rate exceeded');
    return answer(world, command, input, api);
  };

  return {
    now: () => world.now,
    advanceTo(ms) {
      const target = Math.max(ms, world.now);
      for (let at = world.queue.peekAt(); at !== undefined && at <= target; at = world.queue.peekAt()) {
        const step = world.queue.pop();
        if (!step) break;
        world.now = Math.max(world.now, step.at);
        step.run();
      }
      world.now = target;
      return world.outbox.splice(0, world.outbox.length);
    },
    ecsClient() {
      client ??= simulatedEcsClient({
        region: world.region,
        now: () => world.now,
        calls,
        answer: answerCall,
        requestId: () => world.uuid(),
      });
      return client;
    },
    calls,
    instanceArn(cluster, index) {
      const instance = world.clusters.get(cluster)?.instances[index];
      if (!instance) throw new Error(`fleet: cluster "${cluster}" has no instance ${index}`);
      return instance.arn;
    },
    setRunTaskFault(fault) {
      api.runTaskFault = fault;
    },
    history: world.history,
  };
}
