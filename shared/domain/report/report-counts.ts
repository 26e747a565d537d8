import type { ClusterReport, ClusterStatus, HealthStatus, ReportCounts } from './types.js';
import { STATUS_RANK } from './weights.js';

/**
 * Status of the whole report: the worst known cluster status. A cluster that could not be read makes
 * an otherwise healthy fleet DEGRADED (nobody can vouch for it); UNKNOWN only when no cluster could be read.
 */
export function overallStatus(clusters: ClusterReport[]): ClusterStatus {
  const known = clusters.filter((cluster) => cluster.status !== 'UNKNOWN');
  if (clusters.length > 0 && known.length === 0) return 'UNKNOWN';
  const worst = known.reduce<HealthStatus>(
    (acc, cluster) => (STATUS_RANK[cluster.status] > STATUS_RANK[acc] ? (cluster.status as HealthStatus) : acc),
    'HEALTHY',
  );
  return worst === 'HEALTHY' && known.length < clusters.length ? 'DEGRADED' : worst;
}

/** Totals over every cluster and service of the report. */
export function countReport(clusters: ClusterReport[]): ReportCounts {
  const counts: ReportCounts = {
    clusters: { HEALTHY: 0, DEGRADED: 0, CRITICAL: 0, UNKNOWN: 0 },
    services: { HEALTHY: 0, DEGRADED: 0, CRITICAL: 0 },
    instances: { registered: 0, connected: 0, disconnected: 0, draining: 0 },
    tasks: { desired: 0, running: 0, pending: 0, standalone: 0 },
    failures: { total: 0, byCategory: {} },
    openIncidents: 0,
  };
  const addFailures = (byCategory: Record<string, number>) => {
    for (const [category, count] of Object.entries(byCategory)) {
      counts.failures.total += count;
      counts.failures.byCategory[category] = (counts.failures.byCategory[category] ?? 0) + count;
    }
  };
  for (const cluster of clusters) {
    counts.clusters[cluster.status] += 1;
    counts.instances.registered += cluster.instances.registered;
    counts.instances.connected += cluster.instances.connected;
    counts.instances.disconnected += cluster.instances.disconnected;
    counts.instances.draining += cluster.instances.draining;
    counts.tasks.standalone += cluster.standalone.running ?? 0;
    counts.openIncidents += cluster.openIncidents.length;
    for (const family of cluster.standalone.failures) addFailures(family.byCategory);
    for (const service of cluster.services) {
      counts.services[service.status] += 1;
      counts.tasks.desired += service.desired;
      counts.tasks.running += service.running;
      counts.tasks.pending += service.pending;
      counts.openIncidents += service.openIncidents.length;
      addFailures(service.failures.byCategory);
    }
  }
  return counts;
}
