import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../runtime/config.js';
import { type RunResult, runScenario } from '../../simulator/run/index.js';
import { LIBRARY_DIR, loadLibrary, loadScenario, ScenarioError } from '../../simulator/scenario.js';
import { type Scorecard, scoreRuns } from '../../simulator/score/index.js';
import type { Scenario } from '../../simulator/types.js';
import { parseCommandArgs } from '../args.js';
import { type CliCommand, type CliIo, EXIT, UsageError } from '../types.js';

const USAGE = `Usage: ecs-lookout simulate [--json] [--list] [SCENARIO…]

Runs the monitor, as deployed, against a simulated ECS fleet on virtual time (hours of fleet life in
seconds) and scores its pages against each scenario's ground truth. Without SCENARIO, the whole library.

SCENARIO: a library scenario by name (see --list) or the path of a scenario JSON file.
Settings: the simulator's defaults, then the scenario's "config", then your LOOKOUT_* environment, which
wins; the output names every setting your environment changed.
  --json   one JSON object per scenario, then one with "scenario": "total"
  --list   print the library's scenario names and descriptions

A scenario passes with recall 1, precision ≥ 0.95, no false resolve, no wrong remediation, and no message
at all when it has no problem. Exit codes: 0 all pass, 1 a scenario failed, 2 bad arguments or scenario.`;

/** A library name, or a path to a scenario file. */
async function resolveScenario(arg: string): Promise<Scenario> {
  const looksLikePath = arg.endsWith('.json') || arg.includes('/') || arg.includes('\\');
  if (looksLikePath) return loadScenario(arg);
  const file = join(LIBRARY_DIR, `${arg}.json`);
  if (!existsSync(file)) throw new UsageError(`no library scenario "${arg}" (try --list, or give a file path)`);
  return loadScenario(file);
}

const percent = (value: number) => `${(value * 100).toFixed(value === 1 ? 0 : 1)}%`;
const seconds = (value: number | null) => (value === null ? '-' : `${Math.round(value)}`);
const ratio = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function tableRow(card: Scorecard): string[] {
  const wrong = card.wrongRemediations;
  return [
    card.scenario,
    card.passed ? 'pass' : 'FAIL',
    `${card.paged}/${card.problems}`,
    percent(card.recall),
    percent(card.precision),
    String(card.falseResolves),
    String(card.missedResolves),
    `${seconds(card.timeToPageSeconds.median)}/${seconds(card.timeToPageSeconds.max)}`,
    `${seconds(card.timeToResolveSeconds.median)}/${seconds(card.timeToResolveSeconds.max)}`,
    `${ratio(card.messagesPerProblem.slack)}/${ratio(card.messagesPerProblem.sns)}`,
    [
      wrong.duplicates,
      wrong.deterministicReplaced,
      wrong.successesRerun,
      wrong.expectedMissing,
      wrong.unexplained,
      wrong.unexpected,
    ].join('/'),
  ];
}

/** The scorecard as an aligned text table, with each failed scenario's reasons below it. */
export function formatScorecards(cards: Scorecard[], total: Scorecard): string {
  const header = [
    'scenario',
    'result',
    'paged',
    'recall',
    'precision',
    'false res',
    'missed res',
    'page s p50/max',
    'resolve s p50/max',
    'msgs/problem slack/sns',
    'wrong rem dup/det/rerun/miss/unexpl/extra',
  ];
  const rows = [header, ...cards.map(tableRow), tableRow(total)];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const failures = [...cards, total]
    .filter((card) => !card.passed)
    .map((card) => `${card.scenario}: ${card.failures.join('; ')}`);
  return [
    line(header),
    rule,
    ...rows.slice(1, -1).map(line),
    rule,
    line(rows.at(-1)!),
    ...(failures.length ? ['', 'Failed:', ...failures.map((f) => `  ${f}`)] : []),
  ].join('\n');
}

/** One scorecard as the JSON line `--json` prints. */
export function scorecardJson(card: Scorecard, result?: RunResult): Record<string, unknown> {
  return {
    scenario: card.scenario,
    passed: card.passed,
    recall: card.recall,
    precision: card.precision,
    falseResolves: card.falseResolves,
    missedResolves: card.missedResolves,
    timeToPageSeconds: card.timeToPageSeconds,
    timeToResolveSeconds: card.timeToResolveSeconds,
    messagesPerProblem: card.messagesPerProblem,
    wrongRemediations: card.wrongRemediations,
    problems: card.problems,
    paged: card.paged,
    openings: card.openings,
    falseOpenings: card.falseOpenings,
    messages: card.messages,
    metricsOff: card.metricsOff,
    failures: card.failures,
    ...(result ? { counts: result.counts } : {}),
  };
}

/** Settings the caller's environment changed, as NAME=value. */
function environmentSettings(result: RunResult): string[] {
  return Object.entries(result.settings)
    .filter(([, setting]) => setting.from === 'environment')
    .map(([name, setting]) => `${name}=${setting.value}`);
}

async function runAll(scenarios: Scenario[], io: CliIo) {
  const runs: Array<{ scenario: Scenario; result: RunResult }> = [];
  for (const scenario of scenarios) {
    if (io.stderrIsTTY) io.stderr(`simulating ${scenario.name} (${scenario.duration})…\n`);
    try {
      runs.push({ scenario, result: await runScenario(scenario, { env: io.env }) });
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`${scenario.name}: ${error.message}`);
      throw error;
    }
  }
  return runs;
}

/** `ecs-lookout simulate`: the deployed monitor against simulated fleets, scored against ground truth. */
export const command: CliCommand = {
  name: 'simulate',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, list: { type: 'boolean', default: false } },
    });
    if (values.list) {
      for (const scenario of await loadLibrary()) io.stdout(`${scenario.name.padEnd(40)} ${scenario.duration}\n`);
      return EXIT.ok;
    }
    let scenarios: Scenario[];
    try {
      scenarios = positionals.length ? await Promise.all(positionals.map(resolveScenario)) : await loadLibrary();
    } catch (error) {
      if (error instanceof ScenarioError) throw new UsageError(error.message);
      throw error;
    }
    if (scenarios.length === 0) throw new UsageError(`no scenarios to run in ${LIBRARY_DIR}`);
    const runs = await runAll(scenarios, io);
    const { cards, total } = scoreRuns(runs);
    const overridden = runs[0] ? environmentSettings(runs[0].result) : [];
    if (values.json) {
      cards.forEach((card, i) => {
        io.stdout(`${JSON.stringify(scorecardJson(card, runs[i]!.result))}\n`);
      });
      io.stdout(`${JSON.stringify({ ...scorecardJson(total), settingsFromEnvironment: overridden })}\n`);
    } else {
      io.stdout(`${formatScorecards(cards, total)}\n`);
      io.stdout(
        overridden.length
          ? `\nSettings from your environment (over the scenarios' own): ${overridden.join(', ')}\n`
          : "\nSettings: simulator defaults and each scenario's config (no LOOKOUT_* in your environment).\n",
      );
    }
    return total.passed ? EXIT.ok : EXIT.problem;
  },
};
