import { emitInstance, emitTask } from './events.js';
import { RUNTIME_TIMEOUT_REASON } from './health.js';
import type { SimContainer, SimTask, StopCause } from './state.js';
import type { World } from './world.js';

// Timings from ECS behaviour notes §1.2 (observed Fargate/EC2 tasks): see shared/simulator/README.md.
const FARGATE_DEPROVISION_S = [22.6, 24.2] as const;
const HEALTHY_AFTER_MS = 40_000;
const STOP_TIMEOUT_MS = 30_000;
// Target-group deregistration delay: ELB's default (ecs-behaviour: DEACTIVATING lasts this long).
const DEREGISTRATION_DELAY_S = 300;

const isFargate = (task: SimTask) => task.launchType === 'FARGATE';
const live = (task: SimTask) => task.desiredStatus === 'RUNNING' && !task.stopCause && !task.frozen;

function record(world: World, task: SimTask, cause: StopCause, exitCode?: number): void {
  task.stopCause = cause;
  world.record({
    kind: 'task-stopped',
    at: world.now,
    cluster: task.cluster.name,
    taskArn: task.arn,
    family: task.def.family,
    ...(task.service ? { service: task.service.name } : {}),
    startedByMonitor: task.startedByMonitor,
    stopCause: cause,
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(task.instance ? { instance: task.instance.index } : {}),
  });
}

/** Creates the task's first event (PROVISIONING on Fargate, PENDING on EC2) and schedules its start. */
export function launchTask(world: World, task: SimTask): void {
  task.lastStatus = isFargate(task) ? 'PROVISIONING' : 'PENDING';
  if (task.eni) task.eni.status = 'PRECREATED';
  task.cluster.tasks.set(task.arn, task);
  task.service?.tasks.add(task);
  emitTask(world, task);
  world.record({
    kind: 'task-started',
    at: world.now,
    cluster: task.cluster.name,
    taskArn: task.arn,
    family: task.def.family,
    ...(task.service ? { service: task.service.name } : {}),
    group: task.group,
    ...(task.startedBy ? { startedBy: task.startedBy } : {}),
    startedByMonitor: task.startedByMonitor,
    ...(task.clientToken ? { clientToken: task.clientToken } : {}),
    launchType: task.launchType,
    ...(task.instance ? { instance: task.instance.index } : {}),
  });
  if (task.instance) {
    task.instance.tasks.add(task);
    emitInstance(world, task.instance);
    if (task.instance.runtimeHung) {
      task.fate = {
        kind: 'fail-start',
        reason: RUNTIME_TIMEOUT_REASON,
        containerReason: RUNTIME_TIMEOUT_REASON,
        cause: 'start-failure',
      };
    }
  }
  if (isFargate(task)) world.after(world.seconds(4, 14), () => fargatePending(world, task));
  else if (task.fate.kind === 'fail-start') world.after(world.seconds(2, 10), () => failStart(world, task));
  else world.after(world.seconds(1.5, 4), () => toRunning(world, task));
}

function fargatePending(world: World, task: SimTask): void {
  if (!live(task) || task.lastStatus !== 'PROVISIONING') return;
  task.lastStatus = 'PENDING';
  task.connectivityAt = world.now;
  task.pullStartedAt = world.now + world.seconds(0.2, 1);
  if (task.eni) task.eni.status = 'ATTACHED';
  if (task.fate.kind === 'fail-start') {
    emitTask(world, task);
    world.at(task.pullStartedAt + world.seconds(3, 20), () => failStart(world, task));
    return;
  }
  task.pullStoppedAt = task.pullStartedAt + world.seconds(3, 21);
  emitTask(world, task);
  world.at(task.pullStoppedAt + world.seconds(1, 3), () => toRunning(world, task));
}

function toRunning(world: World, task: SimTask): void {
  if (!live(task) || task.lastStatus === 'RUNNING') return;
  task.lastStatus = 'RUNNING';
  task.startedAt = world.now;
  if (task.pullStartedAt === undefined) {
    task.pullStartedAt = task.createdAt + 300;
    task.pullStoppedAt = Math.min(world.now - 100, task.pullStartedAt + 800);
  }
  for (const container of task.containers) container.lastStatus = 'RUNNING';
  emitTask(world, task);
  world.onTask(task, 'running');
  const fate = task.fate;
  if (fate.kind !== 'never-healthy') {
    world.after(HEALTHY_AFTER_MS, () => {
      if (!live(task) || task.unhealthySince !== undefined) return;
      task.healthyAt = world.now;
      for (const container of task.containers) if (container.essential) container.healthStatus = 'HEALTHY';
      world.onTask(task, 'healthy');
    });
  }
  if (fate.kind === 'finish') world.after(fate.afterMs, () => essentialExit(world, task, 0, false, 'job-success'));
  if (fate.kind === 'exit')
    world.after(fate.afterMs, () => essentialExit(world, task, fate.exitCode, fate.oom, fate.cause));
}

