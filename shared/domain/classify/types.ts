/** Task stops that are not normal churn: failures and interruptions (counted in the TaskFailures metric). */
export const ABNORMAL_STOP_CATEGORIES = [
  'oom',
  'app-exit',
  'image-pull',
  'start-failure',
  'health-check',
  'spot-interruption',
  'instance-loss',
  'maintenance',
] as const;

/** Categories of `ECS Task State Change` and `ECS Container Instance State Change` events (they carry a version). */
export const RESOURCE_CATEGORIES = [
  'task-transition',
  ...ABNORMAL_STOP_CATEGORIES,
  'normal-stop',
  'instance-connected',
  'instance-disconnected',
  'instance-draining',
  'instance-deregistered',
] as const;

/** Every classification outcome, with the exact ids documented in the README. */
export const CATEGORIES = [
  ...RESOURCE_CATEGORIES,
  'deployment-started',
  'deployment-rollback',
  'deployment-completed',
  'deployment-failed',
  'service-steady',
  'placement-failure',
  'start-impaired',
  'discovery-unhealthy',
  'service-error',
  'service-warning',
  'service-health-unknown',
  'instance-unreachable',
  'instance-impaired',
  'managed-instance-impaired',
  'instance-healthy',
  'instance-health-unknown',
  'hook-failed',
  'hook-timed-out',
  'hook-awaiting-action',
  'hook-succeeded',
  'daemon-rollout-failed',
  'daemon-rollback',
  'daemon-start-impaired',
  'daemon-deployed',
  'daemon-deployment',
  'service-info',
  'unsupported',
  'invalid',
] as const;

/** A classification category id. */
export type Category = (typeof CATEGORIES)[number];

/** Severity, ordered none < info < warning < critical. */
export type Severity = 'critical' | 'warning' | 'info' | 'none';

/** Rank of each severity, for comparisons. */
export const SEVERITY_RANK: Record<Severity, number> = { none: 0, info: 1, warning: 2, critical: 3 };

/** The remediation that fits a verdict (whether it runs is decided later, by policy). */
export type Remediation = 'none' | 'replace-task' | 'drain-instance' | 'scheduler-replaces';

/** Normalised facts a verdict carries; names, not ARNs, where a person reads them. */
export interface Facts {
  account: string;
  region: string;
  /** Envelope time (ISO-8601). */
  time: string;
  /** The ARN the event is about (task, container instance or service). */
  resourceArn?: string;
  cluster?: string;
  clusterArn?: string;
  service?: string;
  serviceArn?: string;
  /** Task definition family (`family` of `…:task-definition/family:rev`). */
  family?: string;
  taskArn?: string;
  taskDefinitionArn?: string;
  /** True for a task not started by a service. */
  standalone?: boolean;
  group?: string;
  startedBy?: string;
  launchType?: string;
  capacityProvider?: string;
  containerInstanceArn?: string;
  ec2InstanceId?: string;
  /** The container that explains the verdict (the failing one, not necessarily containers[0]). */
  container?: string;
  /** Image of `container`, when the event names it (shown in image-pull alerts). */
  image?: string;
  exitCode?: number;
  /** The most specific reason text (container reason, else stoppedReason, else event reason). Untrusted. */
  reason?: string;
  stopCode?: string;
  stoppedReason?: string;
  /** When ECS began stopping the task (task events): the time of the failure its later events still report. */
  stoppingAt?: string;
  deploymentId?: string;
  /** ARN of the service deployment (hooks) or daemon deployment the event is about. */
  deploymentArn?: string;
  /** Managed daemon name and ARN (daemon events). */
  daemon?: string;
  daemonArn?: string;
  /** Lifecycle hook execution id and stage (hook events). */
  hookId?: string;
  lifecycleStage?: string;
  /** When a hook awaiting action expires. */
  expiresAt?: string;
  /** The instance health check that explains the verdict (`CONTAINER_RUNTIME`, …) and when its status changed. */
  checkType?: string;
  statusChangedAt?: string;
  eventName?: string;
  lastStatus?: string;
  version?: number;
}

/** The classifier's answer for one event. */
export interface Verdict {
  category: Category;
  severity: Severity;
  /** True when a notification is sent at default settings (severity warning or above). */
  alert: boolean;
  remediation: Remediation;
  /** One human sentence naming cluster, service or family, container, and the cause. */
  summary: string;
  facts: Facts;
  /** Parse error for `invalid`. */
  error?: string;
}

/** Classifier options: configuration may change a category's severity. */
export interface ClassifyOptions {
  severities?: Partial<Record<Category, Severity>>;
}
