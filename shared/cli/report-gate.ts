import { formatDuration } from '../domain/duration.js';
import { DEFAULT_REPORT_EXTRAS } from '../domain/report/build-report.js';
import { rankProblems } from '../domain/report/rank.js';
import { countReport, overallStatus } from '../domain/report/report-counts.js';
import type { ClusterReport, HealthReport, Reason, ReasonCode, ServiceReport } from '../domain/report/types.js';
import { statusOf, worse } from '../domain/report/weights.js';

/** How `report` judges the fleet for a pipeline: which services count, and how long a fresh deployment may settle. */
export interface GateOptions {
  /** Only these services count (`--service`); cluster-wide reasons (instances, standalone tasks) do not. */
  services?: string[];
  /** A deployment younger than this is not judged on what settles by itself (`--grace`). */
  graceMs?: number;
}

// What a deployment in its first minutes shows as a matter of course: tasks not yet running, the rollout
// still in progress. Failures (exits, a failed deployment, open incidents) are judged at once.
const SETTLING: ReadonlySet<ReasonCode> = new Set([
  'no-running-tasks',
  'below-desired',
  'deployment-in-progress',
  'deployment-stuck',
]);

function settle(service: ServiceReport, nowMs: number, graceMs: number): ServiceReport {
  const started = Date.parse(service.deployment?.startedAt ?? '');
  const ageMs = nowMs - started;
  if (!Number.isFinite(ageMs) || ageMs >= graceMs) return service;
  const note = ` (deployment started ${formatDuration(ageMs)} ago, within --grace ${formatDuration(graceMs)}: not judged yet)`;
  const reasons = service.reasons.map(
    (reason): Reason =>
      SETTLING.has(reason.code) && reason.impact !== 'info'
        ? { ...reason, impact: 'info', text: reason.text + note }
        : reason,
  );
  return { ...service, reasons, status: statusOf(reasons) };
}

function rejudge(cluster: ClusterReport, options: GateOptions, nowMs: number): ClusterReport {
  if (cluster.status === 'UNKNOWN') return cluster;
  const graceMs = options.graceMs ?? 0;
  const services = cluster.services.map((service) => (graceMs > 0 ? settle(service, nowMs, graceMs) : service));
  const reasons = options.services ? [] : cluster.reasons;
  const status = services.reduce((acc, service) => worse(acc, service.status), statusOf(reasons));
  return { ...cluster, reasons, services, status };
}

// What the fleet reader says of a named cluster that DescribeClusters reports MISSING.
const CLUSTER_NOT_FOUND = 'cluster not found';

/** The named clusters that do not exist: like a mistyped service, a mistyped cluster must not reach a verdict. */
export function clustersNotFound(report: HealthReport): string[] {
  return report.clusters.filter((cluster) => cluster.error === CLUSTER_NOT_FOUND).map((cluster) => cluster.name);
}

/** The requested services that no readable cluster has: a typo must fail the gate, not pass it. */
export function servicesNotFound(report: HealthReport, services: string[]): string[] {
  const readable = report.clusters.filter((cluster) => cluster.status !== 'UNKNOWN');
  if (readable.length < report.clusters.length) return [];
  const present = new Set(readable.flatMap((cluster) => cluster.services.map((service) => service.name)));
  return services.filter((name) => !present.has(name));
}

/**
 * The report as the gate judges it: with `services`, the status is theirs alone (a cluster's other trouble
 * does not fail a deploy of one service); with `graceMs`, a deployment younger than that is not failed for
 * tasks still starting. Statuses, counts and ranked problems are worked out again, with a note saying so.
 */
export function applyGate(report: HealthReport, options: GateOptions): HealthReport {
  if (!options.services?.length && !options.graceMs) return report;
  const nowMs = Date.parse(report.generatedAt);
  const clusters = report.clusters.map((cluster) => rejudge(cluster, options, nowMs));
  const notes = [...report.notes];
  if (options.services?.length) {
    notes.push(
      `status of the named services only (--service ${options.services.join(', ')}); cluster-wide reasons left out`,
    );
  }
  return {
    ...report,
    status: overallStatus(clusters),
    counts: countReport(clusters),
    topProblems: rankProblems(clusters, Math.max(report.topProblems.length, DEFAULT_REPORT_EXTRAS.topProblems)),
    clusters,
    notes,
  };
}
