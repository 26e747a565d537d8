import type { Incident } from '../incidents/types.js';
import { assessCluster } from './cluster-health.js';
import { summarizeInstances } from './instances.js';
import { rankProblems } from './rank.js';
import { countReport, overallStatus } from './report-counts.js';
import { assessService } from './service-health.js';
import type { BuildInput, ClusterSnapshot, FailureMetrics, FleetSnapshot, HealthReportPolicy } from './snapshot.js';
import { cleanText, windowLabel } from './text.js';
import type { ClusterReport, FailureSummary, HealthReport, IncidentSummary, StandaloneFailures } from './types.js';
import { STATUS_RANK } from './weights.js';

/** Builder thresholds that are not configuration: an experienced operator's defaults. */
export const DEFAULT_REPORT_EXTRAS: Omit<HealthReportPolicy, 'stuckAfterMs' | 'deploymentStuckAfterMs'> = {
  failuresToDegrade: 1,
  highReservationPct: 90,
  topProblems: 10,
};

const FAMILY_PREFIX = 'family:';

function addTo(summaries: Map<string, FailureSummary>, key: string, category: string, count: number): void {
  const summary = summaries.get(key) ?? { total: 0, byCategory: {} };
  summary.total += count;
  summary.byCategory[category] = (summary.byCategory[category] ?? 0) + count;
  summaries.set(key, summary);
}

function addSeries(series: Map<string, number[]>, key: string, buckets: number[] | undefined): void {
  if (!buckets) return;
  const sum = series.get(key) ?? new Array<number>(buckets.length).fill(0);
  buckets.forEach((count, i) => {
    sum[i] = (sum[i] ?? 0) + count;
  });
  series.set(key, sum);
}

function indexFailures(metrics: FailureMetrics | undefined) {
  const tasks = new Map<string, FailureSummary>();
  const series = new Map<string, number[]>();
  const deployments = new Map<string, number>();
  const lost = new Map<string, number>();
  for (const row of metrics?.taskFailures ?? []) {
    if (row.count <= 0) continue;
    addTo(tasks, `${row.cluster}\n${row.service}`, row.category, row.count);
    if (metrics?.buckets) addSeries(series, `${row.cluster}\n${row.service}`, row.buckets);
  }
  for (const row of metrics?.deploymentFailures ?? []) {
    const key = `${row.cluster}\n${row.service}`;
    deployments.set(key, (deployments.get(key) ?? 0) + row.count);
  }
  for (const row of metrics?.lostInstances ?? []) lost.set(row.cluster, (lost.get(row.cluster) ?? 0) + row.count);
  return { tasks, deployments, lost, series, grid: metrics?.buckets };
}

function summarizeIncident(incident: Incident): IncidentSummary {
  const { key, category, severity, openedAt, totalFailures, lastEventAt, escalatedAt, lastAlertAt } = incident;
  return {
    key,
    category,
    severity,
    openedAt,
    totalFailures,
    lastEventAt,
    ...(escalatedAt === undefined ? {} : { escalatedAt }),
    lastAlertAt,
    lastTransition: incident.lastTransition,
    // Items written by older versions may lack the lists.
    recentFailures: [...(incident.recentFailures ?? [])].sort(),
    notes: incident.silenced ? [silencedNote(incident.silenced), ...(incident.notes ?? [])] : (incident.notes ?? []),
  };
}

/** `Silenced until 2026-03-02 14:00 UTC by alice: load test` (pages when it ends if still failing). */
function silencedNote(state: NonNullable<Incident['silenced']>): string {
  const until = `${state.until.slice(0, 16).replace('T', ' ')} UTC`;
  return `Silenced until ${until} by ${state.by}: ${state.reason}${state.ended ? ' (ended; pages if it fails again)' : ''}`;
}

function clusterName(value: string): string {
  return value.startsWith('arn:') ? (value.split(':cluster/')[1] ?? value) : value;
}

