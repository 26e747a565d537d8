/**
 * The contract between the fleet simulator's parts: scenario files (data), the ECS fleet model
 * (`fleet/`), the runner that drives the monitor as deployed (`run/`), and the scorer (`score/`).
 * Times inside a scenario are offsets from its start ("HH:MM" or "HH:MM:SS"); the runner starts
 * every scenario at SIM_EPOCH so runs are reproducible.
 */

/** Virtual start of every scenario (a fixed instant: runs are reproducible byte for byte). */
export const SIM_EPOCH = Date.parse('2026-03-02T08:00:00.000Z');

/** An offset from the scenario start: "HH:MM", "HH:MM:SS" or "D.HH:MM" for runs over a day. */
export type Offset = string;

/** Launch type of a service or job. */
export type LaunchType = 'EC2' | 'FARGATE';

/** A long-running service. */
export interface ServiceSpec {
  name: string;
  desired: number;
  launchType: LaunchType;
  /** Capacity provider, e.g. FARGATE_SPOT (launchType then FARGATE). */
  capacityProvider?: string;
  /** Deployment circuit breaker: enabled with rollback on/off. Absent: no breaker. */
  circuitBreaker?: { rollback: boolean };
  /** CloudWatch-alarm deployment failure: rollback on/off. Absent: no alarms. */
  alarms?: { rollback: boolean };
  /** Names of non-essential sidecar containers (e.g. log router); the app container is `app`. */
  sidecars?: string[];
  /** Resource tags on the service's tasks (propagated from the service). */
  tags?: Record<string, string>;
  /**
   * Behind a load balancer target group: an unhealthy target is killed as `Task failed ELB health checks in
   * (target-group …)`, and every scheduler stop first drains the target (lastStatus DEACTIVATING) for the
   * deregistration delay (default 300 s) before SIGTERM.
   */
  loadBalancer?: { targetGroup: string; deregistrationDelaySeconds?: number };
}

/** A standalone scheduled job (an EventBridge Scheduler / rule RunTask), one task per run. */
export interface JobSpec {
  family: string;
  /** Start every N minutes, first run at `firstAt` (default: N minutes in). */
  everyMinutes: number;
  firstAt?: Offset;
  /** How long a healthy run lasts before its essential container exits 0. */
  runMinutes: number;
  launchType: LaunchType;
  capacityProvider?: string;
  sidecars?: string[];
  /** Tags on the task (e.g. `ecs-lookout:replace: "true"`, cost tags). */
  tags?: Record<string, string>;
}

/** One cluster of the fleet. */
export interface ClusterSpec {
  name: string;
  /** EC2 container instances (registered, agents connected, ACTIVE) spread over `azs`. */
  instances: number;
  /** Availability zones, default ["a", "b", "c"] (suffixes of the region). */
  azs?: string[];
  /** vCPU units per instance (1024 per vCPU); each task uses 256. Default 4096. */
  instanceCpu?: number;
  services: ServiceSpec[];
  jobs?: JobSpec[];
}

/** The fleet at the start of a scenario (everything steady, all tasks RUNNING). */
export interface FleetSpec {
  account?: string;
  region?: string;
  clusters: ClusterSpec[];
  /**
   * Several accounts and Regions, each running the same `clusters` (every organisation has a `prod` in each).
   * Actions and truth then name clusters `account/region/cluster`. The first is the monitor's own.
   */
  accounts?: Array<{ account: string; region: string }>;
  /**
   * Background churn of a healthy fleet: agent reconnect flaps per instance per hour, rolling
   * deployments per service per day, scale-in/out per service per day, user StopTask per day.
   */
  churn?: { agentFlapsPerHour?: number; deploysPerDay?: number; scalesPerDay?: number; userStopsPerDay?: number };
}

/**
 * Something that happens to the fleet at `at` (optionally until `until`). Targets name a cluster and a
 * service, job family or instance index (0-based, in registration order).
 */
