import type { SimInstance } from './state.js';
import { iso, type World } from './world.js';

// ECS Container Instance Health Change events (ECS developer guide, ecs_container_instance_health_events and
// container-instance-health; agent 1.57.0 or later): one event per check status change, the instance's overall
// status the worst of its checks. The detection delays are not documented (inferred, see README).

/** Reason ECS gives tasks that could not start on a host whose runtime hangs (ecs-new-event-types §1.4). */
export const RUNTIME_TIMEOUT_REASON =
  'ContainerRuntimeTimeoutError: Could not transition to created; timed out after waiting 4m0s';

/** Emits the health change of one check: `IMPAIRED` or `OK`, with the instance's overall status after it. */
function emitHealth(
  world: World,
  instance: SimInstance,
  type: string,
  status: 'IMPAIRED' | 'OK',
  reason: string | null,
) {
  const impaired = instance.impairedChecks ?? new Set<string>();
  instance.impairedChecks = impaired;
  if (status === 'IMPAIRED') impaired.add(type);
  else impaired.delete(type);
  world.emit('ECS Container Instance Health Change', instance.arn, world.now, {
    clusterArn: instance.cluster.arn,
    containerInstanceArn: instance.arn,
    capacityProviderName: null,
    ec2InstanceId: instance.ec2InstanceId,
    overallStatus: impaired.size > 0 ? 'IMPAIRED' : 'OK',
    healthChecks: [
      {
        type,
        status,
        lastStatusChange: iso(world.now),
        lastUpdated: iso(world.now - world.seconds(1, 5)),
        statusReason: reason,
      },
    ],
  });
}

/** The Docker daemon hangs: ECS reports CONTAINER_RUNTIME IMPAIRED 20–60 s later; tasks placed here fail to start. */
export function hangRuntime(world: World, instance: SimInstance): void {
  instance.runtimeHung = true;
  world.after(world.seconds(20, 60), () => {
    if (instance.runtimeHung) emitHealth(world, instance, 'CONTAINER_RUNTIME', 'IMPAIRED', null);
  });
}

/** The runtime answers again: OK within a minute (the next check). */
export function recoverRuntime(world: World, instance: SimInstance): void {
  instance.runtimeHung = false;
  world.after(world.seconds(10, 60), () => {
    if (!instance.runtimeHung && instance.impairedChecks?.has('CONTAINER_RUNTIME')) {
      emitHealth(world, instance, 'CONTAINER_RUNTIME', 'OK', null);
    }
  });
}

/** ECS's AGENT_CONNECTIVITY check: IMPAIRED once the agent has stayed disconnected `afterMs`. */
export function watchConnectivity(world: World, instance: SimInstance, afterMs: number): void {
  const since = world.now;
  world.after(afterMs, () => {
    if (instance.agentConnected || instance.status === 'INACTIVE' || instance.agentChangedAt > since) return;
    emitHealth(world, instance, 'AGENT_CONNECTIVITY', 'IMPAIRED', `Agent disconnected since ${iso(since)}`);
  });
}

/** The agent is back: AGENT_CONNECTIVITY OK, if ECS had reported it IMPAIRED. */
export function connectivityBack(world: World, instance: SimInstance): void {
  if (instance.impairedChecks?.has('AGENT_CONNECTIVITY')) emitHealth(world, instance, 'AGENT_CONNECTIVITY', 'OK', null);
}
