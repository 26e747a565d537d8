import { azOutage } from './support/az-outage.js';
import { alertAudit, type BurstOutcome, runConcurrentBurst } from './support/concurrent-burst.js';
import type { BenchFigure, BenchSuite } from './types.js';

const CONSUMERS = 5;
// Each seed is another interleaving of the same burst (the fake table's pauses, who takes the next batch).
const SEEDS = [11, 12, 13];

/** Failures (RunTask client tokens) for which ECS started more than one task. */
const duplicateRemediations = (run: BurstOutcome) => [...run.runTask.values()].filter((r) => r.tasks.size > 1).length;
/** RunTask calls beyond the first per failure: second attempts the claim let through and the token absorbed. */
const repeatedRunTasks = (run: BurstOutcome) =>
  [...run.runTask.values()].reduce((sum, r) => sum + Math.max(0, r.calls - 1), 0);
const conflicts = (run: BurstOutcome) => run.tally.conditionFailed + run.tally.transactionsCancelled;

/** |a ∩ b| / |a ∪ b|: 1 when both runs stored exactly the same set. */
function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const union = new Set([...a, ...b]);
  const both = [...a].filter((x) => b.has(x)).length;
  return union.size === 0 ? 1 : both / union.size;
}

const difference = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((x) => !b.has(x));

/**
 * The AZ-outage burst consumed by five parallel batch consumers (five Lambda containers, one DynamoDB table
 * behind the real store adapter) against the same burst consumed by one: write conflicts and the retries they
 * cost, and whether anything was lost or done twice.
 */
