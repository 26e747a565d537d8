import type { ServiceSpec } from '../types.js';
import { emitDeployment, emitServiceAction, serviceMessage } from './events.js';
import { newTask } from './factory.js';
import { awaitPauseHook, emitHook, hookId } from './hooks.js';
import { fargateAz, placeOnInstance } from './instances.js';
import type {
  Fate,
  SimCluster,
  SimDeployment,
  SimInstance,
  SimService,
  SimTask,
  SimTaskDef,
  StopCause,
} from './state.js';
import { nextRevision, registerFamily } from './taskdefs.js';
import { essentialExit, isLive, launchTask, markUnhealthy, requestStop } from './tasks.js';
import type { World } from './world.js';

// Cadences and thresholds: ECS behaviour notes §3 (see shared/simulator/README.md for sources).
const SIX_HOURS = 6 * 3_600_000;
const BACKOFF_MIN = [2, 2, 6, 12, 24, 27];
const BAKE_MS = 5 * 60_000;
const UNHEALTHY_STOP_AFTER_MS = 120_000;
const PLACEMENT_RETRY_MS = 60_000;

/** Circuit-breaker threshold: clamp(⌈0.5 × desired⌉, 3, 200) consecutive failed tasks. */
export function breakerThreshold(desired: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desired)));
}

const FAILURE_CAUSES = new Set<StopCause>([
  'image-pull',
  'start-failure',
  'crash-loop',
  'app-exit',
  'oom',
  'health-check',
]);
const counted = new WeakSet<SimTask>();

/** The deployment id format of service tasks' `startedBy` (`ecs-svc/` and 19 digits). */
function deploymentId(world: World): string {
  return `ecs-svc/${world.digits(19)}`;
}

function newDeployment(world: World, def: SimTaskDef, outcome: SimDeployment['outcome']): SimDeployment {
  return {
    id: deploymentId(world),
    def,
    status: 'PRIMARY',
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: '',
    outcome,
    createdAt: world.now,
    updatedAt: world.now,
    failedTasks: 0,
    consecutiveFailures: 0,
    launchesNothing: false,
  };
}

