import { type Category, RESOURCE_CATEGORIES, type Verdict } from '../classify/types.js';

/** How an event is recognised when ECS delivers it again. */
export type DedupKey =
  | { kind: 'versioned'; resourceArn: string; version: number }
  | { kind: 'once'; key: string }
  | { kind: 'none' };

const RESOURCE_EVENTS: ReadonlySet<Category> = new Set<Category>(RESOURCE_CATEGORIES);

/** Deployment transitions: ECS sends each as `ECS Deployment State Change` and as `ECS Service Action`. */
const DEPLOYMENT_EVENTS: ReadonlySet<Category> = new Set<Category>([
  'deployment-started',
  'deployment-rollback',
  'deployment-completed',
  'deployment-failed',
]);

/**
 * Task and instance events dedup on resource ARN + `detail.version`; service actions (no version) on service,
 * event name, time and (when the caller has it) the event id. A deployment transition keys on service, event
 * name and time only: its two detail-types have different event ids and only one carries the deployment id,
 * so the twin finds the same key and counts once.
 */
export function dedupKeyFor(verdict: Verdict, eventId?: string): DedupKey {
  const { category, facts } = verdict;
  if (category === 'invalid' || category === 'unsupported' || !facts.time) return { kind: 'none' };
  if (RESOURCE_EVENTS.has(category)) {
    if (!facts.resourceArn) return { kind: 'none' };
    if (Number.isInteger(facts.version)) {
      return { kind: 'versioned', resourceArn: facts.resourceArn, version: facts.version as number };
    }
    // Old events carry no version: the state the event reports and its time identify a redelivery.
    return { kind: 'once', key: `once#${facts.resourceArn}#${category}#${facts.time}` };
  }
  const lifecycle = lifecycleKey(verdict);
  if (lifecycle) return { kind: 'once', key: lifecycle };
  const service = facts.serviceArn ?? facts.resourceArn ?? (facts.service ? `${facts.cluster}/${facts.service}` : '');
  if (!service) return { kind: 'none' };
  if (DEPLOYMENT_EVENTS.has(category)) {
    return { kind: 'once', key: `once#${service}#${category}#${facts.eventName ?? ''}#${facts.time}` };
  }
  const parts = [service, facts.eventName ?? category, facts.deploymentId ?? '', facts.time, eventId ?? ''];
  return { kind: 'once', key: `once#${parts.join('#')}` };
}

/**
 * Keys of the newer event types, which carry no `detail.version` (ECS developer guide pages of each type): an
 * instance health check by instance, check type, status and the time its status changed; a hook by its
 * execution id and event name; a daemon rollout by its deployment ARN and event name; a daemon task that
 * cannot start by daemon, instance and task (or time, when no task was created). None holds the event id, so
 * a redelivery of the same change under a new id changes nothing either.
 */
function lifecycleKey({ category, facts }: Verdict): string | undefined {
  if (facts.checkType && facts.containerInstanceArn) {
    const changed = facts.statusChangedAt ?? facts.time;
    return `once#${facts.containerInstanceArn}#health#${facts.checkType}#${facts.lastStatus ?? ''}#${changed}`;
  }
  if (facts.hookId) return `once#hook#${facts.hookId}#${facts.eventName ?? category}`;
  if (facts.daemonArn && facts.deploymentArn) return `once#${facts.deploymentArn}#${facts.eventName ?? category}`;
  if (facts.daemonArn) {
    const where = facts.containerInstanceArn ?? '';
    return `once#${facts.daemonArn}#${facts.eventName ?? category}#${where}#${facts.taskArn ?? facts.time}`;
  }
  return undefined;
}

/** The text form of a dedup key that decide() records on incidents (`''` when there is none). */
export function dedupKeyText(key: DedupKey): string {
  if (key.kind === 'versioned') return `${key.resourceArn}#${key.version}`;
  return key.kind === 'once' ? key.key : '';
}