const suite: BenchSuite = async () => {
  const outage = azOutage();
  const sequential = await runConcurrentBurst(outage, 1, SEEDS[0]!);
  const runs: BurstOutcome[] = [];
  for (const seed of SEEDS) runs.push(await runConcurrentBurst(outage, CONSUMERS, seed));
  const audits = runs.map(alertAudit);
  const sequentialAudit = alertAudit(sequential);
  const worst = <T>(values: T[], by: (v: T) => number) => values.reduce((a, b) => (by(b) > by(a) ? b : a));
  const worstConflicts = worst(runs, conflicts);
  const setup =
    `${outage.failures} failures + ${outage.duplicates} redeliveries (bench/support/az-outage.ts) in SQS batches of ≤ 100 ` +
    `in arrival order, taken by ${CONSUMERS} consumers as each gets free (failed messages back on the queue, dead letter ` +
    `after 5 receives); each consumer its own clients, channels and metrics, one DynamoDB table (real store adapter ` +
    `over the fake that enforces conditions and transactions; every response 0–3 event-loop turns late, seeded); ` +
    `then one sweep; worst of ${SEEDS.length} seeded interleavings (seeds ${SEEDS.join(', ')})`;
  const sequentialBaseline = (value: number, unit: string) => ({ label: 'same burst, 1 consumer', value, unit });

  const lostWorst = Math.max(...audits.map((a) => a.lost.length));
  const lostRun = audits.find((a) => a.lost.length === lostWorst)!;
  const owed = Math.max(...runs.map((r) => r.owed.length));
  const dupWorst = Math.max(...runs.map(duplicateRemediations));
  const failuresReplaced = Math.max(...runs.map((r) => r.runTask.size));
  const incidentRatios = runs.map((r) => jaccard(r.transitions, sequential.transitions));
  const worstIncidents = Math.min(...incidentRatios);
  const worstIncidentRun = runs[incidentRatios.indexOf(worstIncidents)]!;
  const onlyConcurrent = difference(worstIncidentRun.transitions, sequential.transitions);
  const onlySequential = difference(sequential.transitions, worstIncidentRun.transitions);
  const finalRatios = runs.map((r) => jaccard(r.finalIncidents, sequential.finalIncidents));
  const worstFinal = Math.min(...finalRatios);
  const worstFinalRun = runs[finalRatios.indexOf(worstFinal)]!;
  const either = (run: BurstOutcome) => new Set([...run.finalIncidents, ...sequential.finalIncidents]).size;
  const alike = (run: BurstOutcome) => [...run.finalIncidents].filter((x) => sequential.finalIncidents.has(x)).length;
  const list = (items: string[]) => (items.length === 0 ? 'none' : items.slice(0, 5).join('; '));

  return [
    {
      id: 'concurrency.conflicts',
      label: `Conditional writes refused, ${CONSUMERS} parallel consumers (goal: measured)`,
      value: conflicts(worstConflicts),
      unit: 'refusals',
      baseline: sequentialBaseline(conflicts(sequential), 'refusals'),
      ratio: conflicts(worstConflicts) / Math.max(1, conflicts(sequential)),
      note:
        `${setup}. ConditionalCheckFailed ${worstConflicts.tally.conditionFailed} + transactions cancelled ` +
        `${worstConflicts.tally.transactionsCancelled}; sequential ${sequential.tally.conditionFailed} + ` +
        `${sequential.tally.transactionsCancelled} (a sequential run is refused too: duplicate deliveries, repeated ` +
        `claims). Successful writes ${worstConflicts.tally.writes} (sequential ${sequential.tally.writes}); ` +
        `per seed: ${runs.map((r) => conflicts(r)).join(', ')}`,
    },
    {
      id: 'concurrency.retries',
      label: `Decisions retried after a write conflict, ${CONSUMERS} consumers (goal: measured)`,
      value: worst(runs, (r) => r.decisionRetries).decisionRetries,
      unit: 'retries',
      baseline: sequentialBaseline(sequential.decisionRetries, 'retries'),
      note:
        `applyDecision's "deciding again on fresh state" per seed: ${runs.map((r) => r.decisionRetries).join(', ')}; ` +
        `deliveries left to the container holding the send lease: ${runs.map((r) => r.leaseHeld).join(', ')}; ` +
        `messages redelivered: ${runs.map((r) => r.redeliveries).join(', ')}, dead-lettered: ` +
        `${runs.map((r) => r.deadLettered).join(', ')}`,
    },
    {
      id: 'concurrency.lost-alerts',
      label: `Lost alerts, ${CONSUMERS} parallel consumers (goal 0)`,
      value: lostWorst,
      unit: 'alerts',
      baseline: { label: 'alerts owed (distinct outboxes stored)', value: owed, unit: 'alerts' },
      ratio: lostWorst / Math.max(1, owed),
      note:
        'an alert is owed for every outbox (incident, transition, time) a write stored; lost when neither it nor a ' +
        'later alert of the same incident reached any channel by the end (after the sweep). Per seed: lost ' +
        `${audits.map((a) => a.lost.length).join(', ')}; missing on one channel ` +
        `${audits.map((a) => a.missingOnAChannel.length).join(', ')}; delivered only by the sweep ` +
        `${audits.map((a) => a.neededSweep.length).join(', ')}; superseded before sending ` +
        `${audits.map((a) => a.superseded.length).join(', ')}; duplicate messages ` +
        `${audits.map((a) => a.duplicateMessages).join(', ')} (sequential: lost ${sequentialAudit.lost.length}, ` +
        `duplicates ${sequentialAudit.duplicateMessages})` +
        (lostRun.lost.length > 0
          ? `; lost: ${list(lostRun.lost.map((o) => `${o.incident} ${o.transition} ${o.at}`))}`
          : ''),
    },
    {
      id: 'concurrency.duplicate-remediations',
      label: `Failures replaced by more than one task, ${CONSUMERS} consumers (goal 0)`,
      value: dupWorst,
      unit: 'failures',
      baseline: { label: 'failures replaced', value: failuresReplaced, unit: 'failures' },
      ratio: dupWorst / Math.max(1, failuresReplaced),
      note:
        'the ECS double honours RunTask clientToken like ECS (a used token returns its task) and counts the tasks ' +
        `each failure really started. RunTask calls beyond the first per failure (claims let through, token ` +
        `absorbed): ${runs.map(repeatedRunTasks).join(', ')} per seed (sequential ${repeatedRunTasks(sequential)}); ` +
        `drain calls per instance > 1: ${runs.map((r) => [...r.drains.values()].filter((n) => n > 1).length).join(', ')}`,
    },
    {
      id: 'concurrency.incidents-vs-sequential',
      label: `Incidents and transitions, ${CONSUMERS} consumers vs sequential (goal 1)`,
      value: worstIncidentRun.opened.size,
      unit: 'incidents opened',
      baseline: sequentialBaseline(sequential.opened.size, 'incidents opened'),
      ratio: worstIncidents,
      note:
        'ratio: |A ∩ B| / |A ∪ B| of the (incident key, transition) pairs the two runs stored, 1 when identical ' +
        `(worst seed; per seed ${incidentRatios.map((r) => r.toFixed(3)).join(', ')}); transitions stored ` +
        `${worstIncidentRun.transitions.size} vs ${sequential.transitions.size}; only with ${CONSUMERS} consumers: ` +
        `${list(onlyConcurrent)}; only sequential: ${list(onlySequential)}. An incident that opens and escalates ` +
        'within one batch is stored once, as opened at its higher severity, so a transition pair can differ while the ' +
        'incident is the same: the next figure compares the incidents themselves',
    },
    {
      id: 'concurrency.final-incidents-vs-sequential',
      label: `Incidents left alike (key, status, severity), ${CONSUMERS} consumers vs sequential (goal 1)`,
      value: alike(worstFinalRun),
      unit: 'incidents in both runs',
      baseline: { label: 'incidents in either run', value: either(worstFinalRun), unit: 'incidents' },
      ratio: worstFinal,
      note:
        'the incidents the table holds after the burst and the sweep, each as its key, status and severity, against ' +
        `the sequential run's; ratio |A ∩ B| / |A ∪ B|, 1 when identical (worst seed; per seed ` +
        `${finalRatios.map((r) => r.toFixed(3)).join(', ')}); only with ${CONSUMERS} consumers: ` +
        `${list(difference(worstFinalRun.finalIncidents, sequential.finalIncidents))}; only sequential: ` +
        `${list(difference(sequential.finalIncidents, worstFinalRun.finalIncidents))}`,
    },
  ] satisfies BenchFigure[];
};

export default suite;
