import type { ChannelName } from '../../domain/alerts/types.js';
import type { DeliveredMessage, RunResult } from '../run/result.js';
import type { Scenario } from '../types.js';
import { belongsTo, RESOLVE_SLACK_MS, sameSubject, type TimedProblem, timeProblem } from './match.js';
import { scoreRemediations, type WrongRemediations } from './remediations.js';

/** Pass thresholds of a scenario. */
export const THRESHOLDS = { recall: 1, precision: 0.95 } as const;

/** How one scenario (or the whole library) scored. */
export interface Scorecard {
  scenario: string;
  passed: boolean;
  /** Why it failed, in words (empty when it passed). */
  failures: string[];
  /** Problems that should page, and how many got an `opened` message in time. */
  problems: number;
  paged: number;
  /** paged / problems (1 when there is nothing to page). */
  recall: number;
  /** Incident openings, and how many belong to no problem. */
  openings: number;
  falseOpenings: number;
  /** (openings − falseOpenings) / openings (1 when nothing opened). */
  precision: number;
  /** `resolved` messages for a problem's incident while the problem still went on. */
  falseResolves: number;
  /** Problems that ended and whose opened incident was not resolved within RESOLVE_SLACK_MS (or by the end of the run). */
  missedResolves: number;
  /** From a problem's start to its first `opened` delivery. */
  timeToPageSeconds: { median: number | null; max: number | null };
  /** From a problem's end to the last `resolved` delivery of its incidents (problems whose incidents all resolved). */
  timeToResolveSeconds: { median: number | null; max: number | null };
  /** Messages about problems per paging problem, per channel. */
  messagesPerProblem: Record<ChannelName, number>;
  /** Every message delivered, per channel. */
  messages: Record<ChannelName, number>;
  wrongRemediations: WrongRemediations;
  /** Metrics whose total over the run differs from the scenario's expected total (truth.metrics). */
  metricsOff: string[];
}

