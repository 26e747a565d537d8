import type { SimCluster } from './state.js';
import { iso, type World } from './world.js';

// Managed daemons (ECS developer guide: managed-daemons-events, managed-daemons-deployments). The daemon itself
// is not modelled: a rollout is its sequence of events. The cluster's instances stand in for the Managed
// Instances the daemon runs on. Timings are inferred.

/** Emits an `ECS Daemon Deployment State Change` (resources[0] is the daemon ARN). */
function emitDeployment(world: World, rollout: Rollout, eventName: string): void {
  world.emit('ECS Daemon Deployment State Change', rollout.daemonArn, world.now, {
    eventType: eventName === 'DAEMON_DEPLOYMENT_ROLLBACK_FAILED' ? 'ERROR' : 'INFO',
    eventName,
    clusterArn: rollout.cluster.arn,
    daemonArn: rollout.daemonArn,
    daemonDeploymentArn: rollout.deploymentArn,
    targetDaemonRevisionArn: rollout.revisionArn,
    updatedAt: iso(world.now),
  });
}

/** Emits a `DAEMON_TASK_START_IMPAIRED` service action for a daemon task that never reached RUNNING on an instance. */
function emitStartImpaired(world: World, rollout: Rollout, instanceArn: string): void {
  const taskArn = world.arn(`task/${rollout.cluster.name}/${world.hex(32)}`);
  world.emit('ECS Daemon Service Action', taskArn, world.now, {
    eventType: 'WARNING',
    eventName: 'DAEMON_TASK_START_IMPAIRED',
    clusterArn: rollout.cluster.arn,
    containerInstanceArn: instanceArn,
    taskArn,
    daemonRevisionArn: rollout.revisionArn,
    capacityProviderName: `${rollout.cluster.name}-managed`,
    daemonArn: rollout.daemonArn,
    failureType: 'TASK_FAILED_TO_RUN',
    createdAt: iso(world.now),
    reason:
      'Task failed to reach RUNNING status: CannotPullContainerError: pull image manifest has been retried 5 time(s)',
  });
}

interface Rollout {
  cluster: SimCluster;
  daemonArn: string;
  deploymentArn: string;
  revisionArn: string;
}

/**
 * A daemon rollout: PENDING, IN_PROGRESS, then SUCCESSFUL a few minutes later (good), or tasks of the new revision
 * failing to start on the first instances of a batch until the daemon circuit breaker stops the rollout:
 * STOP_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL (all INFO).
 */
export function rollOutDaemon(world: World, cluster: SimCluster, daemon: string, outcome: 'good' | 'rollback'): void {
  const rollout: Rollout = {
    cluster,
    daemonArn: world.arn(`daemon/${cluster.name}/${daemon}`),
    deploymentArn: world.arn(`daemon-deployment/${cluster.name}/${daemon}/${world.hex(21)}`),
    revisionArn: world.arn(`daemon-revision/${cluster.name}/${daemon}/${world.uuid()}`),
  };
  emitDeployment(world, rollout, 'DAEMON_DEPLOYMENT_PENDING');
  world.after(world.seconds(5, 20), () => {
    emitDeployment(world, rollout, 'DAEMON_DEPLOYMENT_IN_PROGRESS');
    if (outcome === 'good') {
      world.after(world.seconds(120, 300), () => emitDeployment(world, rollout, 'DAEMON_DEPLOYMENT_SUCCESSFUL'));
      return;
    }
    const failing = cluster.instances.slice(0, Math.min(3, cluster.instances.length));
    failing.forEach((instance, i) => {
      world.after(world.seconds(40, 60) * (i + 1), () => emitStartImpaired(world, rollout, instance.arn));
    });
    world.after(world.seconds(200, 240), () => {
      emitDeployment(world, rollout, 'DAEMON_DEPLOYMENT_STOP_REQUESTED');
      world.after(world.seconds(2, 10), () => emitDeployment(world, rollout, 'DAEMON_DEPLOYMENT_ROLLBACK_IN_PROGRESS'));
      world.after(world.seconds(120, 240), () =>
        emitDeployment(world, rollout, 'DAEMON_DEPLOYMENT_ROLLBACK_SUCCESSFUL'),
      );
    });
  });
}
