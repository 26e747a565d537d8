import { resourceIdFromArn } from '../arn.js';
import type { Category } from '../classify/types.js';
import type { Incident, Transition } from '../incidents/types.js';
import { oneLine } from './text.js';

/** Short human name of each category, used in titles and message fields. */
export const CATEGORY_LABELS: Record<Category, string> = {
  'task-transition': 'Task state change',
  oom: 'Out of memory',
  'app-exit': 'Container exited',
  'image-pull': 'Image pull failed',
  'start-failure': 'Task failed to start',
  'health-check': 'Health check failed',
  'spot-interruption': 'Spot interruption',
  'instance-loss': 'Host instance lost',
  maintenance: 'Infrastructure maintenance',
  'normal-stop': 'Task stopped',
  'instance-connected': 'Agent reconnected',
  'instance-disconnected': 'Agent disconnected',
  'instance-draining': 'Instance draining',
  'instance-deregistered': 'Instance deregistered',
  'deployment-started': 'Deployment started',
  'deployment-rollback': 'Deployment rolling back',
  'deployment-completed': 'Deployment completed',
  'deployment-failed': 'Deployment failed',
  'service-steady': 'Service steady',
  'placement-failure': 'Tasks cannot be placed',
  'start-impaired': 'Tasks failing to start',
  'discovery-unhealthy': 'Service discovery unhealthy',
  'service-error': 'Service error',
  'service-warning': 'Service warning',
  'service-health-unknown': 'Task health unknown',
  'instance-unreachable': 'Instance unreachable',
  'instance-impaired': 'Instance impaired',
  'managed-instance-impaired': 'Managed instance impaired',
  'instance-healthy': 'Instance healthy',
  'instance-health-unknown': 'Instance health unknown',
  'hook-failed': 'Lifecycle hook failed',
  'hook-timed-out': 'Lifecycle hook timed out',
  'hook-awaiting-action': 'Lifecycle hook waiting',
  'hook-succeeded': 'Lifecycle hook succeeded',
  'daemon-rollout-failed': 'Daemon rollback failed',
  'daemon-rollback': 'Daemon rollout rolled back',
  'daemon-start-impaired': 'Daemon task cannot start',
  'daemon-deployed': 'Daemon rollout completed',
  'daemon-deployment': 'Daemon rollout',
  'service-info': 'Service event',
  unsupported: 'Unsupported event',
  invalid: 'Invalid event',
};

/** Human name of each transition. */
export const TRANSITION_LABELS: Record<Transition, string> = {
  opened: 'Opened',
  escalated: 'Escalated',
  repeated: 'Still open',
  resolved: 'Resolved',
};

/** Meaning of the container exit codes people meet on ECS (shell and Docker conventions). */
const EXIT_CODE_MEANINGS: Record<number, string> = {
  0: 'success',
  1: 'generic application error',
  2: 'misuse of a shell builtin or an application-specific error',
  125: 'the container runtime failed to run it',
  126: 'the command is not executable',
  127: 'the command was not found',
  130: 'interrupted, SIGINT',
  134: 'aborted, SIGABRT',
  137: 'killed, SIGKILL',
  139: 'segmentation fault, SIGSEGV',
  143: 'terminated, SIGTERM',
  255: 'exit status out of range',
};

/** `exit 1, generic application error`; signals above 128 are named even when not listed. */
export function describeExitCode(exitCode: number): string {
  const meaning = EXIT_CODE_MEANINGS[exitCode] ?? (exitCode > 128 && exitCode < 160 ? `signal ${exitCode - 128}` : '');
  return meaning ? `exit ${exitCode}, ${meaning}` : `exit ${exitCode}`;
}

/**
 * The instance an incident is about, as people know it: the EC2 id (from the facts, or from a
 * "Host EC2 (instance i-…)" reason), else the container instance id; undefined if there is none.
 */
export function instanceLabel(incident: Incident): string | undefined {
  const facts = incident.lastFacts;
  const fromReason = /\b(i-[0-9a-f]{8,17})\b/.exec(facts.reason ?? facts.stoppedReason ?? '')?.[1];
  const containerInstance =
    facts.containerInstanceArn ?? (incident.subject.kind === 'instance' ? incident.subject.name : '');
  const id = facts.ec2InstanceId ?? fromReason ?? (containerInstance ? resourceIdFromArn(containerInstance) : '');
  return id ? oneLine(id) : undefined;
}