/** The numbers a scorecard is made of, before ratios; they add up across scenarios. */
interface Tally {
  problems: number;
  paged: number;
  openings: number;
  falseOpenings: number;
  falseResolves: number;
  missedResolves: number;
  pageSeconds: number[];
  resolveSeconds: number[];
  problemMessages: Record<ChannelName, number>;
  messages: Record<ChannelName, number>;
  wrongRemediations: WrongRemediations;
  /** Messages sent by a scenario that has no problem at all. */
  quietScenarioMessages: number;
  metricsOff: string[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const byChannel = (messages: DeliveredMessage[]): Record<ChannelName, number> => ({
  slack: messages.filter((m) => m.channel === 'slack').length,
  sns: messages.filter((m) => m.channel === 'sns').length,
});

/** One incident transition, whatever channels it reached: the earliest delivery of each alert id. */
function firstDeliveries(messages: readonly DeliveredMessage[]): DeliveredMessage[] {
  const first = new Map<string, DeliveredMessage>();
  for (const message of messages) {
    const seen = first.get(message.alertId);
    if (!seen || message.at < seen.at) first.set(message.alertId, message);
  }
  return [...first.values()];
}

/** The alerts about a problem (delivered by `deadline`, when given) and the incidents among them that opened. */
function problemAlerts(problem: TimedProblem, alerts: DeliveredMessage[], endsAt: number, deadline = Infinity) {
  const mine = alerts.filter((a) => belongsTo(a, problem, endsAt) && a.at <= deadline);
  return { mine, incidents: new Set(mine.filter((a) => a.transition === 'opened').map((a) => a.incident)) };
}

function missedResolve(problem: TimedProblem, alerts: DeliveredMessage[], endsAt: number): boolean {
  if (problem.until === undefined || !problem.page) return false;
  const deadline = Math.min(problem.until + RESOLVE_SLACK_MS, endsAt);
  const { mine, incidents } = problemAlerts(problem, alerts, endsAt, deadline);
  return [...incidents].some((incident) => {
    const last = mine.filter((a) => a.incident === incident).sort((a, b) => a.transitionAt - b.transitionAt);
    return last.at(-1)?.transition !== 'resolved';
  });
}

/**
 * Seconds from a problem's end to the delivery that resolved the last of its incidents; undefined when the
 * problem has no end, paged nothing, or left an incident unresolved (a missed resolve, counted apart).
 */
function resolveDelay(problem: TimedProblem, alerts: DeliveredMessage[], endsAt: number): number | undefined {
  const until = problem.until;
  if (until === undefined || !problem.page) return undefined;
  const { mine, incidents } = problemAlerts(problem, alerts, endsAt);
  let last = Number.NEGATIVE_INFINITY;
  for (const incident of incidents) {
    const resolved = mine
      .filter((a) => a.incident === incident && a.transition === 'resolved' && a.transitionAt >= until)
      .sort((a, b) => a.at - b.at)[0];
    if (!resolved) return undefined;
    last = Math.max(last, resolved.at);
  }
  return incidents.size === 0 ? undefined : Math.max(0, (last - until) / 1000);
}

function tally(scenario: Scenario, result: RunResult): Tally {
  const problems = scenario.truth.problems.map((p) => timeProblem(p, result.epoch, result.instanceArns));
  const alerts = firstDeliveries(result.messages);
  const openings = alerts.filter((a) => a.transition === 'opened');
  const paging = problems.filter((p) => p.page);
  const pageSeconds: number[] = [];
  for (const problem of paging) {
    const first = openings.filter((o) => belongsTo(o, problem, result.endsAt)).sort((a, b) => a.at - b.at)[0];
    if (first) pageSeconds.push(Math.max(0, (first.at - problem.from) / 1000));
  }
  const resolveSeconds = paging
    .map((problem) => resolveDelay(problem, alerts, result.endsAt))
    .filter((delay): delay is number => delay !== undefined);
  const falseResolves = alerts.filter(
    (a) =>
      a.transition === 'resolved' &&
      problems.some(
        (p) => sameSubject(a, p) && a.transitionAt >= p.from && (p.until === undefined || a.transitionAt < p.until),
      ),
  ).length;
  const aboutProblems = result.messages.filter((m) => problems.some((p) => p.page && belongsTo(m, p, result.endsAt)));
  return {
    problems: paging.length,
    paged: pageSeconds.length,
    openings: openings.length,
    falseOpenings: openings.filter((o) => !problems.some((p) => belongsTo(o, p, result.endsAt))).length,
    falseResolves,
    missedResolves: paging.filter((p) => missedResolve(p, alerts, result.endsAt)).length,
    pageSeconds,
    resolveSeconds,
    problemMessages: byChannel(aboutProblems),
    messages: byChannel(result.messages),
    wrongRemediations: scoreRemediations({
      calls: result.calls,
      history: result.history,
      expected: scenario.truth.remediations,
      instanceArns: result.instanceArns,
    }),
    quietScenarioMessages: scenario.truth.problems.length === 0 ? result.messages.length : 0,
    metricsOff: Object.entries(scenario.truth.metrics ?? {})
      .filter(([name, want]) => (result.metricTotals[name] ?? 0) !== want)
      .map(([name, want]) => `${name} ${result.metricTotals[name] ?? 0} (expected ${want})`),
  };
}

function card(name: string, t: Tally): Scorecard {
  const recall = t.problems === 0 ? 1 : t.paged / t.problems;
  const precision = t.openings === 0 ? 1 : (t.openings - t.falseOpenings) / t.openings;
  const failures: string[] = [];
  if (recall < THRESHOLDS.recall) failures.push(`${t.problems - t.paged} of ${t.problems} problems not paged`);
  if (precision < THRESHOLDS.precision)
    failures.push(`${t.falseOpenings} of ${t.openings} openings belong to no problem`);
  if (t.falseResolves > 0) failures.push(`${t.falseResolves} resolved while the problem went on`);
  for (const [kind, count] of Object.entries(t.wrongRemediations)) {
    if (count > 0) failures.push(`${count} wrong remediations (${kind})`);
  }
  if (t.quietScenarioMessages > 0) failures.push(`${t.quietScenarioMessages} messages from a problem-free fleet`);
  if (t.metricsOff.length > 0) failures.push(`metric totals differ: ${t.metricsOff.join(', ')}`);
  const perProblem = (count: number) => (t.problems === 0 ? 0 : count / t.problems);
  return {
    scenario: name,
    passed: failures.length === 0,
    failures,
    problems: t.problems,
    paged: t.paged,
    recall,
    openings: t.openings,
    falseOpenings: t.falseOpenings,
    precision,
    falseResolves: t.falseResolves,
    missedResolves: t.missedResolves,
    timeToPageSeconds: { median: median(t.pageSeconds), max: t.pageSeconds.length ? Math.max(...t.pageSeconds) : null },
    timeToResolveSeconds: {
      median: median(t.resolveSeconds),
      max: t.resolveSeconds.length ? Math.max(...t.resolveSeconds) : null,
    },
    messagesPerProblem: { slack: perProblem(t.problemMessages.slack), sns: perProblem(t.problemMessages.sns) },
    messages: t.messages,
    wrongRemediations: t.wrongRemediations,
    metricsOff: t.metricsOff,
  };
}

/** Scores one run against its scenario's ground truth. Pure. */
export function scoreRun(scenario: Scenario, result: RunResult): Scorecard {
  return card(scenario.name, tally(scenario, result));
}

/** Scores several runs, one card each, plus a `total` card over all of them (pooled, not averaged). */
export function scoreRuns(runs: ReadonlyArray<{ scenario: Scenario; result: RunResult }>): {
  cards: Scorecard[];
  total: Scorecard;
} {
  const tallies = runs.map(({ scenario, result }) => tally(scenario, result));
  const sum = (pick: (t: Tally) => number) => tallies.reduce((total, t) => total + pick(t), 0);
  const total: Tally = {
    problems: sum((t) => t.problems),
    paged: sum((t) => t.paged),
    openings: sum((t) => t.openings),
    falseOpenings: sum((t) => t.falseOpenings),
    falseResolves: sum((t) => t.falseResolves),
    missedResolves: sum((t) => t.missedResolves),
    pageSeconds: tallies.flatMap((t) => t.pageSeconds),
    resolveSeconds: tallies.flatMap((t) => t.resolveSeconds),
    problemMessages: { slack: sum((t) => t.problemMessages.slack), sns: sum((t) => t.problemMessages.sns) },
    messages: { slack: sum((t) => t.messages.slack), sns: sum((t) => t.messages.sns) },
    wrongRemediations: {
      duplicates: sum((t) => t.wrongRemediations.duplicates),
      deterministicReplaced: sum((t) => t.wrongRemediations.deterministicReplaced),
      successesRerun: sum((t) => t.wrongRemediations.successesRerun),
      expectedMissing: sum((t) => t.wrongRemediations.expectedMissing),
      unexplained: sum((t) => t.wrongRemediations.unexplained),
      unexpected: sum((t) => t.wrongRemediations.unexpected),
    },
    quietScenarioMessages: sum((t) => t.quietScenarioMessages),
    metricsOff: runs.flatMap(({ scenario }, i) => tallies[i]!.metricsOff.map((off) => `${scenario.name}: ${off}`)),
  };
  const cards = runs.map(({ scenario }, i) => card(scenario.name, tallies[i]!));
  const totalCard = card('total', total);
  // The total passes only when every scenario does (pooled ratios could hide one scenario's miss).
  if (cards.some((c) => !c.passed)) {
    totalCard.passed = false;
    totalCard.failures.push(`${cards.filter((c) => !c.passed).length} of ${cards.length} scenarios failed`);
  }
  return { cards, total: totalCard };
}
