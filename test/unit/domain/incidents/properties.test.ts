import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../../shared/domain/classify/types.js';
import { decide, stateKeysFor } from '../../../../shared/domain/incidents/decide.js';
import { dedupKeyFor, dedupKeyText } from '../../../../shared/domain/incidents/dedup.js';
import { INCIDENT_LIMITS } from '../../../../shared/domain/incidents/incident-state.js';
import type { Incident } from '../../../../shared/domain/incidents/types.js';
import {
  deploymentEvent,
  hostLost,
  instanceEvent,
  POLICY,
  serviceAction,
  serviceTask,
  standaloneTask,
  World,
} from './factories.js';

const task = fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6');
const minute = fc.integer({ min: 0, max: 240 });
const deploymentId = fc.constantFrom('ecs-svc/1', 'ecs-svc/2', 'ecs-svc/3');

// A small alphabet of events about one service, one family and two instances.
const event: fc.Arbitrary<Verdict> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('oom', 'app-exit', 'health-check', 'start-failure', 'normal-stop') as fc.Arbitrary<'oom'>,
      task,
      minute,
      deploymentId,
      fc.constantFrom(1, 137, 143, undefined),
      fc.integer({ min: 1, max: 4 }),
    )
    .map(([category, id, m, startedBy, exitCode, version]) =>
      serviceTask(category, id, m, { startedBy, exitCode, version }),
    ),
  fc
    .tuple(fc.constantFrom('oom', 'spot-interruption') as fc.Arbitrary<'oom'>, task, minute)
    .map(([c, id, m]) => standaloneTask(c, id, m)),
  fc
    .tuple(
      fc.constantFrom(
        'deployment-started',
        'deployment-failed',
        'deployment-rollback',
        'deployment-completed',
      ) as fc.Arbitrary<'deployment-failed'>,
      deploymentId,
      minute,
    )
    .map(([c, id, m]) => deploymentEvent(c, id, m)),
  fc
    .tuple(
      fc.constantFrom('service-steady', 'placement-failure', 'start-impaired') as fc.Arbitrary<'service-steady'>,
      minute,
    )
    .map(([c, m]) => serviceAction(c, m)),
  fc
    .tuple(
      fc.constantFrom(
        'instance-disconnected',
        'instance-connected',
        'instance-deregistered',
        'instance-draining',
      ) as fc.Arbitrary<'instance-connected'>,
      fc.constantFrom('ci1', 'ci2'),
      minute,
    )
    .map(([c, id, m]) => instanceEvent(c, id, m)),
  fc.tuple(task, fc.constantFrom('ci1', 'ci2'), minute).map(([id, ci, m]) => hostLost(id, ci, m)),
);

function checkInvariants(incident: Incident): void {
  expect(incident.recentFailures.length).toBeLessThanOrEqual(INCIDENT_LIMITS.recentFailures);
  expect(incident.notes.length).toBeLessThanOrEqual(INCIDENT_LIMITS.notes);
  expect((incident.appliedKeys ?? []).length).toBeLessThanOrEqual(INCIDENT_LIMITS.appliedKeys);
  expect((incident.countedTasks ?? []).length).toBeLessThanOrEqual(INCIDENT_LIMITS.countedTasks);
  expect(incident.totalFailures).toBeGreaterThanOrEqual(0);
  expect(incident.status === 'resolved').toBe(incident.resolvedAt !== undefined);
  const times = incident.recentFailures.map(Date.parse);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
}

describe('Property: decide over random event sequences', () => {
  it('never throws, keeps revs consecutive, lists bounded, and alerts consistent with outboxes', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.boolean(), (events, sorted) => {
        const ordered = sorted
          ? [...events].sort((a, b) => Date.parse(a.facts.time) - Date.parse(b.facts.time))
          : events;
        const world = new World(POLICY, false);
        for (const v of ordered) {
          const output = world.play(v); // World throws on a rev that isn't stored rev + 1
          expect(output.decision.detail.length).toBeGreaterThan(0);
          for (const alert of output.alerts) {
            // A duplicate re-announces the stored, undelivered outbox; everything else announces what it wrote.
            const incident =
              output.decision.reason === 'duplicate'
                ? world.incidents.get(alert.incidentKey)
                : output.incidents.find((i) => i.key === alert.incidentKey);
            expect(incident?.outbox?.transition).toBe(alert.transition);
          }
          if (output.decision.transition) expect(output.alerts.length).toBeGreaterThan(0);
        }
        for (const incident of world.incidents.values()) checkInvariants(incident);
      }),
      { numRuns: 300 },
    );
  });

  it('treats an event it already applied as a duplicate that changes nothing', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), event, (history, last) => {
        const world = new World();
        world.playAll(history);
        const first = world.play(last);
        if (first.incidents.length === 0) return;
        const keys = stateKeysFor(last);
        const incidents = Object.fromEntries(keys.incidentKeys.map((k) => [k, world.incidents.get(k)]));
        const again = decide({
          verdict: last,
          dedupKey: dedupKeyText(dedupKeyFor(last)),
          now: last.facts.time,
          incidents,
          policy: POLICY,
        });
        expect(again.decision.reason).toBe('duplicate');
        expect(again.incidents).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
