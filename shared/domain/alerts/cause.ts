import type { Category, Facts } from '../classify/types.js';
import { formatDuration } from '../duration.js';
import type { Incident } from '../incidents/types.js';
import { describeExitCode, instanceLabel } from './labels.js';
import { clip, oneLine } from './text.js';

/** ECS caps reasons at 1,024 characters; anything longer is not from ECS and is cut. */
const MAX_REASON = 1024;

type Rule = readonly [RegExp, string];

const PULL_RULES: Rule[] = [
  [/not found|manifest unknown|name unknown|does not exist/i, 'the image or tag does not exist'],
  [/toomanyrequests|rate limit/i, 'the registry rate-limited the pull'],
  [
    /\b40[13]\b|unauthori[sz]ed|access ?denied|authori[sz]ation|no basic auth/i,
    'the registry refused access (check the task execution role or registry credentials)',
  ],
  [/no space left/i, 'the host ran out of disk space'],
  [
    /time(?:d ?)?out|request canceled|dial tcp|connection refused|no such host/i,
    'the registry could not be reached (check NAT, VPC endpoints and security groups)',
  ],
];

const START_RULES: Rule[] = [
  [
    /secret|\bssm\b|\basm\b|registry auth|GetParameters/i,
    "ECS could not fetch the task's secrets or registry credentials (check the execution role and the network path to SSM and Secrets Manager)",
  ],
  [/logger|log driver|logging driver/i, 'the log driver could not start (check the network path to CloudWatch Logs)'],
  [/CannotCreateContainerError/i, 'the container runtime could not create the container'],
  [/CannotStartContainerError/i, 'the container runtime could not start the container'],
  [/\bENI\b|network interface|subnet|IP address/i, 'the task network could not be set up'],
];

const PLACEMENT_RULES: Rule[] = [
  [/RESOURCE:FARGATE/i, 'no Fargate capacity was available'],
  [/RESOURCE:CPU/i, 'no container instance has enough free CPU'],
  [/RESOURCE:MEMORY/i, 'no container instance has enough free memory'],
  [/RESOURCE:PORTS/i, 'no container instance has the required ports free'],
  [/RESOURCE:ENI/i, 'no container instance has a free network interface'],
  [/AGENT/, 'the ECS agent is disconnected on the candidate instances'],
  [/ATTRIBUTE|constraint/i, 'no container instance meets the placement constraints'],
];

