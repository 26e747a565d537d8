import type { ContainerState, TaskEvent } from '../events/types.js';
import type { VerdictDraft } from './draft.js';
import { otherFailuresText } from './failed-containers.js';
import { errorName, exitCodeMeaning, inParentheses, nameText } from './summary-text.js';
import { containerSubject, isStandaloneTask, taskFacts, taskSubject } from './task-facts.js';
import {
  completedBeforeStop,
  containerWithoutExitCode,
  failingContainer,
  isDeliberateStop,
  isEssentialExit,
  isHealthCheckStop,
  isImagePullReason,
  isInstanceLoss,
  isMaintenance,
  isOomReason,
  isSpotInterruption,
  isStartFailureReason,
  isStopping,
} from './task-reasons.js';
import { ABNORMAL_STOP_CATEGORIES, type Category, type Facts, type Remediation } from './types.js';

interface Finding {
  category: Category;
  container?: ContainerState;
}

// Predicates over a container, defined once rather than as a closure per event.
const hasOomReason = (container: ContainerState) => isOomReason(container.reason);
const hasImagePullReason = (container: ContainerState) => isImagePullReason(container.reason);
const hasStartFailureReason = (container: ContainerState) => isStartFailureReason(container.reason);
const isUnhealthy = (container: ContainerState) => container.healthStatus === 'UNHEALTHY';
const hasExitCode = (container: ContainerState) => container.exitCode !== undefined;
const exitedZero = (container: ContainerState) => container.exitCode === 0;

/** The rules in order; the first that matches wins (README "Classification"). */
function findCategory(task: TaskEvent): Finding {
  if (!isStopping(task)) return { category: 'task-transition' };
  const { containers } = task;
  const oom = containers.find(hasOomReason);
  if (oom || isOomReason(task.stoppedReason)) return { category: 'oom', container: oom };
  const pull = containers.find(hasImagePullReason);
  if (pull || isImagePullReason(task.stoppedReason)) {
    // A task-level pull error names no container; with a single container it can only be that one.
    return { category: 'image-pull', container: pull ?? (containers.length === 1 ? containers[0] : undefined) };
  }
  const start = containers.find(hasStartFailureReason);
  if (start || task.stopCode === 'TaskFailedToStart' || isStartFailureReason(task.stoppedReason)) {
    return { category: 'start-failure', container: start };
  }
  if (isHealthCheckStop(task)) {
    return { category: 'health-check', container: containers.find(isUnhealthy) };
  }
  if (isSpotInterruption(task)) return { category: 'spot-interruption' };
  if (isInstanceLoss(task)) return { category: 'instance-loss' };
  if (isMaintenance(task)) return { category: 'maintenance' };
  // Deliberate stops come before exit codes: a scale-in SIGKILL (137) is not a crash.
  if (isDeliberateStop(task)) return { category: 'normal-stop' };
  // Exit 0 first, the agent stopping the sidecars after: a completed job, not a crash (a service still lost a task).
  const completed = completedBeforeStop(task);
  if (completed && isStandaloneTask(task)) return { category: 'normal-stop' };
  if (completed) return { category: 'app-exit', container: completed };
  const failing = failingContainer(containers);
  if (failing) return { category: 'app-exit', container: failing };
  if (isEssentialExit(task)) {
    const silent = containerWithoutExitCode(containers);
    if (silent) return { category: 'app-exit', container: silent };
    // No exit code anywhere (or no container list at all): nothing shows a success, so the outcome is unknown.
    if (!containers.some(hasExitCode)) {
      return { category: 'app-exit', container: containers.length === 1 ? containers[0] : undefined };
    }
    // A service task whose containers all exited 0 still cost the service a task.
    if (!isStandaloneTask(task)) return { category: 'app-exit', container: containers.find(exitedZero) };
  }
  return { category: 'normal-stop' };
}

/** Task stops that are not normal churn (see ABNORMAL_STOP_CATEGORIES). */
export const ABNORMAL_STOPS: ReadonlySet<Category> = new Set<Category>(ABNORMAL_STOP_CATEGORIES);

/** Re-running a standalone task only helps when the cause was outside the task or possibly transient. */
const STANDALONE_REPLACEABLE = new Set<Category>(['spot-interruption', 'instance-loss', 'maintenance', 'app-exit']);