function failStart(world: World, task: SimTask): void {
  if (!live(task) || task.fate.kind !== 'fail-start') return;
  const fate = task.fate;
  task.stopCode = 'TaskFailedToStart';
  task.stoppedReason = fate.reason;
  record(world, task, fate.cause);
  const app = task.containers.find((c) => c.essential);
  if (app) app.reason = fate.containerReason;
  for (const container of task.containers) container.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = world.now;
  task.executionStoppedAt = world.now;
  if (isFargate(task)) {
    task.lastStatus = 'DEPROVISIONING';
    emitTask(world, task);
    world.onTask(task, 'stopping');
    world.after(world.seconds(...FARGATE_DEPROVISION_S), () => finalStop(world, task));
  } else {
    finalStop(world, task);
  }
}

/** When each container stops after SIGTERM: most exit at once (143, some 0), some need SIGKILL (137). */
function exitsOnSigterm(
  world: World,
  task: SimTask,
  killAfterMs: number,
): Map<SimContainer, { code: number; at: number }> {
  const exits = new Map<SimContainer, { code: number; at: number }>();
  for (const container of task.containers) {
    if (container.lastStatus !== 'RUNNING') continue;
    const roll = world.random();
    if (roll < 0.15) exits.set(container, { code: 137, at: world.now + killAfterMs });
    else if (roll < 0.25 && container.essential)
      exits.set(container, { code: 0, at: world.now + world.seconds(0.2, 3) });
    else exits.set(container, { code: 143, at: world.now + world.seconds(0.2, 12) });
  }
  return exits;
}

function applyExits(task: SimTask, exits: Map<SimContainer, { code: number; at: number }>): number {
  let last = 0;
  for (const [container, exit] of exits) {
    container.lastStatus = 'STOPPED';
    container.exitCode = exit.code;
    last = Math.max(last, exit.at);
  }
  for (const container of task.containers) container.lastStatus = 'STOPPED';
  return last;
}

/**
 * The essential `app` container exits by itself: the agent stops the others (SIGTERM → 143, or SIGKILL after
 * stopTimeout → 137) and reports EssentialContainerExited.
 */
export function essentialExit(world: World, task: SimTask, exitCode: number, oom: boolean, cause: StopCause): void {
  if (!live(task) || task.lastStatus !== 'RUNNING') return;
  task.stopCode = 'EssentialContainerExited';
  task.stoppedReason = 'Essential container in task exited';
  record(world, task, cause, exitCode);
  const exitAt = world.now;
  const app = task.containers.find((c) => c.essential);
  const sidecars = new Map<SimContainer, { code: number; at: number }>();
  for (const container of task.containers) {
    if (container === app) continue;
    const killed = world.chance(0.2);
    sidecars.set(
      container,
      killed ? { code: 137, at: exitAt + STOP_TIMEOUT_MS } : { code: 143, at: exitAt + world.seconds(0.2, 2) },
    );
  }
  const lastExit = Math.max(exitAt, ...[...sidecars.values()].map((exit) => exit.at));
  const report = () => {
    if (task.frozen) return;
    if (app) {
      app.lastStatus = 'STOPPED';
      app.exitCode = exitCode;
      if (oom) app.reason = 'OutOfMemoryError: Container killed due to memory usage';
    }
    applyExits(task, sidecars);
    task.desiredStatus = 'STOPPED';
    task.executionStoppedAt = lastExit;
  };
  if (isFargate(task)) {
    const stoppingAt = exitAt + world.seconds(0.5, 3);
    world.at(Math.max(stoppingAt, lastExit), () => {
      report();
      task.stoppingAt = stoppingAt;
      task.lastStatus = 'DEPROVISIONING';
      emitTask(world, task);
      world.onTask(task, 'stopping');
      world.after(world.seconds(...FARGATE_DEPROVISION_S), () => finalStop(world, task));
    });
  } else {
    world.at(lastExit + world.seconds(0.02, 0.5), () => {
      report();
      task.stoppingAt = world.now;
      finalStop(world, task);
    });
  }
}

