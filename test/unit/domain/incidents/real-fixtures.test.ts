import { describe, expect, it } from 'vitest';
import { classify } from '../../../../shared/domain/classify/index.js';
import type { Category } from '../../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../../shared/domain/events/parse.js';
import { dedupKeyFor } from '../../../../shared/domain/incidents/dedup.js';
import { incidentKeyFor } from '../../../../shared/domain/incidents/keys.js';
import type { DecisionReason } from '../../../../shared/domain/incidents/types.js';
import { loadEventFixtures } from '../event-fixtures.js';
import { World } from './factories.js';

// What the first event of each category decides on empty state, at default settings.
const FIRST_REASON: Record<Category, DecisionReason> = {
  'task-transition': 'ignored',
  oom: 'first',
  'app-exit': 'first',
  'image-pull': 'first',
  'start-failure': 'first',
  'health-check': 'first',
  'spot-interruption': 'below-threshold',
  'instance-loss': 'first',
  maintenance: 'below-threshold',
  'normal-stop': 'ignored',
  'instance-connected': 'ignored',
  'instance-disconnected': 'grace-pending',
  'instance-draining': 'below-threshold',
  'instance-deregistered': 'below-threshold',
  'deployment-started': 'ignored',
  'deployment-rollback': 'first',
  'deployment-completed': 'ignored',
  'deployment-failed': 'first',
  'service-steady': 'ignored',
  'placement-failure': 'first',
  'start-impaired': 'first',
  'discovery-unhealthy': 'first',
  'service-error': 'first',
  'service-warning': 'first',
  'service-health-unknown': 'first',
  'instance-unreachable': 'first',
  'instance-impaired': 'first',
  'managed-instance-impaired': 'first',
  'instance-healthy': 'ignored',
  'instance-health-unknown': 'below-threshold',
  'hook-failed': 'first',
  'hook-timed-out': 'first',
  'hook-awaiting-action': 'grace-pending',
  'hook-succeeded': 'ignored',
  'daemon-rollout-failed': 'first',
  'daemon-rollback': 'first',
  'daemon-start-impaired': 'first',
  'daemon-deployed': 'ignored',
  'daemon-deployment': 'below-threshold',
  'service-info': 'ignored',
  unsupported: 'ignored',
  invalid: 'ignored',
};

const fixtures = loadEventFixtures().map((fixture) => ({
  file: fixture.file,
  verdict: classify(parseEcsEvent(fixture.value)),
}));

describe('Function: decide (classified real fixtures)', () => {
  it.each(fixtures)('$file', ({ verdict }) => {
    // Act: the event alone, then delivered a second time
    const world = new World();
    const first = world.play(verdict);
    const again = world.play(verdict);
    // Assess
    expect(first.decision.reason).toBe(FIRST_REASON[verdict.category]);
    if (first.decision.reason === 'first') {
      expect(first.incidents[0]?.key).toBe(incidentKeyFor(verdict)?.key);
      expect(first.incidents[0]?.key.split('/').length).toBe(6);
      expect(again.decision.reason).toBe(dedupKeyFor(verdict).kind === 'none' ? 'deduplicated' : 'duplicate');
    }
  });
});
