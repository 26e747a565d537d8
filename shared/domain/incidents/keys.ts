import { clusterNameFromArn, clusterNameFromResourceArn, resourceIdFromArn, serviceNameFromArn } from '../arn.js';
import type { Category, Facts, Verdict } from '../classify/types.js';
import type { IncidentGroup, IncidentSubject, PendingDisconnect } from './types.js';

/** Where an event's incident lives: its stable key, group and subject, plus the scope the key is built from. */
export interface IncidentTarget {
  key: string;
  group: IncidentGroup;
  subject: IncidentSubject;
  account: string;
  region: string;
  cluster: string;
}

const GROUP_OF: Partial<Record<Category, IncidentGroup>> = {
  oom: 'task-failure',
  'app-exit': 'task-failure',
  'image-pull': 'task-failure',
  'start-failure': 'task-failure',
  'health-check': 'task-failure',
  // Interruptions and maintenance open task-failure incidents only when configured at alerting severity.
  'spot-interruption': 'task-failure',
  maintenance: 'task-failure',
  'instance-loss': 'instance-lost',
  'instance-connected': 'instance-lost',
  'instance-disconnected': 'instance-lost',
  'instance-draining': 'instance-lost',
  'instance-deregistered': 'instance-lost',
  'deployment-started': 'deployment',
  'deployment-rollback': 'deployment',
  'deployment-completed': 'deployment',
  'deployment-failed': 'deployment',
  'service-steady': 'service-health',
  'placement-failure': 'service-health',
  'start-impaired': 'service-health',
  'discovery-unhealthy': 'service-health',
  'service-error': 'service-health',
  'service-warning': 'service-health',
  'service-health-unknown': 'service-health',
  // An instance's health checks and its loss are one incident: impaired, then lost, escalates it.
  'instance-unreachable': 'instance-lost',
  'instance-impaired': 'instance-lost',
  'managed-instance-impaired': 'instance-lost',
  'instance-healthy': 'instance-lost',
  'instance-health-unknown': 'instance-lost',
  // A failed hook is a transition of the deployment's incident.
  'hook-failed': 'deployment',
  'hook-timed-out': 'deployment',
  'hook-awaiting-action': 'deployment',
  'hook-succeeded': 'deployment',
  // A managed daemon's rollouts and start failures: one incident per daemon and cluster.
  'daemon-rollout-failed': 'deployment',
  'daemon-rollback': 'deployment',
  'daemon-start-impaired': 'deployment',
  'daemon-deployed': 'deployment',
  'daemon-deployment': 'deployment',
  'service-info': 'service-health',
};

/** The incident group a category feeds or resolves, if any. */
export function groupOf(category: Category): IncidentGroup | undefined {
  return GROUP_OF[category];
}

/** Cluster name of the facts: the name, else from the cluster ARN, else from a long-form resource ARN. */
export function clusterOf(facts: Facts): string {
  if (facts.cluster) return facts.cluster;
  if (facts.clusterArn) return clusterNameFromArn(facts.clusterArn);
  return clusterNameFromResourceArn(facts.serviceArn ?? facts.resourceArn ?? '') ?? '-';
}

function serviceOf(facts: Facts): string | undefined {
  if (facts.service) return facts.service;
  const arn = facts.serviceArn ?? (facts.resourceArn?.includes(':service/') ? facts.resourceArn : undefined);
  return arn ? serviceNameFromArn(arn) : undefined;
}

function composeKey(
  scope: { account: string; region: string; cluster: string },
  subject: IncidentSubject,
  group: IncidentGroup,
): string {
  const name = subject.kind === 'instance' ? resourceIdFromArn(subject.name) : subject.name;
  // join makes a flat string; a template literal makes a rope that each first lookup of the key flattens again.
  return [scope.account || '-', scope.region || '-', scope.cluster || '-', subject.kind, name, group].join('/');
}

/** What is built once per subject (a service, family, daemon or instance of one cluster): its targets by group. */
interface SubjectTargets {
  subject: IncidentSubject;
  scope: { account: string; region: string; cluster: string };
  groups: Partial<Record<IncidentGroup, IncidentTarget>>;
  /** The deployment record's scope, for a service. */
  deployment?: { cluster: string; service: string };
  /** A service's episode targets, in SERVICE_GROUPS' order. */
  episode?: readonly IncidentTarget[];
}

// Every event naming a subject gets the very same targets: a container sees the events of the same services
// and hosts again and again, and a key string used before is already hashed wherever it is looked up (the
// batch's sets and maps, the decision's incident record, the store) instead of joined and hashed anew for each
// event. Found by the subject's name, then its kind and scope (no lookup key to build); cleared when full
// (a bound, not an eviction order): the subjects of a fleet, not of its history.
const SUBJECTS = new Map<string, SubjectTargets[]>();
const REMEMBERED_SUBJECTS = 4_096;

function subjectTargets(facts: Facts, kind: IncidentSubject['kind'], name: string): SubjectTargets {
  const cluster = clusterOf(facts);
  const { account, region } = facts;
  let named = SUBJECTS.get(name);
  if (named) {
    for (const known of named) {
      const { scope } = known;
      if (
        known.subject.kind === kind &&
        scope.cluster === cluster &&
        scope.account === account &&
        scope.region === region
      )
        return known;
    }
  } else {
    if (SUBJECTS.size >= REMEMBERED_SUBJECTS) SUBJECTS.clear();
    named = [];
    SUBJECTS.set(name, named);
  }
  // Frozen: shared by every event (and incident) of the subject; a frozen subject is also stored as it is.
  const scope = Object.freeze({ account, region, cluster });
  const found: SubjectTargets = { subject: Object.freeze({ kind, name }), scope, groups: {} };
  named.push(found);
  return found;
}