/** A service at the scenario start: steady, one COMPLETED deployment, every task RUNNING (no events). */
export function createService(world: World, cluster: SimCluster, spec: ServiceSpec): SimService {
  const launchType = spec.capacityProvider?.startsWith('FARGATE') ? 'FARGATE' : spec.launchType;
  const def = registerFamily(world, spec.name, launchType, spec.sidecars ?? [], spec.tags ?? {});
  const createdAt = world.now - world.seconds(7 * 86_400, 200 * 86_400);
  const deployment = newDeployment(world, def, 'good');
  deployment.createdAt = world.now - world.seconds(3_600, 14 * 86_400);
  deployment.updatedAt = deployment.createdAt + 300_000;
  deployment.rolloutState = 'COMPLETED';
  deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`;
  const service: SimService = {
    name: spec.name,
    arn: world.arn(`service/${cluster.name}/${spec.name}`),
    cluster,
    spec,
    desired: spec.desired,
    createdAt,
    deployments: [deployment],
    tasks: new Set(),
    messages: [],
    throttle: { failures: 0, nextStartAt: 0 },
    steady: true,
    steadyTimer: 0,
  };
  if (spec.loadBalancer) {
    const { region, account } = world;
    service.targetGroupArn = `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${spec.loadBalancer.targetGroup}/${world.hex(16)}`;
  }
  const lastSteady = world.now - Math.floor(world.random() * SIX_HOURS);
  service.messages.push({
    id: world.uuid(),
    createdAt: lastSteady,
    message: `(service ${spec.name}) has reached a steady state.`,
  });
  scheduleSteadyRepeat(world, service, lastSteady);
  return service;
}

/** Starts the service's tasks as already RUNNING (version 3 on Fargate, 2 on EC2), without events. */
export function seedRunningTasks(world: World, service: SimService): void {
  const deployment = service.deployments[0] as SimDeployment;
  for (let i = 0; i < service.desired; i += 1) {
    const task = buildTask(world, service, deployment, { kind: 'run' });
    if (!task) break;
    const created = world.now - world.seconds(600, 3 * 86_400);
    task.createdAt = created;
    task.connectivityAt = created + world.seconds(4, 14);
    task.pullStartedAt = task.connectivityAt + 500;
    task.pullStoppedAt = task.pullStartedAt + world.seconds(3, 21);
    task.startedAt = task.pullStoppedAt + world.seconds(1, 3);
    task.healthyAt = task.startedAt + 40_000;
    task.updatedAt = task.startedAt;
    task.lastStatus = 'RUNNING';
    task.version = task.launchType === 'FARGATE' ? 3 : 2;
    if (task.eni) task.eni.status = 'ATTACHED';
    for (const container of task.containers) {
      container.lastStatus = 'RUNNING';
      if (container.essential) container.healthStatus = 'HEALTHY';
    }
    service.cluster.tasks.set(task.arn, task);
    service.tasks.add(task);
    task.instance?.tasks.add(task);
  }
}

function scheduleSteadyRepeat(world: World, service: SimService, from: number): void {
  const token = ++service.steadyTimer;
  world.at(from + SIX_HOURS + world.seconds(-30, 30), () => {
    if (service.steadyTimer !== token || !service.steady) return;
    emitServiceAction(world, service, 'SERVICE_STEADY_STATE');
    serviceMessage(world, service, 'has reached a steady state.');
    scheduleSteadyRepeat(world, service, world.now);
  });
}

function crashRunMs(world: World, service: SimService): number {
  // A crashing task dies before it counts as healthy (40 s): new starts come about every 50 s [Obs-cb1].
  return service.spec.launchType === 'FARGATE' && !service.spec.capacityProvider?.startsWith('EC2')
    ? world.seconds(12, 22)
    : world.seconds(25, 38);
}

function imagePullReason(world: World, def: SimTaskDef): string {
  const image = def.containers[0]?.image ?? def.family;
  return world.chance(0.5)
    ? `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${image}: not found`
    : `CannotPullContainerError: API error (404): repository ${image.split(':')[0]} not found`;
}

function startFailureReason(world: World): string {
  return `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::${world.account}:assumed-role/ecsTaskExecutionRole is not authorized to perform: secretsmanager:GetSecretValue`;
}

/** What a new task of this deployment will do, given the faults active now. */
function fateFor(world: World, service: SimService, deployment: SimDeployment): Fate {
  if (service.crashLoop && world.now < service.crashLoop.until) {
    return {
      kind: 'exit',
      afterMs: crashRunMs(world, service),
      exitCode: service.crashLoop.exitCode,
      oom: false,
      cause: 'crash-loop',
    };
  }
  switch (deployment.outcome) {
    case 'image-pull': {
      const reason = imagePullReason(world, deployment.def);
      return { kind: 'fail-start', reason, containerReason: reason, cause: 'image-pull' };
    }
    case 'start-failure': {
      const reason = startFailureReason(world);
      return { kind: 'fail-start', reason, containerReason: reason, cause: 'start-failure' };
    }
    case 'crash':
      return { kind: 'exit', afterMs: crashRunMs(world, service), exitCode: 1, oom: false, cause: 'crash-loop' };
    case 'stuck':
      return { kind: 'never-healthy' };
    default:
      return { kind: 'run' };
  }
}

function buildTask(world: World, service: SimService, deployment: SimDeployment, fate: Fate): SimTask | undefined {
  const cluster = service.cluster;
  const group = `service:${service.name}`;
  const fargate = deployment.def.launchType === 'FARGATE';
  let instance: SimInstance | undefined;
  let az: string | undefined;
  if (fargate) az = fargateAz(world, cluster, group);
  else {
    const placed = placeOnInstance(world, cluster, group);
    if (typeof placed === 'string') {
      placementFailed(world, service, placed);
      return undefined;
    }
    instance = placed;
    az = placed.az;
  }
  if (az === undefined) {
    placementFailed(world, service, 'RESOURCE:FARGATE');
    return undefined;
  }
  return newTask(world, {
    cluster,
    def: deployment.def,
    launchType: deployment.def.launchType,
    ...(service.spec.capacityProvider ? { capacityProvider: service.spec.capacityProvider } : {}),
    ...(instance ? { instance } : {}),
    az,
    group,
    startedBy: deployment.id,
    service,
    deployment,
    fate,
    tags: { ...(service.spec.tags ?? {}) },
  });
}

function placementFailed(world: World, service: SimService, reason: string): void {
  if (service.placementFailedAt === undefined || world.now - service.placementFailedAt >= SIX_HOURS) {
    service.placementFailedAt = world.now;
    const cluster = service.cluster;
    const extra =
      reason === 'RESOURCE:FARGATE'
        ? { capacityProviderArns: [world.arn(`capacity-provider/${service.spec.capacityProvider ?? 'FARGATE'}`)] }
        : { containerInstanceArns: cluster.instances.filter((i) => i.status === 'ACTIVE').map((i) => i.arn) };
    emitServiceAction(world, service, 'SERVICE_TASK_PLACEMENT_FAILURE', { reason, ...extra });
    serviceMessage(
      world,
      service,
      reason === 'AGENT'
        ? 'was unable to place a task because no container instance met all of its requirements. The closest matching container-instance encountered error "AGENT".'
        : reason === 'RESOURCE:CPU'
          ? 'was unable to place a task because no container instance met all of its requirements. The closest matching container-instance has insufficient CPU units available.'
          : 'was unable to place a task. Reason: Capacity is unavailable at this time.',
    );
  }
  touch(world, service, PLACEMENT_RETRY_MS);
}

function startTask(world: World, service: SimService, deployment: SimDeployment): SimTask | undefined {
  const task = buildTask(world, service, deployment, fateFor(world, service, deployment));
  if (!task) return undefined;
  service.placementFailedAt = undefined;
  launchTask(world, task);
  return task;
}

/** The scheduler's own account of a pass in DescribeServices `events[]`, as ECS words it. */
function reportPass(world: World, service: SimService, started: SimTask[], stopped: SimTask[]): void {
  const ids = (tasks: SimTask[]) => tasks.map((t) => `(task ${t.id})`).join(' ');
  if (started.length > 0) serviceMessage(world, service, `has started ${started.length} tasks: ${ids(started)}.`);
  if (stopped.length > 0) {
    serviceMessage(world, service, `has stopped ${stopped.length} running tasks: ${ids(stopped)}.`);
  }
  // A pass that acted leaves the steady state; ECS reports "has reached a steady state" again once settled.
  if (started.length + stopped.length > 0 && service.steady) {
    service.steady = false;
    service.steadyTimer += 1;
  }
}

/** Schedules a scheduler pass for the service (coalesced: the earliest pending pass wins). */
export function touch(world: World, service: SimService, delayMs?: number): void {
  const at = world.now + (delayMs ?? world.seconds(1, 3));
  if (service.reconcileAt !== undefined && service.reconcileAt >= world.now && service.reconcileAt <= at) return;
  service.reconcileAt = at;
  world.at(at, () => {
    if (service.reconcileAt !== at) return;
    service.reconcileAt = undefined;
    reconcile(world, service);
  });
}

const needsReplacement = (task: SimTask) => task.instance?.status === 'DRAINING' || task.unhealthySince !== undefined;
const isHealthy = (task: SimTask, now: number) => task.healthyAt !== undefined && task.healthyAt <= now;

function stopOrder(a: SimTask, b: SimTask): number {
  const rank = (t: SimTask) => (t.lastStatus !== 'RUNNING' ? 0 : t.healthyAt === undefined ? 1 : 2);
  return rank(a) - rank(b) || b.createdAt - a.createdAt;
}

/**
 * One service-scheduler pass (replica strategy, minimum healthy 100 %, maximum 200 %): start what is missing,
 * stop what is surplus (old deployments once the new one is healthy, scale-in, draining and unhealthy tasks
 * once replaced), then finish deployments and report steady state.
 */
export function reconcile(world: World, service: SimService): void {
  const primary = service.deployments[0] as SimDeployment;
  const desired = service.desired;
  const active = [...service.tasks].filter((t) => t.desiredStatus === 'RUNNING');
  const counted = active.filter((t) => !needsReplacement(t));
  const mine = counted.filter((t) => t.deployment === primary);
  const others = counted.filter((t) => t.deployment !== primary);

  const started: SimTask[] = [];
  const stopped: SimTask[] = [];
  if (!primary.launchesNothing) {
    const toStart = Math.min(desired - mine.length, 2 * desired - active.length);
    if (toStart > 0) {
      if (world.now < service.throttle.nextStartAt) touch(world, service, service.throttle.nextStartAt - world.now);
      else
        for (let i = 0; i < toStart; i += 1) {
          const task = startTask(world, service, primary);
          if (!task) break;
          started.push(task);
        }
    }
  }

  const reason = `Scaling activity initiated by (deployment ${primary.id})`;
  const stop = (tasks: SimTask[], count: number, cause: StopCause) => {
    for (const task of tasks.filter(isLive).sort(stopOrder).slice(0, Math.max(0, count))) {
      requestStop(world, task, { stopCode: 'ServiceSchedulerInitiated', reason, cause });
      stopped.push(task);
    }
  };
  if (mine.length > desired) stop(mine, mine.length - desired, 'scale-in');
  const healthyMine = mine.filter((t) => isHealthy(t, world.now)).length;
  const keepOld = Math.max(0, desired - healthyMine);
  if (others.length > keepOld) {
    stop(
      others,
      others.length - keepOld,
      primary.rollbackOf ? 'rollback' : primary.rolloutState === 'COMPLETED' ? 'scale-in' : 'deployment',
    );
  }

  const healthyAll = counted.filter((t) => isHealthy(t, world.now)).length;
  for (const task of active.filter(needsReplacement)) {
    if (!isLive(task)) continue;
    if (task.unhealthySince !== undefined) {
      if (healthyAll >= desired || world.now - task.unhealthySince >= UNHEALTHY_STOP_AFTER_MS) {
        requestStop(world, task, {
          stopCode: 'ServiceSchedulerInitiated',
          reason: service.targetGroupArn
            ? `Task failed ELB health checks in (target-group ${service.targetGroupArn})`
            : 'Task failed container health checks',
          cause: 'health-check',
        });
        stopped.push(task);
      } else touch(world, service, task.unhealthySince + UNHEALTHY_STOP_AFTER_MS - world.now);
    } else if (healthyAll >= desired && task.instance?.agentConnected) {
      requestStop(world, task, {
        stopCode: 'ServiceSchedulerInitiated',
        reason: `Service ${service.name}: container instance ${task.instance.id} is in DRAINING state`,
        cause: 'draining',
      });
      stopped.push(task);
    }
  }

  reportPass(world, service, started, stopped);
  finishDeployment(world, service, primary, mine, others);
  updateSteady(world, service, primary);
}

function finishDeployment(
  world: World,
  service: SimService,
  primary: SimDeployment,
  mine: SimTask[],
  others: SimTask[],
): void {
  if (primary.rolloutState !== 'IN_PROGRESS') return;
  const healthyMine = mine.filter((t) => isHealthy(t, world.now)).length;
  const oldLeft = [...service.tasks].some((t) => t.deployment !== primary && t.desiredStatus === 'RUNNING');
  if (healthyMine < service.desired || mine.length !== service.desired || others.length > 0 || oldLeft) return;
  if (primary.outcome === 'hook-fails' && !primary.rollbackOf) {
    if (!primary.hookStarted) runFailingHook(world, service, primary);
    return;
  }
  if (primary.outcome === 'hook-waits' && !primary.rollbackOf && !primary.hookApproved) {
    // A pause hook waits for ContinueServiceDeployment; the deployment stays IN_PROGRESS meanwhile.
    if (!primary.hookStarted) awaitPauseHook(world, service, primary);
    return;
  }
  if (service.spec.alarms && !primary.rollbackOf) {
    if (primary.bakeUntil === undefined) {
      primary.bakeUntil = world.now + BAKE_MS;
      world.at(primary.bakeUntil, () => touch(world, service, 0));
      if (primary.outcome === 'alarm') {
        world.after(world.seconds(60, 240), () => {
          if (primary.rolloutState === 'IN_PROGRESS') alarmFired(world, service, primary);
        });
      }
      return;
    }
    if (world.now < primary.bakeUntil) return;
  }
  primary.rolloutState = 'COMPLETED';
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
  primary.updatedAt = world.now;
  service.deployments = [primary];
  emitDeployment(world, service, primary, 'SERVICE_DEPLOYMENT_COMPLETED', primary.rolloutStateReason);
  recordDeployment(world, service, primary);
}

function updateSteady(world: World, service: SimService, primary: SimDeployment): void {
  const active = [...service.tasks].filter((t) => t.desiredStatus === 'RUNNING');
  const settled =
    primary.rolloutState === 'COMPLETED' &&
    active.length === service.desired &&
    active.every((t) => t.lastStatus === 'RUNNING' && isHealthy(t, world.now) && !needsReplacement(t));
  if (settled && !service.steady) {
    service.steady = true;
    emitServiceAction(world, service, 'SERVICE_STEADY_STATE');
    serviceMessage(world, service, 'has reached a steady state.');
    scheduleSteadyRepeat(world, service, world.now);
  } else if (!settled && service.steady) {
    service.steady = false;
    service.steadyTimer += 1;
  }
}

function recordDeployment(world: World, service: SimService, deployment: SimDeployment): void {
  world.record({
    kind: 'deployment',
    at: world.now,
    cluster: service.cluster.name,
    service: service.name,
    deploymentId: deployment.id,
    state: deployment.rolloutState,
    rollback: deployment.rollbackOf !== undefined,
    outcome: deployment.outcome,
  });
}

/** UpdateService with a new task-definition revision: a rolling deployment with the given outcome. */
export function deploy(world: World, service: SimService, outcome: SimDeployment['outcome']): SimDeployment {
  const current = service.deployments[0] as SimDeployment;
  const deployment = newDeployment(world, nextRevision(world, current.def), outcome);
  startDeployment(world, service, deployment, `ECS deployment ${deployment.id} in progress.`);
  return deployment;
}

/**
 * Someone approves the service's waiting pause hook (ContinueServiceDeployment with action CONTINUE): the hook
 * succeeds and the deployment goes on to complete. Nothing happens if no pause hook is waiting (ECS refuses
 * the call unless the hook is AWAITING_ACTION and the deployment IN_PROGRESS: ECS developer guide, pause hooks).
 */
export function approveHook(world: World, service: SimService): void {
  const primary = service.deployments[0];
  if (!primary?.pauseHookId || primary.hookApproved || primary.rolloutState !== 'IN_PROGRESS') return;
  primary.hookApproved = true;
  emitHook(world, service, primary, primary.pauseHookId, 'HOOK_SUCCEEDED', 'POST_TEST_TRAFFIC_SHIFT', 'PAUSE');
  touch(world, service);
}

function startDeployment(world: World, service: SimService, deployment: SimDeployment, reason: string): void {
  for (const old of service.deployments) {
    old.status = 'ACTIVE';
    old.updatedAt = world.now;
  }
  service.deployments = [
    deployment,
    ...service.deployments.filter((d) => [...service.tasks].some((t) => t.deployment === d)),
  ];
  service.throttle = { failures: 0, nextStartAt: 0 };
  deployment.rolloutStateReason = reason;
  emitDeployment(world, service, deployment, 'SERVICE_DEPLOYMENT_IN_PROGRESS', reason);
  recordDeployment(world, service, deployment);
  touch(world, service);
}

function failDeployment(
  world: World,
  service: SimService,
  deployment: SimDeployment,
  reason: string,
  rollback: boolean,
  rollbackReason: (to: string) => string,
): void {
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = reason;
  deployment.updatedAt = world.now;
  emitDeployment(world, service, deployment, 'SERVICE_DEPLOYMENT_FAILED', reason);
  recordDeployment(world, service, deployment);
  const target = service.deployments.find((d) => d !== deployment && d.rolloutState !== 'FAILED');
  if (!rollback || !target) {
    if (deployment.outcome !== 'alarm') deployment.launchesNothing = true;
    touch(world, service);
    return;
  }
  const rollbackDeployment = newDeployment(world, target.def, 'good');
  rollbackDeployment.rollbackOf = target.id;
  for (const task of service.tasks) if (task.deployment === target) task.deployment = rollbackDeployment;
  service.deployments = service.deployments.filter((d) => d !== target);
  startDeployment(world, service, rollbackDeployment, rollbackReason(target.id));
}

/**
 * The deployment's Lambda hook at POST_TEST_TRAFFIC_SHIFT runs (re-invoked while IN_PROGRESS) and then fails: ECS
 * rolls back to the previous revision. No SERVICE_DEPLOYMENT_FAILED: the docs list it only with the circuit
 * breaker or alarms on, and whether a hook rollback sends it is not documented. The rollback runs its own
 * traffic-shift hook, which succeeds.
 */
function runFailingHook(world: World, service: SimService, deployment: SimDeployment): void {
  deployment.hookStarted = true;
  const id = hookId(world);
  emitHook(world, service, deployment, id, 'HOOK_IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT');
  world.after(world.seconds(30, 90), () => {
    if (deployment.rolloutState !== 'IN_PROGRESS') return;
    emitHook(world, service, deployment, id, 'HOOK_FAILED', 'POST_TEST_TRAFFIC_SHIFT');
    deployment.rolloutState = 'FAILED';
    deployment.rolloutStateReason = `ECS deployment ${deployment.id} rolled back: lifecycle hook ${id} failed.`;
    deployment.updatedAt = world.now;
    recordDeployment(world, service, deployment);
    const target = service.deployments.find((d) => d !== deployment && d.rolloutState !== 'FAILED');
    if (!target) return;
    const rollback = newDeployment(world, target.def, 'good');
    rollback.rollbackOf = target.id;
    for (const task of service.tasks) if (task.deployment === target) task.deployment = rollback;
    service.deployments = service.deployments.filter((d) => d !== target);
    startDeployment(
      world,
      service,
      rollback,
      `ECS deployment lifecycle hook failed: rolling back to deploymentId ${target.id}.`,
    );
    world.after(world.seconds(5, 20), () => {
      const rollbackHook = hookId(world);
      emitHook(world, service, rollback, rollbackHook, 'HOOK_SUCCEEDED', 'PRODUCTION_TRAFFIC_SHIFT');
    });
  });
}

function alarmFired(world: World, service: SimService, deployment: SimDeployment): void {
  const alarm = `${service.name}-5xx`;
  failDeployment(
    world,
    service,
    deployment,
    `ECS deployment failed: alarm ${alarm} is in ALARM state.`,
    service.spec.alarms?.rollback ?? false,
    (to) => `ECS deployment alarm ${alarm} in ALARM state: rolling back to deploymentId ${to}.`,
  );
}

function countFailure(world: World, service: SimService, task: SimTask): void {
  if (counted.has(task) || !task.stopCause || !FAILURE_CAUSES.has(task.stopCause)) return;
  counted.add(task);
  const neverRan = task.startedAt === undefined;
  if (neverRan) {
    service.throttle.failures += 1;
    const minutes = BACKOFF_MIN[Math.min(service.throttle.failures, BACKOFF_MIN.length) - 1] ?? 27;
    service.throttle.nextStartAt = world.now + minutes * 60_000;
    const impairedAt = service.throttle.impairedAt;
    if (service.throttle.failures >= 2 && (impairedAt === undefined || world.now - impairedAt >= SIX_HOURS)) {
      service.throttle.impairedAt = world.now;
      emitServiceAction(world, service, 'SERVICE_TASK_START_IMPAIRED');
      serviceMessage(world, service, 'is unable to consistently start tasks successfully.');
    }
  }
  const deployment = task.deployment;
  if (deployment?.rolloutState !== 'IN_PROGRESS' || task.healthyAt !== undefined) return;
  deployment.failedTasks += 1;
  deployment.consecutiveFailures += 1;
  if (
    service.spec.circuitBreaker &&
    !deployment.rollbackOf &&
    deployment.consecutiveFailures >= breakerThreshold(service.desired)
  ) {
    failDeployment(
      world,
      service,
      deployment,
      neverRan
        ? 'ECS deployment circuit breaker: task failed to start.'
        : 'ECS deployment circuit breaker: tasks failed to start.',
      service.spec.circuitBreaker.rollback,
      (to) => `ECS deployment circuit breaker: rolling back to deploymentId ${to}.`,
    );
  }
}

/** The scheduler's reaction to a task change of one of its services. */
export function onServiceTask(world: World, service: SimService, task: SimTask, change: string): void {
  if (change === 'running') {
    service.throttle.failures = 0;
    service.throttle.nextStartAt = 0;
    if (service.healthFailUntil !== undefined && world.now < service.healthFailUntil) {
      world.after(world.seconds(20, 35), () => markUnhealthy(world, task));
    }
  }
  if (change === 'healthy' && task.deployment) task.deployment.consecutiveFailures = 0;
  if (change === 'stopping' || change === 'stopped') countFailure(world, service, task);
  touch(world, service);
}

/** `crash-loop`: every task of the service exits with `exitCode` until `until`; new ones crash after starting. */
export function startCrashLoop(world: World, service: SimService, until: number, exitCode: number): void {
  service.crashLoop = { until, exitCode };
  for (const task of service.tasks) {
    if (isLive(task) && task.lastStatus === 'RUNNING') {
      world.after(world.seconds(0, 40), () => essentialExit(world, task, exitCode, false, 'crash-loop'));
    }
  }
}

/** `health-check-fail`: running tasks turn unhealthy within a minute, and so do new ones, until `until`. */
export function startHealthFailures(world: World, service: SimService, until: number): void {
  service.healthFailUntil = until;
  for (const task of service.tasks) {
    if (isLive(task) && task.lastStatus === 'RUNNING')
      world.after(world.seconds(5, 60), () => markUnhealthy(world, task));
  }
}

/** Changes the desired count (UpdateService); the scheduler scales out or in. */
export function scale(world: World, service: SimService, desired: number): void {
  service.desired = Math.max(0, desired);
  // UpdateService with a new desired count updates the primary deployment (its desiredCount and updatedAt).
  const primary = service.deployments[0];
  if (primary) primary.updatedAt = world.now;
  touch(world, service);
}