function buildCluster(
  snapshot: ClusterSnapshot,
  input: BuildInput,
  failures: ReturnType<typeof indexFailures>,
): ClusterReport {
  const nowMs = Date.parse(input.now);
  const label = windowLabel(input.windowMs);
  // Its failure metrics: same-named clusters of other accounts or Regions have series of their own.
  const metricName = snapshot.metricCluster ?? snapshot.name;
  // Same-named clusters of two accounts or Regions are two rows: each gets its own account's incidents.
  const sameScope = (i: Incident) =>
    !snapshot.account || (i.account === snapshot.account && i.region === snapshot.region);
  const open = input.incidents.filter(
    (i) => i.status === 'open' && clusterName(i.cluster) === snapshot.name && sameScope(i),
  );
  const ofService = (name: string) => open.filter((i) => i.subject.kind === 'service' && i.subject.name === name);
  const services = snapshot.services.map((service) => {
    const key = `${metricName}\n${service.name}`;
    const report = assessService(service, {
      nowMs,
      windowLabel: label,
      policy: input.policy,
      failures: failures.tasks.get(key) ?? { total: 0, byCategory: {} },
      deploymentFailures: failures.deployments.get(key) ?? 0,
      incidents: ofService(service.name).map(summarizeIncident),
    });
    const counts = failures.series.get(key);
    if (counts && failures.grid)
      report.failureSeries = { start: failures.grid.start, bucketMs: failures.grid.ms, counts };
    return report;
  });
  services.sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status] || a.name.localeCompare(b.name));
  const shown = new Set(snapshot.services.map((service) => service.name));
  const standaloneFailures = [...failures.tasks]
    .filter(([key]) => key.startsWith(`${metricName}\n${FAMILY_PREFIX}`))
    .map(([key, summary]): StandaloneFailures => {
      const family = { family: key.slice(metricName.length + 1 + FAMILY_PREFIX.length), ...summary };
      const counts = failures.series.get(key);
      if (!counts || !failures.grid) return family;
      return { ...family, failureSeries: { start: failures.grid.start, bucketMs: failures.grid.ms, counts } };
    })
    .sort((a, b) => b.total - a.total || a.family.localeCompare(b.family));
  const report = assessCluster(snapshot, summarizeInstances(snapshot.instances, nowMs), services, {
    windowLabel: label,
    policy: input.policy,
    lostInstances: failures.lost.get(metricName) ?? 0,
    standaloneFailures,
    incidents: open.filter((i) => !(i.subject.kind === 'service' && shown.has(i.subject.name))).map(summarizeIncident),
  });
  return snapshot.account ? { ...report, account: snapshot.account, region: snapshot.region } : report;
}

/** With clusters of several accounts or Regions, each row is named `account/region/cluster` wherever it is shown. */
function nameByScope(clusters: ClusterReport[]): ClusterReport[] {
  const scopes = new Set(clusters.map((c) => `${c.account ?? ''}/${c.region ?? ''}`));
  if (scopes.size < 2) return clusters;
  return clusters.map((c) => (c.account ? { ...c, name: `${c.account}/${c.region}/${c.name}` } : c));
}

function compactWindow(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 60_000)}m`;
}

/** Builds the health report from what was read; pure: the clock, incidents and thresholds are inputs. */
export function buildHealthReport(snapshot: FleetSnapshot, input: BuildInput): HealthReport {
  const failures = indexFailures(snapshot.metrics);
  const clusters = nameByScope(snapshot.clusters.map((cluster) => buildCluster(cluster, input, failures)));
  clusters.sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status] || a.name.localeCompare(b.name));
  const notes: string[] = [];
  if (clusters.length === 0) notes.push('no clusters in scope');
  if (snapshot.metrics?.error !== undefined) {
    notes.push(`failure counts unavailable: ${cleanText(snapshot.metrics.error, 200)}`);
  }
  if (snapshot.servicesNotFound?.length) {
    notes.push(`services not found: ${snapshot.servicesNotFound.map((name) => cleanText(name, 80)).join(', ')}`);
  }
  for (const note of snapshot.notes ?? []) notes.push(cleanText(note, 300));
  const nowMs = Date.parse(input.now);
  return {
    schemaVersion: 1,
    generatedAt: input.now,
    window: {
      label: compactWindow(input.windowMs),
      ms: input.windowMs,
      start: new Date(nowMs - input.windowMs).toISOString(),
      end: new Date(nowMs).toISOString(),
    },
    status: overallStatus(clusters),
    counts: countReport(clusters),
    topProblems: rankProblems(clusters, input.policy.topProblems),
    clusters,
    notes,
  };
}
