import type { ContainerState, TaskEvent } from '../events/types.js';

/** Agent error names for image pulls (ECS agent `dockerapi/errors.go`). */
const IMAGE_PULL_ERRORS = [
  'CannotPullContainerError',
  'CannotPullECRContainerError',
  'CannotPullContainerAuthError',
  'CannotPullImageManifestError',
];

/** Markers of a task that never started: agent error names, secrets, log driver and volume setup. */
const START_FAILURE_MARKERS = [
  'resourceinitializationerror',
  'cannotstartcontainererror',
  'cannotcreatecontainererror',
  'cannotcreatevolumeerror',
  'cannotinspectcontainererror',
  // DockerTimeoutError only while starting: a timeout on the way to `stopped` is part of a stop.
  'could not transition to pulled',
  'could not transition to created',
  'could not transition to started',
  'containernetworkingerror',
  'taskdependencyerror',
  'taskfailedtostart',
  'task failed to start',
  'unable to pull secrets',
  'unable to retrieve secret',
  'fetching secret data',
  'failed to initialize logging driver',
  'failed to validate logger args',
];

const SPOT_STOP_CODES = new Set(['SpotInterruption', 'TerminationNotice']);

/** True when the agent says the kernel OOM-killed the container (whatever the exit code). */
export function isOomReason(reason: string | undefined): boolean {
  return reason?.startsWith('OutOfMemoryError') ?? false;
}

/** True for an image pull error, in any of the agent's variants. */
export function isImagePullReason(reason: string | undefined): boolean {
  if (reason === undefined) return false;
  for (const name of IMAGE_PULL_ERRORS) if (reason.includes(name)) return true;
  return false;
}

/** True for a reason that says the task could not be set up or started. */
export function isStartFailureReason(reason: string | undefined): boolean {
  if (reason === undefined) return false;
  const lower = reason.toLowerCase();
  for (const marker of START_FAILURE_MARKERS) if (lower.includes(marker)) return true;
  return false;
}

/** True when the task stopped or is stopping (desired or last status STOPPED). */
export function isStopping(task: TaskEvent): boolean {
  return task.desiredStatus === 'STOPPED' || task.lastStatus === 'STOPPED';
}

/** ELB, container or other health checks failed and the scheduler killed the task. */
export function isHealthCheckStop(task: TaskEvent): boolean {
  const reason = task.stoppedReason?.toLowerCase() ?? '';
  return reason.startsWith('task failed') && reason.includes('health check');
}

/**
 * Fargate Spot reclaim: current (SpotInterruption) and older (TerminationNotice) stop codes, or the reason.
 * A reason naming the EC2 host wins over the code: TerminationNotice is also seen on `Host EC2 (instance …)
 * terminated.` stops, and those mean a lost host.
 */
export function isSpotInterruption(task: TaskEvent): boolean {
  if (isInstanceLoss(task)) return false;
  if (task.stopCode !== undefined && SPOT_STOP_CODES.has(task.stopCode)) return true;
  return task.stoppedReason?.includes('Your Spot Task was interrupted') ?? false;
}

/** The EC2 host went away, or its instance was force-deregistered with the task on it. */
export function isInstanceLoss(task: TaskEvent): boolean {
  const reason = task.stoppedReason ?? '';
  return reason.startsWith('Host EC2 (instance') || reason.includes('Container instance deregistration forced');
}

/** AWS stopped the task for infrastructure maintenance or retirement. */
export function isMaintenance(task: TaskEvent): boolean {
  if (task.stopCode === 'InfrastructureHealth') return true;
  const reason = task.stoppedReason?.toLowerCase() ?? '';
  return (
    reason.includes('performing maintenance on the underlying infrastructure') ||
    reason.includes('scheduled for retirement') ||
    reason.includes('task retirement')
  );
}

/** A deliberate stop: scale-in or deployment, a user's StopTask, instance draining, or a scheduler stop. */
export function isDeliberateStop(task: TaskEvent): boolean {
  if (task.stopCode === 'UserInitiated' || task.stopCode === 'ServiceSchedulerInitiated') return true;
  const reason = task.stoppedReason ?? '';
  return (
    reason.includes('Scaling activity initiated by') ||
    reason.includes('Task stopped by user') ||
    reason.includes('DRAINING') ||
    // ECS Managed Instances drain on auto-repair and at day 14 (AWS Batch docs, ecs-managed-instances-instance-draining).
    reason.includes('during instance draining')
  );
}

/** An essential container exited, per stop code or (older events) the stoppedReason. */
export function isEssentialExit(task: TaskEvent): boolean {
  return (
    task.stopCode === 'EssentialContainerExited' ||
    (task.stoppedReason?.includes('Essential container in task exited') ?? false)
  );
}

/** Exit codes of a container the agent stopped because another one exited: SIGTERM, or SIGKILL after the stop timeout. */
const STOPPED_BY_AGENT: ReadonlySet<number | undefined> = new Set([143, 137]);

const exitedZero = (container: ContainerState) => container.exitCode === 0;

/** Exit 0, or stopped by the agent (143/137) without an OOM reason. */
const isBenignExit = (container: ContainerState) =>
  container.exitCode === 0 || (STOPPED_BY_AGENT.has(container.exitCode) && !isOomReason(container.reason));

/**
 * The container whose exit 0 stopped the task, when every other container exited 0 or was stopped by the
 * agent afterwards (143/137 without an OOM reason): a run that completed, e.g. a job whose sidecar got
 * SIGTERM. Events don't say which container is essential; an exit 0 can only be the essential exit that
 * stopped the task when no other container has a failure of its own (non-zero other than 137/143, OOM, or
 * no exit code).
 */
export function completedBeforeStop(task: TaskEvent): ContainerState | undefined {
  if (!isEssentialExit(task)) return undefined;
  const completed = task.containers.find(exitedZero);
  if (!completed) return undefined;
  return task.containers.every(isBenignExit) ? completed : undefined;
}

/** Signal exits that usually hit the other containers when one fails, so they rank last. */
export function failureRank(container: ContainerState): number {
  if (container.exitCode === 143) return 2;
  if (container.exitCode === 137) return 1;
  return 0;
}

/**
 * The container that explains a failed task, looked for among all containers (not containers[0]):
 * a non-zero exit other than SIGKILL/SIGTERM first, then 137, then 143.
 */
export function failingContainer(containers: ContainerState[]): ContainerState | undefined {
  let best: ContainerState | undefined;
  for (const container of containers) {
    if (container.exitCode === undefined || container.exitCode === 0) continue;
    if (best === undefined || failureRank(container) < failureRank(best)) best = container;
  }
  return best;
}

const isStoppedWithoutExitCode = (container: ContainerState) =>
  container.exitCode === undefined && container.lastStatus === 'STOPPED';

/** A STOPPED container with no exit code: it never ran or the agent lost it. */
export function containerWithoutExitCode(containers: ContainerState[]): ContainerState | undefined {
  return containers.find(isStoppedWithoutExitCode);
}
