import { buildAlert } from '../../../../shared/domain/alerts/build.js';
import type { Alert } from '../../../../shared/domain/alerts/types.js';
import type { Category, Facts, Severity } from '../../../../shared/domain/classify/types.js';
import type { Incident, IncidentGroup, Transition } from '../../../../shared/domain/incidents/types.js';

/** Fixed ids used across alert tests. */
export const IDS = {
  account: '123456789012',
  region: 'eu-west-1',
  cluster: 'prod',
  service: 'orders-api',
  taskId: '0123456789abcdef0123456789abcdef',
  taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef',
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:42',
  containerInstanceArn: 'arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/5f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ec2InstanceId: 'i-0abc1234def567890',
} as const;

/** Categories that open alerting incidents at default severities, with the group they feed. */
export const ALERTING: [Category, IncidentGroup][] = [
  ['oom', 'task-failure'],
  ['app-exit', 'task-failure'],
  ['image-pull', 'task-failure'],
  ['start-failure', 'task-failure'],
  ['health-check', 'task-failure'],
  ['instance-loss', 'instance-lost'],
  ['instance-disconnected', 'instance-lost'],
  ['deployment-rollback', 'deployment'],
  ['deployment-failed', 'deployment'],
  ['placement-failure', 'service-health'],
  ['start-impaired', 'service-health'],
  ['discovery-unhealthy', 'service-health'],
];

/** Every transition. */
export const TRANSITIONS: Transition[] = ['opened', 'escalated', 'repeated', 'resolved'];

/** Realistic facts of the latest event for a category. */
export function factsFor(category: Category): Facts {
  const base: Facts = { account: IDS.account, region: IDS.region, time: '2026-08-20T09:30:00Z', cluster: IDS.cluster };
  const task: Facts = {
    ...base,
    service: IDS.service,
    taskArn: IDS.taskArn,
    taskDefinitionArn: IDS.taskDefinitionArn,
    family: 'orders-api',
    container: 'web',
  };
  const byCategory: Partial<Record<Category, Facts>> = {
    oom: { ...task, exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
    'app-exit': {
      ...task,
      exitCode: 1,
      stopCode: 'EssentialContainerExited',
      reason: 'Essential container in task exited',
    },
    'image-pull': {
      ...task,
      stopCode: 'TaskFailedToStart',
      reason:
        'CannotPullContainerError: Error response from daemon: manifest for 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:v9 not found: manifest unknown: Requested image not found',
    },
    'start-failure': {
      ...task,
      stopCode: 'TaskFailedToStart',
      reason:
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm',
    },
    'health-check': {
      ...task,
      stopCode: 'ServiceSchedulerInitiated',
      reason:
        'Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders-tg/0123456789abcdef)',
    },
    'instance-loss': {
      ...task,
      containerInstanceArn: IDS.containerInstanceArn,
      reason: `Host EC2 (instance ${IDS.ec2InstanceId}) terminated.`,
    },
    'instance-disconnected': {
      ...base,
      containerInstanceArn: IDS.containerInstanceArn,
      ec2InstanceId: IDS.ec2InstanceId,
    },
    'deployment-rollback': {
      ...base,
      service: IDS.service,
      deploymentId: 'ecs-svc/1234567890123456789',
      reason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/9876543210987654321.',
    },
    'deployment-failed': {
      ...base,
      service: IDS.service,
      deploymentId: 'ecs-svc/1234567890123456789',
      reason: 'ECS deployment circuit breaker: task failed to start.',
    },
    'placement-failure': { ...base, service: IDS.service, reason: 'RESOURCE:FARGATE' },
    'start-impaired': { ...base, service: IDS.service, eventName: 'SERVICE_TASK_START_IMPAIRED' },
    'discovery-unhealthy': { ...base, service: IDS.service, eventName: 'SERVICE_DISCOVERY_INSTANCE_UNHEALTHY' },
  };
  return byCategory[category] ?? task;
}

const GROUPS: Partial<Record<Category, IncidentGroup>> = Object.fromEntries(ALERTING);

/** An open incident for `category` with sensible counts; `overrides` win, `facts` merge into lastFacts. */
export function makeIncident(
  category: Category = 'oom',
  overrides: Partial<Incident> & { facts?: Partial<Facts> } = {},
): Incident {
  const { facts, ...rest } = overrides;
  const group = rest.group ?? GROUPS[category] ?? 'task-failure';
  const subject =
    group === 'instance-lost'
      ? { kind: 'instance' as const, name: IDS.containerInstanceArn }
      : { kind: 'service' as const, name: IDS.service };
  const severity: Severity = category === 'app-exit' || category === 'health-check' ? 'warning' : 'critical';
  return {
    key: `${group}#${IDS.account}#${IDS.region}#${IDS.cluster}#${subject.kind}:${subject.name}`,
    group,
    account: IDS.account,
    region: IDS.region,
    cluster: IDS.cluster,
    subject,
    status: 'open',
    severity,
    category,
    openedAt: '2026-08-20T09:14:00Z',
    lastEventAt: '2026-08-20T09:30:00Z',
    lastAlertAt: '2026-08-20T09:30:05Z',
    lastTransition: 'opened',
    recentFailures: ['2026-08-20T09:12:00Z', '2026-08-20T09:22:00Z', '2026-08-20T09:26:00Z', '2026-08-20T09:30:00Z'],
    totalFailures: 7,
    countsByCategory: { [category]: 7 },
    absorbed: 0,
    lastFacts: { ...factsFor(category), ...facts },
    notes: [],
    rev: 3,
    ...rest,
  };
}

/** The incident as the engine leaves it after `transition` (resolved incidents carry resolvedAt). */
export function incidentAfter(transition: Transition, category: Category = 'oom', overrides: Partial<Incident> = {}) {
  const resolved = transition === 'resolved' ? { status: 'resolved' as const, resolvedAt: '2026-08-20T10:00:00Z' } : {};
  const escalated = transition === 'escalated' ? { escalatedAt: '2026-08-20T09:30:00Z' } : {};
  return makeIncident(category, { lastTransition: transition, ...resolved, ...escalated, ...overrides });
}

/** A built alert for a category and transition (an escalation is a crash loop's), with optional log lines. */
export function makeAlert(
  category: Category = 'oom',
  transition: Transition = 'opened',
  extra: { logLines?: string[]; overrides?: Partial<Incident> & { facts?: Partial<Facts> } } = {},
): Alert {
  const escalated = transition === 'escalated' ? { escalatedAt: '2026-08-20T09:30:00Z' } : {};
  const incident = makeIncident(category, { lastTransition: transition, ...escalated, ...extra.overrides });
  return buildAlert({ incident, transition, logLines: extra.logLines });
}
