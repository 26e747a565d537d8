import { seeded } from '../../test/helpers/random.js';
import { fixtureEvents, hexId, type RawEvent, vary } from './events.js';

/** Families of the standalone Spot tasks: opted in by configuration, by a task tag ECS reports, or not at all. */
export const SPOT_FAMILIES = {
  byConfig: ['render-job-1', 'render-job-2'],
  byTag: ['render-job-3', 'render-job-4'],
  notOptedIn: ['render-job-5'],
} as const;

/** The burst and what it contains, for the report. */
export interface AzOutage {
  /** Every delivery, duplicates included, in arrival order. */
  events: RawEvent[];
  failures: number;
  duplicates: number;
  byKind: Record<string, number>;
  services: number;
  hosts: number;
  /** Task ARNs of Spot tasks whose opt-in tag only ECS knows (families in SPOT_FAMILIES.byTag). */
  taggedTasks: Set<string>;
}

const KINDS = [
  { kind: 'app-exit', template: 'app-exit--segfault-139', share: 0.35 },
  { kind: 'health-check', template: 'health-check--elb-target-group', share: 0.3 },
  { kind: 'instance-loss', template: 'instance-loss--host-terminated-service', share: 0.3 },
  { kind: 'spot-standalone', template: 'spot-interruption--standalone-notice', share: 0.05 },
] as const;

function pickKind(r: number): (typeof KINDS)[number] {
  let sum = 0;
  for (const entry of KINDS) {
    sum += entry.share;
    if (r < sum) return entry;
  }
  return KINDS[KINDS.length - 1]!;
}

// Standalone Spot tasks of one family: new family name everywhere, no tags in the event (ECS is asked).
function spotTask(template: RawEvent, family: string): RawEvent {
  const event = structuredClone(template);
  const detail = event.detail;
  detail.group = `family:${family}`;
  detail.taskDefinitionArn = detail.taskDefinitionArn.replace(/task-definition\/[\w-]+:/, `task-definition/${family}:`);
  delete detail.tags;
  return event;
}

/**
 * An availability-zone outage: `failures` task failures within ten minutes across `services` services
 * (app exits, health-check kills, tasks lost with their host among `hosts` hosts) plus 5% standalone Spot
 * tasks interrupted; then ~10% of the deliveries repeated shortly after, as EventBridge may.
 */
export function azOutage(failures = 2_000, services = 40, hosts = 24, seed = 7): AzOutage {
  const random = seeded(seed);
  const fixtures = fixtureEvents();
  const start = Date.parse('2026-11-27T14:00:00Z');
  const spread = 10 * 60_000;
  const spotFamilies = Object.values(SPOT_FAMILIES).flat();
  const byKind: Record<string, number> = {};
  const events: RawEvent[] = [];
  const taggedTasks = new Set<string>();
  for (let i = 0; i < failures; i++) {
    const { kind, template } = pickKind(random());
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    const base = fixtures.get(template);
    if (!base) throw new Error(`fixture ${template} is missing`);
    const family = spotFamilies[Math.floor(random() * spotFamilies.length)]!;
    const source = kind === 'spot-standalone' ? spotTask(base, family) : base;
    const service = `svc-${String(Math.floor(random() * services)).padStart(2, '0')}`;
    const event = vary(source, {
      taskId: hexId(i, seed),
      ...(kind === 'spot-standalone' ? {} : { service }),
      instanceId: hexId(Math.floor(random() * hosts), 0xa2),
      time: new Date(start + Math.floor((i * spread) / failures)).toISOString(),
    });
    if (kind === 'spot-standalone' && (SPOT_FAMILIES.byTag as readonly string[]).includes(family)) {
      taggedTasks.add(event.detail.taskArn);
    }
    events.push(event);
  }
  const duplicates = Math.round(failures * 0.1);
  for (let j = 0; j < duplicates; j++) {
    const original = Math.floor(random() * events.length);
    const at = Math.min(events.length, original + 1 + Math.floor(random() * 30));
    events.splice(at, 0, events[original]);
  }
  return { events, failures, duplicates, byKind, services, hosts, taggedTasks };
}
