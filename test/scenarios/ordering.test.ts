import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunResult, runScenario } from '../../shared/simulator/run/index.js';
import { LIBRARY_DIR, loadScenario } from '../../shared/simulator/scenario.js';
import { belongsTo, timeProblem } from '../../shared/simulator/score/index.js';
import type { Scenario } from '../../shared/simulator/types.js';

const IN_ORDER = { duplicateRate: 0, medianDelaySeconds: 0, outlierRate: 0, maxDelaySeconds: 0 };
const SHUFFLED = { duplicateRate: 0.2, medianDelaySeconds: 2, outlierRate: 0.2, maxDelaySeconds: 300 };

/** Per problem, the transitions the channels announced about it. */
function pages(scenario: Scenario, result: RunResult): Record<string, string[]> {
  return Object.fromEntries(
    scenario.truth.problems.map((problem) => {
      const timed = timeProblem(problem, result.epoch, result.instanceArns);
      const about = result.messages.filter((m) => belongsTo(m, timed, result.endsAt));
      return [problem.id, [...new Set(about.map((m) => m.transition))].sort()];
    }),
  );
}

describe('Delivery order: EventBridge at least once and out of order, through SQS batches', () => {
  it.each(['slack-revoked', 'alarm-failed-no-rollback-later-crash', 'az-outage'])(
    '%s pages the same delivered in order as with delays up to 5 min and a fifth duplicated',
    async (name) => {
      const scenario = await loadScenario(join(LIBRARY_DIR, `${name}.json`));

      const inOrder = await runScenario(scenario, { delivery: IN_ORDER });
      const shuffled = await runScenario(scenario, { delivery: SHUFFLED });

      expect(inOrder.counts.duplicates).toBe(0);
      expect(shuffled.counts.duplicates).toBeGreaterThan(0);
      expect(Object.values(pages(scenario, inOrder)).flat().length).toBeGreaterThan(0);
      expect(pages(scenario, shuffled)).toEqual(pages(scenario, inOrder));
    },
    120_000,
  );
});
