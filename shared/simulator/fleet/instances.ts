import { emitInstance, remaining, TASK_CPU_UNITS } from './events.js';
import type { FleetHistoryEntry } from './history.js';
import type { SimCluster, SimInstance, SimTask } from './state.js';
import { markStoppedByEcs } from './tasks.js';
import type { World } from './world.js';

type Change = Extract<FleetHistoryEntry, { kind: 'instance' }>['change'];
type By = 'scenario' | 'churn' | 'monitor';

/** How long an INACTIVE instance stays describable (ECS behaviour §4). */
export const INACTIVE_VISIBLE_MS = 60 * 60_000;

function record(world: World, instance: SimInstance, change: Change, by: By): void {
  world.record({
    kind: 'instance',
    at: world.now,
    cluster: instance.cluster.name,
    instance: instance.index,
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.ec2InstanceId,
    change,
    by,
  });
}

/** A registered, ACTIVE instance with a connected agent (registered a while before the scenario starts). */
export function createInstance(world: World, cluster: SimCluster, index: number, az: string, cpu: number): SimInstance {
  const id = world.hex(32);
  const registeredAt = world.now - world.seconds(86_400, 30 * 86_400);
  return {
    arn: world.arn(`container-instance/${cluster.name}/${id}`),
    id,
    index,
    cluster,
    ec2InstanceId: `i-0${world.hex(16)}`,
    az,
    cpu,
    memory: Math.floor((cpu / 1024) * 3840),
    status: 'ACTIVE',
    agentConnected: true,
    hostAlive: true,
    terminated: false,
    agentChangedAt: registeredAt,
    version: 100 + Math.floor(world.random() * 5000),
    registeredAt,
    updatedAt: registeredAt,
    tasks: new Set(),
  };
}

/** Why no instance could take a task, in RunTask `failures[]` / placement-failure terms. */
export type PlacementFailure = 'RESOURCE:CPU' | 'AGENT';

/**
 * Places a task on an EC2 instance: ACTIVE, agent connected, room for 256 CPU units; spread over AZs by the
 * group's tasks, then the least-loaded instance. During `capacity-short` nothing fits.
 */
export function placeOnInstance(world: World, cluster: SimCluster, group: string): SimInstance | PlacementFailure {
  if (cluster.capacityShortUntil !== undefined && world.now < cluster.capacityShortUntil) return 'RESOURCE:CPU';
  const candidates = cluster.instances.filter(
    (i) => i.status === 'ACTIVE' && i.agentConnected && i.hostAlive && remaining(i).cpu >= TASK_CPU_UNITS,
  );
  if (candidates.length === 0) {
    const anyRoomWithoutAgent = cluster.instances.some(
      (i) => i.status === 'ACTIVE' && !i.agentConnected && remaining(i).cpu >= TASK_CPU_UNITS,
    );
    return anyRoomWithoutAgent ? 'AGENT' : 'RESOURCE:CPU';
  }
  const perAz = new Map<string, number>();
  for (const task of cluster.tasks.values()) {
    if (task.group === group && task.desiredStatus === 'RUNNING' && task.instance) {
      perAz.set(task.instance.az, (perAz.get(task.instance.az) ?? 0) + 1);
    }
  }
  let best: SimInstance | undefined;
  let bestKey: [number, number, number] = [Infinity, Infinity, Infinity];
  for (const instance of candidates) {
    const key: [number, number, number] = [perAz.get(instance.az) ?? 0, -remaining(instance).cpu, instance.index];
    if (
      key[0] < bestKey[0] ||
      (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))
    ) {
      best = instance;
      bestKey = key;
    }
  }
  return best as SimInstance;
}

