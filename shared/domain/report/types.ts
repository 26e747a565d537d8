/** Health of a service, a cluster or the fleet. */
export type HealthStatus = 'HEALTHY' | 'DEGRADED' | 'CRITICAL';

/** A cluster (or the whole report) whose state could not be read is UNKNOWN. */
export type ClusterStatus = HealthStatus | 'UNKNOWN';

/** How much one reason weighs: `info` is shown but leaves the status HEALTHY. */
export type Impact = 'info' | 'degraded' | 'critical';

/** Machine-readable id of a reason; the text is for people. */
export type ReasonCode =
  | 'no-running-tasks'
  | 'below-desired'
  | 'deployment-in-progress'
  | 'deployment-stuck'
  | 'deployment-failed'
  | 'task-failures'
  | 'deployment-failures'
  | 'open-incident'
  | 'agent-disconnected'
  | 'instances-draining'
  | 'instances-lost'
  | 'high-reservation'
  | 'standalone-failures'
  | 'cluster-unreadable';

/** Why a service or cluster has its status. `value` is the number behind the text (ms or a count). */
export interface Reason {
  code: ReasonCode;
  impact: Impact;
  text: string;
  value?: number;
}

/** An open incident as the report shows it; the optional times make its timeline. */
export interface IncidentSummary {
  key: string;
  category: string;
  severity: string;
  openedAt: string;
  totalFailures: number;
  lastEventAt?: string;
  escalatedAt?: string;
  lastAlertAt?: string;
  lastTransition?: string;
  /** Times of the latest failures (bounded), oldest first. */
  recentFailures?: string[];
  /** Lines added by remediation and inhibition. */
  notes?: string[];
}

/** A service's task failures per bucket of the window, oldest first: its sparkline. */
export interface FailureSeries {
  start: string;
  bucketMs: number;
  counts: number[];
}

/** Failure counts by category. */
export interface FailureSummary {
  total: number;
  byCategory: Record<string, number>;
}

/** How long a service has been below its desired count, and what the estimate rests on. */
export interface BelowDesired {
  since: string;
  forMs: number;
  /** True when the real start is earlier than `since` (only a lower bound is known). */
  atLeast: boolean;
  basis:
    | 'event-after-steady-state'
    | 'steady-state-event'
    | 'deployment-updated'
    | 'oldest-event'
    | 'deployment-created'
    | 'service-created';
  /** Below desired for at least the policy's `stuckAfterMs`. */
  stuck: boolean;
}

/** The primary deployment as the report shows it. */
export interface DeploymentSummary {
  id: string;
  rolloutState?: string;
  rolloutStateReason?: string;
  startedAt?: string;
  /** Set while the rollout is IN_PROGRESS. */
  inProgressForMs?: number;
  stuck: boolean;
  failedTasks: number;
  /** True when an older deployment failed and ECS is rolling back to a previous one. */
  rollingBack: boolean;
  circuitBreaker?: { enabled: boolean; rollback: boolean };
}

/** One service in the report. */
export interface ServiceReport {
  name: string;
  arn?: string;
  status: HealthStatus;
  reasons: Reason[];
  desired: number;
  running: number;
  pending: number;
  belowDesired?: BelowDesired;
  deployment?: DeploymentSummary;
  failures: FailureSummary;
  deploymentFailures: number;
  openIncidents: IncidentSummary[];
  /** Set when the metrics were read as series and the service had failures in the window. */
  failureSeries?: FailureSeries;
}

/** A container instance named in the report (disconnected or draining). */
export interface InstanceRef {
  arn: string;
  id: string;
  ec2InstanceId?: string;
  disconnectedSince?: string;
  disconnectedForMs?: number;
}

/** Container instances of a cluster: counts (ACTIVE + DRAINING are registered) and the ones worth naming. */
export interface InstanceSummary {
  registered: number;
  connected: number;
  disconnected: number;
  draining: number;
  /** Reserved share of the registered CPU / memory of ACTIVE instances; null without instances. */
  cpuReservedPct: number | null;
  memoryReservedPct: number | null;
  disconnectedInstances: InstanceRef[];
  drainingInstances: InstanceRef[];
}

/** Standalone (non-service) tasks of a cluster. */
export interface StandaloneSummary {
  /** Cluster RUNNING tasks minus the services' running counts; null when not every service was read. */
  running: number | null;
  failures: StandaloneFailures[];
}

/** A standalone task family's failures in the window, with their series when the metrics were read as series. */
export interface StandaloneFailures extends FailureSummary {
  family: string;
  failureSeries?: FailureSeries;
}

/** One cluster in the report. */
export interface ClusterReport {
  /** The cluster name; `account/region/name` when the report covers several accounts or Regions. */
  name: string;
  account?: string;
  region?: string;
  arn?: string;
  status: ClusterStatus;
  reasons: Reason[];
  error?: string;
  instances: InstanceSummary;
  services: ServiceReport[];
  standalone: StandaloneSummary;
  lostInstances: number;
  /** Open incidents of the cluster not shown under a service (instances, families). */
  openIncidents: IncidentSummary[];
}

/** One ranked problem: the reason, and where it is. */
export interface Problem {
  rank: number;
  impact: 'critical' | 'degraded';
  cluster: string;
  service?: string;
  code: ReasonCode;
  text: string;
}

/** Numbers of the whole report. */
export interface ReportCounts {
  clusters: Record<ClusterStatus, number>;
  services: Record<HealthStatus, number>;
  instances: { registered: number; connected: number; disconnected: number; draining: number };
  tasks: { desired: number; running: number; pending: number; standalone: number };
  failures: FailureSummary;
  openIncidents: number;
}

/** The health report (JSON schema version 1; fields are only ever added within a version). */
export interface HealthReport {
  schemaVersion: 1;
  generatedAt: string;
  window: { label: string; ms: number; start: string; end: string };
  status: ClusterStatus;
  counts: ReportCounts;
  topProblems: Problem[];
  clusters: ClusterReport[];
  /** Caveats: unreadable metrics, services not found, empty scope. */
  notes: string[];
  /** The stored HTML page of this report and until when its presigned link works (digest with a page bucket). */
  page?: { url: string; expiresAt: string };
}
