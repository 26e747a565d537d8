import type { ReportPolicy } from '../config.js';
import type { Incident } from '../incidents/types.js';

/** One `events[]` entry of DescribeServices (the scheduler's messages, newest first in AWS). */
export interface ServiceEventSnapshot {
  at: string;
  message: string;
}

/** One deployment of a service as DescribeServices returns it. */
export interface DeploymentSnapshot {
  id: string;
  /** `PRIMARY` (the newest), `ACTIVE` (being replaced) or `INACTIVE`. */
  status: string;
  rolloutState?: string;
  rolloutStateReason?: string;
  desired: number;
  running: number;
  pending: number;
  failedTasks: number;
  createdAt?: string;
  updatedAt?: string;
}

/** One service as read from ECS: only the fields the report shows. */
export interface ServiceSnapshot {
  name: string;
  arn?: string;
  status: string;
  desired: number;
  running: number;
  pending: number;
  createdAt?: string;
  deployments: DeploymentSnapshot[];
  circuitBreaker?: { enabled: boolean; rollback: boolean };
  events: ServiceEventSnapshot[];
}

/** Registered and remaining units of one resource (CPU units, MiB). */
export interface ResourceUnits {
  registered: number;
  remaining: number;
}

/** One container instance as read from ECS. */
export interface InstanceSnapshot {
  arn: string;
  ec2InstanceId?: string;
  /** ACTIVE, DRAINING, REGISTERING, DEREGISTERING, INACTIVE… */
  status: string;
  agentConnected: boolean;
  /** When the agent was last seen to go away (AGENT_CONNECTIVITY health check or the state store). */
  disconnectedSince?: string;
  cpu?: ResourceUnits;
  memory?: ResourceUnits;
  runningTasks: number;
}

/** One cluster as read from ECS; `error` set means it could not be read (the rest is then empty). */
export interface ClusterSnapshot {
  name: string;
  /** The account and Region it was read in (a report across the registry); absent: the default credentials'. */
  account?: string;
  region?: string;
  /** The Cluster dimension of its failure metrics (see metricCluster); absent: its name. */
  metricCluster?: string;
  arn?: string;
  status?: string;
  /** RUNNING tasks of the whole cluster (DescribeClusters). */
  runningTasks?: number;
  pendingTasks?: number;
  services: ServiceSnapshot[];
  /** True when `services` holds every service of the cluster (no service filter), so standalone tasks can be counted. */
  allServices: boolean;
  instances: InstanceSnapshot[];
  error?: string;
}

/** Equal buckets over a window: the first starts at `start`, each lasts `ms`. */
export interface BucketGrid {
  start: string;
  ms: number;
  count: number;
}

/** Failure counts in the window, from the CloudWatch metrics the alerting work records. */
export interface FailureMetrics {
  /** `service` is a service name, or `family:<family>` for standalone tasks; `buckets` follow `FailureMetrics.buckets`. */
  taskFailures: { cluster: string; service: string; category: string; count: number; buckets?: number[] }[];
  lostInstances: { cluster: string; count: number }[];
  deploymentFailures: { cluster: string; service: string; count: number }[];
  /** The grid of the task failures' `buckets`, when the reader returns series. */
  buckets?: BucketGrid;
  /** Set when the metrics could not be read; the report then says so and shows no counts. */
  error?: string;
}

/** Everything read from AWS for one report. */
export interface FleetSnapshot {
  clusters: ClusterSnapshot[];
  metrics?: FailureMetrics;
  /** Requested services found in none of the clusters. */
  servicesNotFound?: string[];
  /** Caveats from reading (e.g. open incidents unavailable), copied to the report's notes. */
  notes?: string[];
}

/** Report thresholds: the configured ones plus the builder's own. */
export interface HealthReportPolicy extends ReportPolicy {
  /** Task failures in the window that make a service DEGRADED. */
  failuresToDegrade: number;
  /** CPU or memory reservation (percent) worth a note. */
  highReservationPct: number;
  /** How many problems `topProblems` keeps. */
  topProblems: number;
}

/** Inputs of the builder besides the snapshot; time is an input, never read from a clock. */
export interface BuildInput {
  now: string;
  windowMs: number;
  incidents: Incident[];
  policy: HealthReportPolicy;
}
