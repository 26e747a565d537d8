import type { FleetAction } from '../types.js';
import { rollOutDaemon } from './daemons.js';
import { connectivityBack, hangRuntime, recoverRuntime, watchConnectivity } from './health.js';
import { loseHost, restoreHost, setAgent, terminate } from './instances.js';
import { failRuns } from './jobs.js';
import { offsetMs } from './offset.js';
import { approveHook, deploy, scale, startCrashLoop, startHealthFailures, touch } from './services.js';
import type { SimCluster, SimService } from './state.js';
import { essentialExit, isLive, markStoppedByEcs, requestStop } from './tasks.js';
import type { World } from './world.js';

function clusterOf(world: World, name: string): SimCluster {
  const cluster = world.clusters.get(name);
  if (!cluster) throw new Error(`fleet action: no cluster "${name}"`);
  return cluster;
}

function serviceOf(cluster: SimCluster, name: string): SimService {
  const service = cluster.services.get(name);
  if (!service) throw new Error(`fleet action: no service "${name}" in cluster "${cluster.name}"`);
  return service;
}

function instanceOf(cluster: SimCluster, index: number) {
  const instance = cluster.instances[index];
  if (!instance) throw new Error(`fleet action: cluster "${cluster.name}" has no instance ${index}`);
  return instance;
}

/** Running tasks a service/family action targets, in a seeded order. */
function targets(world: World, cluster: SimCluster, action: { service?: string; family?: string }) {
  const tasks = [...cluster.tasks.values()].filter(
    (t) =>
      isLive(t) &&
      t.lastStatus === 'RUNNING' &&
      (action.service ? t.service?.name === action.service : !t.service && t.def.family === action.family),
  );
  return tasks
    .map((task) => ({ task, key: world.random() }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.task);
}

/** Checks an action's targets exist (so a scenario typo fails at load, not hours into a run). */
export function validateAction(world: World, action: FleetAction): void {
  const cluster = clusterOf(world, action.cluster);
  offsetMs(action.at);
  if ('until' in action && action.until) offsetMs(action.until);
  if ('service' in action && action.service) serviceOf(cluster, action.service);
  if ('instance' in action) instanceOf(cluster, action.instance);
}

/** Applies one scenario action at the current virtual time. */
export function applyAction(world: World, action: FleetAction, epoch: number): void {
  const cluster = clusterOf(world, action.cluster);
  const until = 'until' in action && action.until ? epoch + offsetMs(action.until) : undefined;
  switch (action.do) {
    case 'crash-loop':
      startCrashLoop(world, serviceOf(cluster, action.service), until ?? Infinity, action.exitCode ?? 1);
      break;
    case 'oom':
    case 'app-exit': {
      const oom = action.do === 'oom';
      const exitCode = action.do === 'oom' ? 137 : action.exitCode;
      if (action.service) {
        for (const task of targets(world, cluster, action).slice(0, action.count ?? 1)) {
          essentialExit(world, task, exitCode, oom, oom ? 'oom' : 'app-exit');
        }
      } else if (action.family) failRuns(world, cluster, action.family, action.count ?? 1, exitCode, oom);
      break;
    }
    case 'health-check-fail':
      startHealthFailures(world, serviceOf(cluster, action.service), until ?? Infinity);
      break;
    case 'deploy':
      deploy(world, serviceOf(cluster, action.service), action.outcome);
      break;
    case 'scale':
      scale(world, serviceOf(cluster, action.service), action.desired);
      break;
    case 'approve-hook':
      approveHook(world, serviceOf(cluster, action.service));
      break;
    case 'user-stop': {
      const task = targets(world, cluster, action)[0];
      if (task) requestStop(world, task, { stopCode: 'UserInitiated', reason: 'Task stopped by user', cause: 'user' });
      break;
    }
    case 'agent-flap': {
      const instance = instanceOf(cluster, action.instance);
      if (!instance.agentConnected || !instance.hostAlive) break;
      setAgent(world, instance, false, 'scenario');
      world.after((action.seconds ?? world.between(2, 20)) * 1000, () => {
        if (instance.hostAlive) setAgent(world, instance, true, 'scenario');
      });
      break;
    }
    case 'lose-instance': {
      const instance = instanceOf(cluster, action.instance);
      loseHost(world, instance, 'scenario');
      if (action.connectivityCheckSeconds !== undefined) {
        watchConnectivity(world, instance, action.connectivityCheckSeconds * 1000);
      }
      if (until !== undefined) {
        world.at(until, () => {
          restoreHost(world, instance, 'scenario');
          connectivityBack(world, instance);
        });
      }
      break;
    }
    case 'daemon-rollout':
      rollOutDaemon(world, cluster, action.daemon, action.outcome);
      break;
    case 'runtime-hang': {
      const instance = instanceOf(cluster, action.instance);
      hangRuntime(world, instance);
      if (until !== undefined) world.at(until, () => recoverRuntime(world, instance));
      break;
    }
    case 'terminate-instance':
      terminate(world, instanceOf(cluster, action.instance), 'scenario');
      break;
    case 'lose-az':
      loseAz(world, cluster, action.az, until);
      break;
    case 'spot-interrupt': {
      const spot = targets(world, cluster, action).filter((t) => t.capacityProvider === 'FARGATE_SPOT');
      for (const task of spot.slice(0, action.count ?? 1)) {
        requestStop(world, task, {
          stopCode: 'SpotInterruption',
          reason: 'Your Spot Task was interrupted.',
          cause: 'spot',
          killAfterMs: world.seconds(30, 120),
        });
      }
      break;
    }
    case 'capacity-short':
      cluster.capacityShortUntil = until ?? Infinity;
      if (until !== undefined) world.at(until, () => retryPlacements(world, cluster));
      break;
    case 'fail-job-runs': {
      const job = cluster.jobs.get(action.family);
      if (!job) throw new Error(`fleet action: no job family "${action.family}" in cluster "${cluster.name}"`);
      job.failWindow = { until: until ?? Infinity, how: action.how };
      break;
    }
  }
}

function retryPlacements(world: World, cluster: SimCluster): void {
  for (const service of cluster.services.values()) touch(world, service);
}

function azName(world: World, az: string): string {
  return az.length <= 2 ? `${world.region}${az}` : az;
}

/** `lose-az`: every instance there is lost, Fargate tasks there are stopped, placement avoids the AZ until `until`. */
function loseAz(world: World, cluster: SimCluster, azSuffix: string, until: number | undefined): void {
  const az = azName(world, azSuffix);
  cluster.lostAzs.set(az, until ?? Infinity);
  for (const instance of cluster.instances.filter((i) => i.az === az)) loseHost(world, instance, 'scenario');
  for (const task of [...cluster.tasks.values()]) {
    if (task.az !== az || task.instance || task.lastStatus === 'STOPPED') continue;
    world.after(world.seconds(20, 120), () =>
      markStoppedByEcs(world, task, {
        stopCode: 'InfrastructureHealth',
        reason: `Task stopped because the underlying infrastructure in ${az} became unavailable.`,
        cause: 'az-lost',
      }),
    );
  }
  if (until === undefined) return;
  world.at(until, () => {
    cluster.lostAzs.delete(az);
    for (const instance of cluster.instances.filter((i) => i.az === az)) restoreHost(world, instance, 'scenario');
    retryPlacements(world, cluster);
  });
}