function remediationFor(category: Category, facts: Facts): Remediation {
  if (!ABNORMAL_STOPS.has(category)) return 'none';
  // A job whose exit code is unknown may have finished its work: running it again could do it twice.
  const unknownExit = category === 'app-exit' && facts.exitCode === undefined;
  if (facts.standalone) return STANDALONE_REPLACEABLE.has(category) && !unknownExit ? 'replace-task' : 'none';
  if (category === 'instance-loss' && facts.containerInstanceArn) return 'drain-instance';
  return 'scheduler-replaces';
}

function allExitedZero(task: TaskEvent): boolean {
  return task.containers.length > 0 && task.containers.every(exitedZero);
}

/** `stopped`, or `is being stopped` while the task still runs (desired STOPPED): only what the event shows. */
function stopVerb(task: TaskEvent): string {
  return task.lastStatus === 'STOPPED' ? 'stopped' : 'is being stopped';
}

function exitSummary(task: TaskEvent, facts: Facts): string {
  const others = otherFailuresText(task.containers, facts.container);
  if (facts.exitCode === undefined) {
    const subject = facts.container === undefined ? taskSubject(facts) : containerSubject(facts);
    const listed = task.containers.length === 0 ? 'the event lists no containers' : undefined;
    return `${subject} ${stopVerb(task)}; the exit code is unknown${inParentheses(listed, facts.reason)}.${others}`;
  }
  const lostTask = facts.exitCode === 0 && !facts.standalone ? ' and the service lost a task' : '';
  const details = inParentheses(exitCodeMeaning(facts.exitCode), facts.reason);
  return `${containerSubject(facts)} exited with code ${facts.exitCode}${lostTask}${details}.${others}`;
}

/** The summary sentence of a task verdict (built only when read, see LazyVerdict). */
export function taskSummary(task: TaskEvent, category: Category, facts: Facts): string {
  const subject = taskSubject(facts);
  const stopped = task.stoppedReason ?? task.stopCode;
  switch (category) {
    case 'oom': {
      const exit = facts.exitCode === undefined ? undefined : `exit ${facts.exitCode}`;
      const name = errorName(facts.reason) ?? 'OutOfMemoryError';
      const others = otherFailuresText(task.containers, facts.container);
      return `${containerSubject(facts)} was killed for exceeding its memory limit${inParentheses(name, exit)}.${others}`;
    }
    case 'app-exit':
      return exitSummary(task, facts);
    case 'image-pull': {
      const forContainer = facts.container ? ` for container "${nameText(facts.container)}"` : '';
      return `${subject} could not pull its image${forContainer}${inParentheses(facts.reason)}.`;
    }
    case 'start-failure':
      return `${subject} failed to start${inParentheses(facts.reason ?? stopped)}.`;
    case 'health-check':
      return `${subject} was stopped after failing health checks${inParentheses(task.stoppedReason)}.`;
    case 'spot-interruption':
      return `${subject} was stopped by a Fargate Spot interruption${inParentheses(stopped)}.`;
    case 'instance-loss':
      return `${subject} stopped because its EC2 container instance was lost${inParentheses(stopped)}.`;
    case 'maintenance':
      return `${subject} was stopped for AWS infrastructure maintenance${inParentheses(stopped)}.`;
    case 'task-transition':
      return `${subject} is ${nameText(task.lastStatus)}${inParentheses(task.desiredStatus && `desired ${task.desiredStatus}`)}.`;
    default:
      if (facts.standalone && allExitedZero(task)) return `${subject} finished: every container exited with code 0.`;
      if (stopped === undefined) return `${subject} ${stopVerb(task)}; ECS gave no reason.`;
      if (task.lastStatus !== 'STOPPED') return `${subject} is being stopped${inParentheses(stopped)}.`;
      return `${subject} stopped normally${inParentheses(stopped)}.`;
  }
}

/** Classifies an `ECS Task State Change` event by the rules above. */
export function classifyTask(task: TaskEvent): VerdictDraft {
  const { category, container } = findCategory(task);
  const facts = taskFacts(task, container);
  return { category, remediation: remediationFor(category, facts), facts };
}
