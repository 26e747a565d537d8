import type { ClusterSpec, JobSpec, LaunchType, ServiceSpec } from '../types.js';

/** Why a task stopped, in the scorer's words (ground truth, not what ECS says). */
export type StopCause =
  | 'job-success'
  | 'app-exit'
  | 'crash-loop'
  | 'oom'
  | 'image-pull'
  | 'start-failure'
  | 'health-check'
  | 'scale-in'
  | 'deployment'
  | 'rollback'
  | 'user'
  | 'spot'
  | 'draining'
  | 'host-terminated'
  | 'deregistered'
  | 'az-lost';

/** What a task will do once started, decided at creation from the scenario's state. */
export type Fate =
  | { kind: 'run' }
  | { kind: 'finish'; afterMs: number }
  | { kind: 'exit'; afterMs: number; exitCode: number; oom: boolean; cause: StopCause }
  | { kind: 'fail-start'; reason: string; containerReason: string; cause: StopCause }
  | { kind: 'never-healthy' };

/** A container as ECS reports it. */
export interface SimContainer {
  name: string;
  arn: string;
  image: string;
  essential: boolean;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  runtimeId: string;
  healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
}

/** A task definition revision. */
export interface SimTaskDef {
  family: string;
  revision: number;
  arn: string;
  launchType: LaunchType;
  containers: Array<{ name: string; essential: boolean; image: string }>;
  tags: Record<string, string>;
  registeredAt: number;
}

/** A task and everything ECS reports about it. */
export interface SimTask {
  arn: string;
  id: string;
  cluster: SimCluster;
  def: SimTaskDef;
  group: string;
  startedBy?: string;
  launchType: LaunchType;
  capacityProvider?: string;
  instance?: SimInstance;
  az: string;
  eni?: { attachmentId: string; eniId: string; subnetId: string; ip: string; status: string };
  service?: SimService;
  deployment?: SimDeployment;
  job?: SimJob;
  fate: Fate;
  lastStatus: string;
  desiredStatus: 'RUNNING' | 'STOPPED';
  version: number;
  createdAt: number;
  connectivityAt?: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  /** When the service counts it healthy (RUNNING + 40 s without health checks); undefined: not (yet). */
  healthyAt?: number;
  /** Failing its container health check: the scheduler replaces it first, then stops it. */
  unhealthySince?: number;
  stopCode?: string;
  stoppedReason?: string;
  stopCause?: StopCause;
  containers: SimContainer[];
  tags: Record<string, string>;
  overrides?: Record<string, unknown>;
  startedByMonitor: boolean;
  clientToken?: string;
  /** The host is gone (terminated / lost): ECS still shows what it last heard; nothing on it progresses. */
  frozen: boolean;
}

/** An EC2 container instance. */
export interface SimInstance {
  arn: string;
  id: string;
  index: number;
  cluster: SimCluster;
  ec2InstanceId: string;
  az: string;
  cpu: number;
  memory: number;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  statusReason?: string;
  agentConnected: boolean;
  /** The EC2 host runs (false: lost or terminated). */
  hostAlive: boolean;
  terminated: boolean;
  agentChangedAt: number;
  version: number;
  registeredAt: number;
  updatedAt: number;
  deregisteredAt?: number;
  tasks: Set<SimTask>;
  /** The container runtime hangs: tasks placed here fail to start (fleet/health.ts). */
  runtimeHung?: boolean;
  /** Health checks ECS has reported IMPAIRED and not yet OK, by check type. */
  impairedChecks?: Set<string>;
}

/** A service deployment (ecs-svc/…). */
export interface SimDeployment {
  id: string;
  def: SimTaskDef;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  outcome: 'good' | 'image-pull' | 'crash' | 'start-failure' | 'alarm' | 'stuck' | 'hook-fails' | 'hook-waits';
  createdAt: number;
  updatedAt: number;
  failedTasks: number;
  consecutiveFailures: number;
  /** Failed by the circuit breaker without rollback: launches no new tasks. */
  launchesNothing: boolean;
  /** Alarm bake ends (deployments of services with alarms). */
  bakeUntil?: number;
  rollbackOf?: string;
  /** The `service-deployment/…` ARN hook events name (created with its first hook event). */
  serviceDeploymentArn?: string;
  /** A lifecycle hook is running or has run for this deployment. */
  hookStarted?: boolean;
  /** The pause hook waiting for ContinueServiceDeployment (outcome hook-waits), and whether someone approved it. */
  pauseHookId?: string;
  hookApproved?: boolean;
}

/** A service message as DescribeServices returns it. */
export interface ServiceMessage {
  id: string;
  createdAt: number;
  message: string;
}

/** A service and its scheduler state. */
export interface SimService {
  name: string;
  arn: string;
  cluster: SimCluster;
  spec: ServiceSpec;
  desired: number;
  createdAt: number;
  deployments: SimDeployment[];
  tasks: Set<SimTask>;
  messages: ServiceMessage[];
  crashLoop?: { until: number; exitCode: number };
  healthFailUntil?: number;
  /** The target group its tasks register in (spec.loadBalancer), as ELB names it in stop reasons. */
  targetGroupArn?: string;
  /** Tasks that never reach RUNNING: consecutive failures and when the next start is allowed. */
  throttle: { failures: number; nextStartAt: number; impairedAt?: number };
  placementFailedAt?: number;
  steady: boolean;
  steadyTimer: number;
  reconcileAt?: number;
}

/** A scheduled standalone job. */
export interface SimJob {
  spec: JobSpec;
  cluster: SimCluster;
  failWindow?: { until: number; how: 'oom' | 'app-exit' | 'image-pull' };
  /** Faults for the next runs when an oom/app-exit action found no run in flight. */
  pendingFaults: Array<{ exitCode: number; oom: boolean }>;
}

/** A cluster. */
export interface SimCluster {
  name: string;
  arn: string;
  spec: ClusterSpec;
  azs: string[];
  instances: SimInstance[];
  services: Map<string, SimService>;
  jobs: Map<string, SimJob>;
  tasks: Map<string, SimTask>;
  capacityShortUntil?: number;
  lostAzs: Map<string, number>;
  /** RunTask clientToken → original request fingerprint and result. */
  tokens: Map<
    string,
    { fingerprint: string; taskArns: string[]; failures: Array<{ arn?: string; reason: string }>; at: number }
  >;
}