/** A stop request (scheduler, user, Spot notice, draining): desired STOPPED now, containers exit on SIGTERM. */
export function requestStop(
  world: World,
  task: SimTask,
  stop: { stopCode: string; reason: string; cause: StopCause; killAfterMs?: number },
): boolean {
  if (!live(task)) return false;
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = world.now;
  task.stopCode = stop.stopCode;
  task.stoppedReason = stop.reason;
  record(world, task, stop.cause);
  const wasRunning = task.lastStatus === 'RUNNING';
  if (!wasRunning && !isFargate(task)) {
    for (const container of task.containers) container.lastStatus = 'STOPPED';
    task.executionStoppedAt = world.now;
    finalStop(world, task);
    return true;
  }
  const drain = task.service?.spec.loadBalancer;
  if (wasRunning && drain && stop.stopCode === 'ServiceSchedulerInitiated') {
    // The scheduler deregisters the target first and waits the deregistration delay (connection draining).
    task.lastStatus = 'DEACTIVATING';
    emitTask(world, task);
    world.onTask(task, 'stopping');
    world.after((drain.deregistrationDelaySeconds ?? DEREGISTRATION_DELAY_S) * 1000, () => {
      if (task.frozen || task.lastStatus !== 'DEACTIVATING') return;
      task.lastStatus = 'STOPPING';
      emitTask(world, task);
      signalAndStop(world, task, true, stop.killAfterMs);
    });
    return true;
  }
  emitTask(world, task);
  world.onTask(task, 'stopping');
  signalAndStop(world, task, wasRunning, stop.killAfterMs);
  return true;
}

/** SIGTERM (SIGKILL after the stop timeout) to a running task's containers, then STOPPED once they exit. */
function signalAndStop(world: World, task: SimTask, wasRunning: boolean, killAfterMs?: number): void {
  const exits = wasRunning ? exitsOnSigterm(world, task, killAfterMs ?? STOP_TIMEOUT_MS) : new Map();
  const lastExit = wasRunning
    ? Math.max(world.now, ...[...exits.values()].map((e) => e.at))
    : world.now + world.seconds(1, 3);
  world.at(lastExit, () => {
    if (task.frozen) return;
    task.executionStoppedAt = world.now;
    applyExits(task, exits);
    if (isFargate(task)) {
      task.lastStatus = 'DEPROVISIONING';
      emitTask(world, task);
      world.after(world.seconds(...FARGATE_DEPROVISION_S), () => finalStop(world, task));
    } else {
      world.after(world.seconds(0.05, 0.9), () => finalStop(world, task));
    }
  });
}

/**
 * ECS marks the task STOPPED without hearing from its host (terminated, force-deregistered, AZ lost): one
 * event, containers STOPPED without exit codes.
 */
export function markStoppedByEcs(
  world: World,
  task: SimTask,
  stop: { stopCode?: string; reason: string; cause: StopCause },
): void {
  if (task.lastStatus === 'STOPPED') return;
  const alreadyStopping = task.stopCause !== undefined;
  task.frozen = false;
  task.desiredStatus = 'STOPPED';
  if (!alreadyStopping) {
    if (stop.stopCode) task.stopCode = stop.stopCode;
    task.stoppedReason = stop.reason;
    record(world, task, stop.cause);
  }
  task.stoppingAt ??= world.now;
  task.executionStoppedAt ??= world.now;
  for (const container of task.containers) container.lastStatus = 'STOPPED';
  finalStop(world, task);
}

function finalStop(world: World, task: SimTask): void {
  if (task.lastStatus === 'STOPPED' || task.frozen) return;
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.stoppedAt = world.now;
  if (task.eni) task.eni.status = 'DELETED';
  emitTask(world, task);
  task.service?.tasks.delete(task);
  if (task.instance?.tasks.delete(task) && task.instance.status !== 'INACTIVE') emitInstance(world, task.instance);
  world.onTask(task, 'stopped');
}

/** The task's essential container starts failing its health check (the scheduler replaces, then stops it). */
export function markUnhealthy(world: World, task: SimTask): void {
  if (!live(task) || task.lastStatus !== 'RUNNING' || task.unhealthySince !== undefined) return;
  task.unhealthySince = world.now;
  task.healthyAt = undefined;
  // Behind a load balancer the target fails the ELB check; the container's own health check still passes.
  if (!task.service?.targetGroupArn) {
    for (const container of task.containers) if (container.essential) container.healthStatus = 'UNHEALTHY';
  }
  world.onTask(task, 'unhealthy');
}

/** True while the task is meant to run and nothing has started stopping it. */
export function isLive(task: SimTask): boolean {
  return live(task);
}
