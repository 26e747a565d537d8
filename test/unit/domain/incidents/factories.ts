import type { Category, Facts, Severity, Verdict } from '../../../../shared/domain/classify/types.js';
import {
  type DecideInput,
  type DecideOutput,
  decide,
  stateKeysFor,
} from '../../../../shared/domain/incidents/decide.js';
import { dedupKeyFor, dedupKeyText } from '../../../../shared/domain/incidents/dedup.js';
import { clearOutbox } from '../../../../shared/domain/incidents/outbox.js';
import type { Silence } from '../../../../shared/domain/incidents/silences.js';
import { type SweepOutput, sweep } from '../../../../shared/domain/incidents/sweep.js';
import type {
  DeploymentRecord,
  Incident,
  IncidentPolicy,
  PendingDisconnect,
} from '../../../../shared/domain/incidents/types.js';
import { DEFAULT_INCIDENT_POLICY } from '../../../../shared/domain/incidents/types.js';

/** Test clock origin; `at(m)` is m minutes later. */
export const T0 = Date.parse('2026-03-02T10:00:00.000Z');
/** ISO time `minutes` after T0. */
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/** Account of every test event. */
export const ACCOUNT = '123456789012';
/** Region of every test event. */
export const REGION = 'us-east-1';
/** Cluster name of every test event. */
export const CLUSTER = 'prod';
/** Cluster ARN of every test event. */
export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;
/** The one service the tests follow. */
export const SERVICE = 'orders-api';
/** Its ARN (long form). */
export const SERVICE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${SERVICE}`;
/** Default incident policy. */
export const POLICY: IncidentPolicy = DEFAULT_INCIDENT_POLICY;

/** Task ARN (long form) of a short id. */
export const taskArn = (id: string): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/${id}`;
/** Container instance ARN (long form) of a short id. */
export const instanceArn = (id: string): string =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/${CLUSTER}/${id}`;

/** Keys the engine builds for the fixtures above. */
export const KEYS = {
  tasks: `${ACCOUNT}/${REGION}/${CLUSTER}/service/${SERVICE}/task-failure`,
  deployment: `${ACCOUNT}/${REGION}/${CLUSTER}/service/${SERVICE}/deployment`,
  health: `${ACCOUNT}/${REGION}/${CLUSTER}/service/${SERVICE}/service-health`,
  family: (family: string) => `${ACCOUNT}/${REGION}/${CLUSTER}/family/${family}/task-failure`,
  instance: (id: string) => `${ACCOUNT}/${REGION}/${CLUSTER}/instance/${id}/instance-lost`,
};

// The classifier's default severities for the categories used here (kept local: it is written in parallel).
const SEVERITY: Partial<Record<Category, Severity>> = {
  oom: 'critical',
  'app-exit': 'warning',
  'image-pull': 'critical',
  'start-failure': 'critical',
  'health-check': 'warning',
  'instance-loss': 'critical',
  'deployment-failed': 'critical',
  'deployment-rollback': 'warning',
  'placement-failure': 'warning',
  'start-impaired': 'critical',
  'discovery-unhealthy': 'warning',
};

/** A verdict with envelope facts filled in; severity from the defaults above unless given. */
export function verdict(category: Category, facts: Partial<Facts> = {}, severity?: Severity): Verdict {
  const chosen = severity ?? SEVERITY[category] ?? 'info';
  return {
    category,
    severity: chosen,
    alert: chosen === 'warning' || chosen === 'critical',
    remediation: 'none',
    summary: `${category} (test)`,
    facts: { account: ACCOUNT, region: REGION, time: at(0), cluster: CLUSTER, clusterArn: CLUSTER_ARN, ...facts },
  };
}

/** A stopped task of the service (`task` id, minute `m`). */
export function serviceTask(category: Category, task: string, m: number, extra: Partial<Facts> = {}): Verdict {
  return verdict(category, {
    time: at(m),
    resourceArn: taskArn(task),
    taskArn: taskArn(task),
    service: SERVICE,
    family: SERVICE,
    standalone: false,
    group: `service:${SERVICE}`,
    startedBy: 'ecs-svc/222',
    exitCode: 1,
    version: 3,
    ...extra,
  });
}

/** A stopped standalone task of `family`. */
export function standaloneTask(category: Category, task: string, m: number, family = 'nightly-batch'): Verdict {
  return verdict(category, {
    time: at(m),
    resourceArn: taskArn(task),
    taskArn: taskArn(task),
    family,
    standalone: true,
    group: `family:${family}`,
    version: 3,
  });
}

/** A container instance event of instance `id`. */
export function instanceEvent(category: Category, id: string, m: number, version = m + 1): Verdict {
  return verdict(category, {
    time: at(m),
    resourceArn: instanceArn(id),
    containerInstanceArn: instanceArn(id),
    ec2InstanceId: `i-0${id}`,
    version,
  });
}

/** A task on instance `id` stopped because its host was terminated. */
export function hostLost(task: string, id: string, m: number): Verdict {
  return serviceTask('instance-loss', task, m, { containerInstanceArn: instanceArn(id) });
}

/** A deployment state change of the service. */
export function deploymentEvent(category: Category, deploymentId: string, m: number): Verdict {
  return verdict(category, {
    time: at(m),
    resourceArn: SERVICE_ARN,
    serviceArn: SERVICE_ARN,
    service: SERVICE,
    deploymentId,
    eventName: category,
  });
}

/** A service action of the service. */
export function serviceAction(category: Category, m: number): Verdict {
  return verdict(category, {
    time: at(m),
    resourceArn: SERVICE_ARN,
    serviceArn: SERVICE_ARN,
    service: SERVICE,
    eventName: category,
  });
}

/** decide() input for one verdict against explicit state. */
export function inputFor(
  v: Verdict,
  state: {
    incidents?: Incident[];
    deployment?: DeploymentRecord;
    pending?: PendingDisconnect;
    policy?: IncidentPolicy;
  } = {},
): DecideInput {
  const incidents: Record<string, Incident | undefined> = {};
  for (const incident of state.incidents ?? []) incidents[incident.key] = incident;
  const input: DecideInput = {
    verdict: v,
    dedupKey: dedupKeyText(dedupKeyFor(v)),
    now: v.facts.time,
    incidents,
    policy: state.policy ?? POLICY,
  };
  if (state.deployment) input.deployment = state.deployment;
  if (state.pending) input.pending = state.pending;
  return input;
}

/**
 * An in-memory store that applies decide() outputs the way the use case does (rev checks included),
 * so tests can play event sequences.
 */
export class World {
  incidents = new Map<string, Incident>();
  deployments = new Map<string, DeploymentRecord>();
  pending = new Map<string, PendingDisconnect>();
  outputs: DecideOutput[] = [];
  /** Silences in force for every decision (none by default). */
  silences: Silence[] = [];

  /** `deliver`: alerts reach every channel right away (the outbox is cleared in a second write, as the use case does). */
  constructor(
    readonly policy: IncidentPolicy = POLICY,
    readonly deliver = true,
  ) {}

  /** Decides one verdict on the current state and applies the output. */
  play(v: Verdict): DecideOutput {
    const keys = stateKeysFor(v);
    const incidents: Record<string, Incident | undefined> = {};
    for (const key of keys.incidentKeys) incidents[key] = this.incidents.get(key);
    const deploymentKey = keys.deployment ? `${keys.deployment.cluster}/${keys.deployment.service}` : '';
    const deployment = this.deployments.get(deploymentKey);
    const pending = keys.pendingInstanceArn ? this.pending.get(keys.pendingInstanceArn) : undefined;
    const output = decide({
      verdict: v,
      dedupKey: dedupKeyText(dedupKeyFor(v)),
      now: v.facts.time,
      incidents,
      ...(deployment ? { deployment } : {}),
      ...(pending ? { pending } : {}),
      policy: this.policy,
      ...(this.silences.length > 0 ? { silences: this.silences } : {}),
    });
    for (const incident of output.incidents) {
      const stored = this.incidents.get(incident.key);
      if (incident.rev !== (stored?.rev ?? 0) + 1) throw new Error(`rev conflict on ${incident.key}`);
      this.incidents.set(incident.key, incident);
    }
    if (this.deliver) {
      for (const { incidentKey } of output.alerts) {
        const stored = this.incidents.get(incidentKey);
        if (stored?.outbox) this.incidents.set(incidentKey, { ...clearOutbox(stored), rev: stored.rev + 1 });
      }
    }
    if (output.deployment)
      this.deployments.set(`${output.deployment.cluster}/${output.deployment.service}`, output.deployment);
    if (output.deployment === null) this.deployments.delete(deploymentKey);
    if (output.pending) this.pending.set(output.pending.containerInstanceArn, output.pending);
    if (output.pending === null && keys.pendingInstanceArn) this.pending.delete(keys.pendingInstanceArn);
    this.outputs.push(output);
    return output;
  }

  /** Runs the periodic sweep at minute `m` over the open incidents (no disconnects due) and applies its output. */
  sweepOpen(m: number): SweepOutput {
    const out = sweep({
      now: at(m),
      due: [],
      stillDisconnected: {},
      open: [...this.incidents.values()].filter((i) => i.status === 'open'),
      instanceIncidents: {},
      policy: this.policy,
    });
    for (const incident of out.incidents) this.incidents.set(incident.key, incident);
    return out;
  }

  /** Plays every verdict and returns the decision reasons in order. */
  playAll(verdicts: Verdict[]): string[] {
    return verdicts.map((v) => this.play(v).decision.reason);
  }

  /** The stored incident under `key` (throws when absent, to keep assertions short). */
  incident(key: string): Incident {
    const incident = this.incidents.get(key);
    if (!incident) throw new Error(`no incident ${key}`);
    return incident;
  }
}