export type FleetAction =
  | { at: Offset; do: 'crash-loop'; cluster: string; service: string; until: Offset; exitCode?: number }
  | { at: Offset; do: 'oom'; cluster: string; service?: string; family?: string; count?: number }
  | { at: Offset; do: 'app-exit'; cluster: string; service?: string; family?: string; exitCode: number; count?: number }
  | { at: Offset; do: 'health-check-fail'; cluster: string; service: string; until: Offset }
  | {
      at: Offset;
      do: 'deploy';
      cluster: string;
      service: string;
      /** good: completes; image-pull / crash / start-failure: tasks fail; alarm: an alarm fires during bake; stuck: never reaches steady state; hook-fails: its Lambda lifecycle hook fails once the new tasks are up, and ECS rolls back; hook-waits: its pause hook waits for an approval (an approve-hook action; without one, for the whole run). */
      outcome: 'good' | 'image-pull' | 'crash' | 'start-failure' | 'alarm' | 'stuck' | 'hook-fails' | 'hook-waits';
    }
  | { at: Offset; do: 'scale'; cluster: string; service: string; desired: number }
  /** Someone approves the service's waiting pause hook (a hook-waits deployment): HOOK_SUCCEEDED, then it completes. */
  | { at: Offset; do: 'approve-hook'; cluster: string; service: string }
  | { at: Offset; do: 'user-stop'; cluster: string; service?: string; family?: string }
  | { at: Offset; do: 'agent-flap'; cluster: string; instance: number; seconds?: number }
  | {
      at: Offset;
      do: 'lose-instance';
      cluster: string;
      instance: number;
      until?: Offset;
      /** ECS's AGENT_CONNECTIVITY health check reports the agent IMPAIRED this long after it went (agent ≥ 1.57; absent: no health events). */
      connectivityCheckSeconds?: number;
    }
  /** The container runtime (Docker daemon) on the host hangs: CONTAINER_RUNTIME IMPAIRED, tasks placed there fail to start. */
  | { at: Offset; do: 'runtime-hang'; cluster: string; instance: number; until?: Offset }
  /** A managed daemon rolls out a new revision: it completes (good), or its tasks fail to start and ECS rolls it back. */
  | { at: Offset; do: 'daemon-rollout'; cluster: string; daemon: string; outcome: 'good' | 'rollback' }
  | { at: Offset; do: 'terminate-instance'; cluster: string; instance: number }
  | { at: Offset; do: 'lose-az'; cluster: string; az: string; until?: Offset }
  | { at: Offset; do: 'spot-interrupt'; cluster: string; family?: string; service?: string; count?: number }
  | { at: Offset; do: 'capacity-short'; cluster: string; until: Offset }
  | {
      at: Offset;
      do: 'fail-job-runs';
      cluster: string;
      family: string;
      until: Offset;
      how: 'oom' | 'app-exit' | 'image-pull';
    };

/** Something that happens to the monitor's own surroundings (channels, AWS APIs), handled by the runner. */
export type MonitorFault =
  | { at: Offset; do: 'channel-outage'; channel: 'slack' | 'sns'; status: number; until?: Offset }
  | { at: Offset; do: 'crash-sweep-after-confirm' }
  | { at: Offset; do: 'deny-run-task'; until?: Offset; reason: string };

/** One real problem: what broke, where, and for how long. The scorer pages against these. */
export interface Problem {
  id: string;
  /** Free words for the table, e.g. "crash-loop", "lost-instance", "failed-deployment". */
  kind: string;
  cluster: string;
  /** The resource an incident about it would name. */
  subject: { service: string } | { family: string } | { instance: number } | { daemon: string };
  from: Offset;
  /** When it really ended; absent: it lasts past the scenario's end. */
  until?: Offset;
  /** Default true: at least one page is expected. */
  page?: boolean;
}

/** Remediation the scenario expects the monitor to take (exactly `count`, default 1). */
export interface ExpectedRemediation {
  action: 'run-task' | 'drain-instance' | 'deregister-instance';
  cluster: string;
  family?: string;
  instance?: number;
  count?: number;
  /** Tags every such RunTask must carry (e.g. the opt-in tag and a cost tag kept from the stopped task). */
  tags?: Record<string, string>;
}

/** A scenario file: a fleet, what happens to it, and the ground truth. */
export interface Scenario {
  name: string;
  description: string;
  seed: number;
  /** Length of the run ("HH:MM"). */
  duration: Offset;
  /** LOOKOUT_* settings for the monitor (as environment strings). */
  config?: Record<string, string>;
  /** Delivery: duplicate fraction and delay distribution (seconds); defaults documented in the runner. */
  delivery?: { duplicateRate?: number; medianDelaySeconds?: number; maxDelaySeconds?: number; outlierRate?: number };
  fleet: FleetSpec;
  actions: FleetAction[];
  faults?: MonitorFault[];
  truth: {
    problems: Problem[];
    remediations: ExpectedRemediation[];
    /** Expected totals of the monitor's metrics over the run, summed over dimensions, e.g. `{ "TaskFailures": 5 }`. */
    metrics?: Record<string, number>;
  };
}

/** An ECS event as it leaves ECS: an EventBridge envelope, exactly the shape of test/fixtures/events. */
export interface EcsEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.ecs';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** An ECS API call the monitor made against the simulated fleet, as recorded by it. */
export interface ApiCall {
  at: number;
  command: string;
  input: Record<string, unknown>;
  /** Error name when the call failed (ThrottlingException, AccessDeniedException, …). */
  error?: string;
  /** RunTask: ARNs of tasks actually started (empty on an idempotent repeat or a failure). */
  started?: string[];
}