/** Picks a Fargate AZ for a task of `group`: the cluster's AZs not lost, fewest of the group first. */
export function fargateAz(world: World, cluster: SimCluster, group: string): string | undefined {
  if (cluster.capacityShortUntil !== undefined && world.now < cluster.capacityShortUntil) return undefined;
  const usable = cluster.azs.filter((az) => !cluster.lostAzs.has(az));
  if (usable.length === 0) return undefined;
  const counts = new Map(usable.map((az) => [az, 0]));
  for (const task of cluster.tasks.values()) {
    if (task.group === group && task.desiredStatus === 'RUNNING' && counts.has(task.az)) {
      counts.set(task.az, (counts.get(task.az) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => a[1] - b[1])[0]?.[0];
}

/** Sets the agent connection and emits the change (a flap, a lost host, a return). */
export function setAgent(world: World, instance: SimInstance, connected: boolean, by: By): void {
  if (instance.agentConnected === connected || instance.status === 'INACTIVE') return;
  instance.agentConnected = connected;
  instance.agentChangedAt = world.now;
  emitInstance(world, instance);
  record(world, instance, connected ? 'agent-connected' : 'agent-disconnected', by);
  world.onInstance(instance);
}

/** The EC2 host stops answering: agent disconnected; its tasks stay RUNNING in ECS's view but progress no further. */
export function loseHost(world: World, instance: SimInstance, by: By): void {
  if (!instance.hostAlive || instance.status === 'INACTIVE') return;
  instance.hostAlive = false;
  for (const task of instance.tasks) task.frozen = true;
  record(world, instance, 'host-lost', by);
  setAgent(world, instance, false, by);
}

/** The host answers again (the network partition healed): the agent reconnects and its tasks resume. */
export function restoreHost(world: World, instance: SimInstance, by: By): void {
  if (instance.hostAlive || instance.terminated || instance.status === 'INACTIVE') return;
  instance.hostAlive = true;
  for (const task of instance.tasks) task.frozen = false;
  record(world, instance, 'host-back', by);
  setAgent(world, instance, true, by);
}

/** UpdateContainerInstancesState: ACTIVE ↔ DRAINING, with an event; the scheduler moves service tasks. */
export function setStatus(world: World, instance: SimInstance, status: 'ACTIVE' | 'DRAINING', by: By): void {
  if (instance.status === status || instance.status === 'INACTIVE') return;
  instance.status = status;
  emitInstance(world, instance);
  record(world, instance, status === 'DRAINING' ? 'draining' : 'active', by);
  world.onInstance(instance);
}

/** Deregistration (forced, or automatic on termination): tasks STOPPED by ECS, the instance INACTIVE. */
export function deregister(world: World, instance: SimInstance, by: By, taskReason: string, stopCode?: string): void {
  if (instance.status === 'INACTIVE') return;
  const cause = taskReason.startsWith('Host EC2') ? 'host-terminated' : 'deregistered';
  for (const task of [...instance.tasks] as SimTask[]) {
    markStoppedByEcs(world, task, { reason: taskReason, cause, ...(stopCode ? { stopCode } : {}) });
  }
  instance.status = 'INACTIVE';
  instance.agentConnected = false;
  instance.deregisteredAt = world.now;
  instance.statusReason = by === 'monitor' ? 'Instance deregistration forced by user' : 'Instance deregistered';
  emitInstance(world, instance);
  record(world, instance, 'deregistered', by);
  world.onInstance(instance);
}

/**
 * EC2 terminates the host. ECS notices the agent drop, then marks the tasks STOPPED (`Host EC2 (instance …)
 * terminated.`) and deregisters the instance only if its agent was connected when it went.
 */
export function terminate(world: World, instance: SimInstance, by: By): void {
  if (instance.terminated || instance.status === 'INACTIVE') return;
  const agentWasConnected = instance.agentConnected;
  instance.terminated = true;
  record(world, instance, 'terminated', by);
  instance.hostAlive = false;
  for (const task of instance.tasks) task.frozen = true;
  world.after(world.seconds(5, 20), () => setAgent(world, instance, false, by));
  const reason = `Host EC2 (instance ${instance.ec2InstanceId}) terminated.`;
  world.after(world.seconds(30, 90), () => {
    if (agentWasConnected) {
      deregister(world, instance, by, reason, 'TerminationNotice');
      return;
    }
    for (const task of [...instance.tasks]) {
      markStoppedByEcs(world, task, { reason, stopCode: 'TerminationNotice', cause: 'host-terminated' });
    }
    world.onInstance(instance);
  });
}
