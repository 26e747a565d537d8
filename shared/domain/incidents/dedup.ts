import { type Category, RESOURCE_CATEGORIES, type Verdict } from '../classify/types.js';

/** How an event is recognised when ECS delivers it again. */
export type DedupKey =
  | { kind: 'versioned'; resourceArn: string; version: number }
  | { kind: 'once'; key: string }
  | { kind: 'none' };

const RESOURCE_EVENTS: ReadonlySet<Category> = new Set<Category>(RESOURCE_CATEGORIES);

/**
 * Task and instance events dedup on resource ARN + `detail.version`; service actions and deployment
 * events (no version) on service, event name, deployment id, time and (when the caller has it) the event id.
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
  const service = facts.serviceArn ?? facts.resourceArn ?? (facts.service ? `${facts.cluster}/${facts.service}` : '');
  if (!service) return { kind: 'none' };
  const parts = [service, facts.eventName ?? category, facts.deploymentId ?? '', facts.time, eventId ?? ''];
  return { kind: 'once', key: `once#${parts.join('#')}` };
}

/** The text form of a dedup key that decide() records on incidents (`''` when there is none). */
export function dedupKeyText(key: DedupKey): string {
  if (key.kind === 'versioned') return `${key.resourceArn}#${key.version}`;
  return key.kind === 'once' ? key.key : '';
}