const IMAGE_IN_REASON = [
  /repository ([^\s"']+) not found/i,
  /manifest for ([^\s"']+) not found/i,
  /pull access denied for ([^\s,"']+)/i,
  /failed to resolve (?:ref|reference) "?([^\s"']+?)"?(?::\s|$|\s)/i,
];

function diagnose(rules: Rule[], text: string): string | undefined {
  return rules.find(([pattern]) => pattern.test(text))?.[1];
}

function reasonOf(facts: Facts): string {
  return clip(oneLine(facts.reason ?? facts.stoppedReason ?? ''), MAX_REASON);
}

/** ` ECS said: "…"` when there is a reason to quote. */
function quoted(reason: string): string {
  return reason ? ` ECS said: "${reason}"` : '';
}

function container(facts: Facts): string {
  return facts.container ? `The container "${oneLine(facts.container)}"` : 'A container';
}

function imageOf(facts: Facts, reason: string): string | undefined {
  if (facts.image) return oneLine(facts.image);
  for (const pattern of IMAGE_IN_REASON) {
    const match = pattern.exec(reason);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

function instanceOf(incident: Incident): string {
  return instanceLabel(incident) ?? 'an instance';
}

function deployment(facts: Facts): string {
  return facts.deploymentId ? `Deployment ${oneLine(facts.deploymentId)}` : 'The deployment';
}

type CauseWriter = (facts: Facts, reason: string, incident: Incident) => string;

const WRITERS: Record<Category, CauseWriter> = {
  oom: (f, r) =>
    `${container(f)} was killed for exceeding its memory limit${f.exitCode === undefined ? '' : ` (exit ${f.exitCode})`}.${quoted(r)}`,
  'app-exit': (f, r) =>
    f.exitCode === undefined
      ? `${container(f)} stopped without an exit code.${quoted(r)}`
      : `${container(f)} exited with code ${f.exitCode} (${describeExitCode(f.exitCode).replace(/^exit \d+, /, '')}).${quoted(r)}`,
  'image-pull': (f, r) => {
    const image = imageOf(f, r);
    const what = diagnose(PULL_RULES, r) ?? 'the pull failed';
    return `The image${image ? ` ${image}` : ''}${f.container ? ` for container "${oneLine(f.container)}"` : ''} could not be pulled: ${what}.${quoted(r)}`;
  },
  'start-failure': (_f, r) =>
    `The task failed to start: ${diagnose(START_RULES, r) ?? 'ECS could not launch it'}.${quoted(r)}`,
  'health-check': (f, r) => {
    if (/ELB|target-?group|load balancer/i.test(r)) {
      const group = /targetgroup\/([^/\s)]+)/i.exec(r)?.[1];
      return `The task failed its load balancer health checks${group ? ` (target group ${group})` : ''}, so the service scheduler replaced it.`;
    }
    return `${container(f)} reported UNHEALTHY to its container health check, so ECS stopped the task.${quoted(r)}`;
  },
  'spot-interruption': () => 'Fargate Spot reclaimed the capacity and stopped the task after a two-minute notice.',
  'instance-loss': (_f, _r, i) => `The task stopped because its EC2 host ${instanceOf(i)} was stopped or terminated.`,
  maintenance: () => 'ECS stopped the task to perform maintenance on the underlying infrastructure.',
  'normal-stop': (_f, r) => `The task was stopped on purpose (scale-in, deployment or a user request).${quoted(r)}`,
  'instance-connected': (_f, _r, i) => `The ECS agent on ${instanceOf(i)} reconnected.`,
  'instance-disconnected': (_f, _r, i) =>
    `The ECS agent on ${instanceOf(i)} stayed disconnected past the grace period: ECS can neither place tasks there nor see the ones running.`,
  'instance-draining': (_f, _r, i) =>
    `Container instance ${instanceOf(i)} is DRAINING; ECS is moving its service tasks.`,
  'instance-deregistered': (f, _r, i) =>
    `Container instance ${instanceOf(i)} was deregistered from the cluster.${quoted(oneLine(f.reason ?? ''))}`,
  'deployment-started': (f) => `${deployment(f)} started.`,
  'deployment-rollback': (_f, r) => `The deployment circuit breaker is rolling the service back.${quoted(r)}`,
  'deployment-completed': (f) => `${deployment(f)} completed and the service reached steady state.`,
  'deployment-failed': (f, r) => `${deployment(f)} failed.${quoted(r)}`,
  'service-steady': () => 'The service reached steady state.',
  'placement-failure': (_f, r) =>
    `ECS could not place a task: ${diagnose(PLACEMENT_RULES, r) ?? 'see the reason'}.${quoted(r)}`,
  'start-impaired': () =>
    'ECS is unable to consistently start tasks for the service and is backing off between attempts.',
  'discovery-unhealthy': (_f, r) => `A task registered in AWS Cloud Map is reported unhealthy.${quoted(r)}`,
  'service-error': (f, r) =>
    `ECS reported ${oneLine(f.eventName ?? 'an event')}, a name ecs-lookout does not know, as an ERROR.${quoted(r)}`,
  'service-warning': (f, r) =>
    `ECS reported ${oneLine(f.eventName ?? 'an event')}, a name ecs-lookout does not know, as a warning.${quoted(r)}`,
  'service-health-unknown': (_f, r) => `ECS cannot read the health of the service's tasks.${quoted(r)}`,
  'instance-unreachable': (_f, r, i) =>
    `ECS reports the agent on ${instanceOf(i)} disconnected for too long: it can neither place tasks there nor see the ones running.${quoted(r)}`,
  'instance-impaired': (f, r, i) =>
    `Container instance ${instanceOf(i)} failed its ${oneLine(f.checkType ?? 'overall')} health check: its tasks are likely to fail.${quoted(r)}`,
  'managed-instance-impaired': (f, r, i) =>
    `Managed instance ${instanceOf(i)} failed its ${oneLine(f.checkType ?? 'overall')} health check; ECS Managed Instances drain and replace such an instance unless auto-repair is off.${quoted(r)}`,
  'instance-healthy': (_f, _r, i) => `Container instance ${instanceOf(i)} passes its health checks again.`,
  'instance-health-unknown': (_f, _r, i) => `ECS has no health verdict for ${instanceOf(i)} yet.`,
  'hook-failed': (f) =>
    `Lifecycle hook ${oneLine(f.hookId ?? '')} failed${f.lifecycleStage ? ` at ${oneLine(f.lifecycleStage)}` : ''}: ECS rolls the deployment back.`,
  'hook-timed-out': (f) =>
    `Lifecycle hook ${oneLine(f.hookId ?? '')} timed out${f.lifecycleStage ? ` at ${oneLine(f.lifecycleStage)}` : ''}: nobody answered it, or its function stalled.`,
  'hook-awaiting-action': (f, _r, i) =>
    `Lifecycle hook ${oneLine(f.hookId ?? '')} awaiting action${f.lifecycleStage ? ` at ${oneLine(f.lifecycleStage)}` : ''} for ${waited(i)}: the deployment waits for ContinueServiceDeployment${f.expiresAt ? ` until ${oneLine(f.expiresAt)}` : ''}.`,
  'hook-succeeded': (f) => `Lifecycle hook ${oneLine(f.hookId ?? '')} succeeded.`,
  'daemon-rollout-failed': (f) =>
    `Daemon ${oneLine(f.daemon ?? '')} could not roll back a failed rollout: instances may run a mix of revisions.`,
  'daemon-rollback': (f) => `A rollout of daemon ${oneLine(f.daemon ?? '')} failed and is being rolled back.`,
  'daemon-start-impaired': (f, r) => `A task of daemon ${oneLine(f.daemon ?? '')} could not start.${quoted(r)}`,
  'daemon-deployed': (f) => `Daemon ${oneLine(f.daemon ?? '')} completed its rollout.`,
  'daemon-deployment': (f) => `Daemon ${oneLine(f.daemon ?? '')} is rolling out (${oneLine(f.eventName ?? '')}).`,
  'service-info': (f, r) => `Service event ${oneLine(f.eventName ?? 'received')}.${quoted(r)}`,
  'task-transition': (f, r) =>
    `The task changed state${f.lastStatus ? ` to ${oneLine(f.lastStatus)}` : ''}.${quoted(r)}`,
  unsupported: () => 'An event ecs-lookout does not handle.',
  invalid: () => 'A malformed event.',
};

/** How long the hook of an awaiting-hook incident had waited at its last alert (its facts are the wait's event). */
function waited(incident: Incident): string {
  return formatDuration(Date.parse(incident.lastAlertAt) - Date.parse(incident.lastFacts.time));
}

/** The cause of an incident in plain words, from its category and the facts of its latest event. */
export function describeCause(incident: Incident): string {
  const facts = incident.lastFacts;
  return WRITERS[incident.category](facts, reasonOf(facts), incident);
}
