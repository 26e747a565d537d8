import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../shared/simulator/run/index.js';
import { LIBRARY_DIR, loadLibrary } from '../../shared/simulator/scenario.js';
import { type Scorecard, scoreRuns, THRESHOLDS } from '../../shared/simulator/score/index.js';
import { NO_WRONG_REMEDIATIONS } from '../../shared/simulator/score/remediations.js';
import type { Scenario } from '../../shared/simulator/types.js';

// The names are needed before the runs, to declare one test per scenario.
const NAMES = readdirSync(LIBRARY_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length))
  .sort();
const NO_WRONG_REMEDIATION = NO_WRONG_REMEDIATIONS;

let scenarios: Scenario[] = [];
let cards = new Map<string, Scorecard>();
let total: Scorecard;

describe('Scenario library: the deployed monitor against simulated fleets (seeded)', () => {
  beforeAll(async () => {
    scenarios = await loadLibrary();
    const runs = [];
    for (const scenario of scenarios) runs.push({ scenario, result: await runScenario(scenario) });
    const scored = scoreRuns(runs);
    cards = new Map(scored.cards.map((card) => [card.scenario, card]));
    total = scored.total;
  }, 300_000);

  it('has scenarios, each named after its file', () => {
    expect(NAMES.length).toBeGreaterThan(0);
    expect(scenarios.map((s) => s.name).sort()).toEqual(NAMES);
  });

  it.each(NAMES)('%s: pages every problem, only problems, resolves none early, remediates rightly', (name) => {
    const card = cards.get(name)!;
    const scenario = scenarios.find((s) => s.name === name)!;

    expect({ scenario: name, failures: card.failures }).toEqual({ scenario: name, failures: [] });
    expect(card.recall).toBe(THRESHOLDS.recall);
    expect(card.precision).toBeGreaterThanOrEqual(THRESHOLDS.precision);
    expect(card.falseResolves).toBe(0);
    expect(card.wrongRemediations).toEqual(NO_WRONG_REMEDIATION);
    if (scenario.truth.problems.length === 0) expect(card.messages).toEqual({ slack: 0, sns: 0 });
  });

  it('pages nothing through a whole problem-free day', () => {
    const days = scenarios.filter(
      (s) => s.truth.problems.length === 0 && (s.duration.includes('.') || Number(s.duration.split(':')[0]) >= 24),
    );

    expect(days.length).toBeGreaterThan(0);
    for (const day of days)
      expect({ [day.name]: cards.get(day.name)!.messages }).toEqual({ [day.name]: { slack: 0, sns: 0 } });
  });

  it('passes in total', () => {
    expect(total.recall).toBe(1);
    expect(total.precision).toBeGreaterThanOrEqual(THRESHOLDS.precision);
    expect(total.falseResolves).toBe(0);
    expect(total.wrongRemediations).toEqual(NO_WRONG_REMEDIATION);
  });
});