function groupTarget(shared: SubjectTargets, group: IncidentGroup): IncidentTarget {
  let built = shared.groups[group];
  if (!built) {
    const { subject, scope } = shared;
    built = Object.freeze({ key: composeKey(scope, subject, group), group, subject, ...scope });
    shared.groups[group] = built;
  }
  return built;
}

function target(facts: Facts, kind: IncidentSubject['kind'], name: string, group: IncidentGroup): IncidentTarget {
  return groupTarget(subjectTargets(facts, kind, name), group);
}

/** The targets already built for one event's facts; null where the facts name no such subject. */
interface FactsTargets {
  service?: SubjectTargets | null;
  family?: IncidentTarget;
  instance?: IncidentTarget | null;
  resourceInstance?: IncidentTarget | null;
}

// One decision asks for the same few targets of its event many times in a row (state keys, episode,
// deployment): the targets of the facts asked about last are kept, and any other facts look their subjects up
// again (shared per subject, see SUBJECTS), which costs less than a map of the last facts asked about.
let lastFacts: Facts | undefined;
let lastTargets: FactsTargets = {};

function targetsOf(facts: Facts): FactsTargets {
  if (facts !== lastFacts) {
    lastFacts = facts;
    lastTargets = {};
  }
  return lastTargets;
}

/** The targets of the service the facts name (null when they name none), looked up once per facts. */
function serviceTargets(facts: Facts): SubjectTargets | null {
  const targets = targetsOf(facts);
  if (targets.service === undefined) {
    const service = serviceOf(facts);
    targets.service = service ? subjectTargets(facts, 'service', service) : null;
  }
  return targets.service;
}

const NO_TARGETS: readonly IncidentTarget[] = Object.freeze([]);

/** The groups one service episode may live in, in the order an open one is joined (see episode.ts). */
export const SERVICE_GROUPS: readonly IncidentGroup[] = ['deployment', 'task-failure', 'service-health'];

/** The incidents of the service's episode (one per SERVICE_GROUPS group, in order); none without a service. */
export function episodeTargets(facts: Facts): readonly IncidentTarget[] {
  const service = serviceTargets(facts);
  if (!service) return NO_TARGETS;
  service.episode ??= Object.freeze(SERVICE_GROUPS.map((group) => groupTarget(service, group)));
  return service.episode;
}

/** The incident of a service (for one group), when the facts name a service. */
export function serviceTarget(facts: Facts, group: IncidentGroup): IncidentTarget | undefined {
  const service = serviceTargets(facts);
  return service ? groupTarget(service, group) : undefined;
}

/**
 * The task-failure incident of a task's service, else of its family (from the task definition, else from a
 * `family:` group). A failure naming neither still alerts, grouped under the family `unknown`.
 */
export function taskFailureTarget(facts: Facts): IncidentTarget {
  if (facts.service) return serviceTarget(facts, 'task-failure')!;
  const targets = targetsOf(facts);
  if (!targets.family) {
    const fromGroup = facts.group?.startsWith('family:') ? facts.group.slice('family:'.length) : undefined;
    targets.family = target(facts, 'family', facts.family || fromGroup || 'unknown', 'task-failure');
  }
  return targets.family;
}

/** The instance-lost incident of a container instance named by the facts. */
export function instanceTarget(facts: Facts, fromResource: boolean): IncidentTarget | undefined {
  const arn = facts.containerInstanceArn ?? (fromResource ? facts.resourceArn : undefined);
  if (!arn) return undefined;
  const targets = targetsOf(facts);
  // Both read the same ARN unless the facts name no container instance.
  const slot = facts.containerInstanceArn || !fromResource ? 'instance' : 'resourceInstance';
  targets[slot] ??= target(facts, 'instance', arn, 'instance-lost');
  return targets[slot] ?? undefined;
}

/**
 * The incident a verdict opens, joins or resolves: e.g. `123456789012/us-east-1/prod/service/orders-api/task-failure`.
 * Undefined for categories that never touch an incident, or when the facts name no subject.
 */
export function incidentKeyFor(verdict: Verdict): IncidentTarget | undefined {
  const group = groupOf(verdict.category);
  const facts = verdict.facts;
  if (group === 'task-failure') return taskFailureTarget(facts);
  // A task stopped because its host died folds into the host's incident; without a host it is a task failure.
  if (verdict.category === 'instance-loss') return instanceTarget(facts, false) ?? taskFailureTarget(facts);
  if (group === 'instance-lost') return instanceTarget(facts, true);
  if (group && facts.daemon) return target(facts, 'daemon', facts.daemon, group);
  return group ? serviceTarget(facts, group) : undefined;
}

/** Key of the instance-lost incident a pending disconnect would open (same key as the instance's events). */
export function instanceIncidentKey(pending: PendingDisconnect): string {
  const scope = { account: pending.account, region: pending.region, cluster: pending.cluster };
  return composeKey(scope, { kind: 'instance', name: pending.containerInstanceArn }, 'instance-lost');
}

/**
 * The cluster as `account/region/cluster` (`123456789012/us-east-1/prod`): every organisation has a `prod` in
 * each account, so a cluster name alone names no cluster once events come from several accounts.
 */
export function scopedClusterOf(scope: { account: string; region: string; cluster: string }): string {
  return [scope.account || '-', scope.region || '-', scope.cluster || '-'].join('/');
}

/** The service whose deployment record applies to these facts (account/Region-scoped cluster + service name). */
export function deploymentScope(facts: Facts): { cluster: string; service: string } | undefined {
  const shared = serviceTargets(facts);
  if (!shared) return undefined;
  shared.deployment ??= Object.freeze({ cluster: scopedClusterOf(shared.scope), service: shared.subject.name });
  return shared.deployment;
}
