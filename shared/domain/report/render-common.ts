import { cleanText, failureList, plural, windowLabel } from './text.js';
import type { ClusterReport, ClusterStatus, HealthReport, Problem, ServiceReport } from './types.js';

/** `prod / api`, or `prod` for a cluster-level problem; names cleaned of control characters. */
export function whereText(problem: Pick<Problem, 'cluster' | 'service'>): string {
  const cluster = cleanText(problem.cluster, 120);
  return problem.service === undefined ? cluster : `${cluster} / ${cleanText(problem.service, 120)}`;
}

/** One-line summary of the whole report: `3 clusters (1 CRITICAL, 2 HEALTHY) · 42 services · 12 instances`. */
export function headline(report: HealthReport): string {
  const byStatus = Object.entries(report.counts.clusters)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  const services = Object.values(report.counts.services).reduce((sum, count) => sum + count, 0);
  const clusters = plural(report.clusters.length, 'cluster');
  return [
    byStatus ? `${clusters} (${byStatus})` : clusters,
    plural(services, 'service'),
    plural(report.counts.instances.registered, 'instance'),
    `${plural(report.counts.failures.total, 'task failure')} in ${windowLabel(report.window.ms)}`,
  ].join(' · ');
}

/**
 * The status word of a ranked problem, the same word the cluster or service carries: a cluster that could
 * not be read is UNKNOWN everywhere, never DEGRADED in one place and UNKNOWN in another.
 */
export function problemStatus(problem: Pick<Problem, 'code' | 'impact'>): ClusterStatus {
  if (problem.code === 'cluster-unreadable') return 'UNKNOWN';
  return problem.impact === 'critical' ? 'CRITICAL' : 'DEGRADED';
}

/** Instances of a cluster in a few words: `6 instances, 1 disconnected, 1 draining, CPU 45% / memory 60% reserved`. */
export function instancesText(cluster: ClusterReport): string {
  const i = cluster.instances;
  if (i.registered === 0) return 'no container instances';
  const parts = [`${i.registered} instance${i.registered === 1 ? '' : 's'}`];
  if (i.disconnected > 0) parts.push(`${i.disconnected} disconnected`);
  if (i.draining > 0) parts.push(`${i.draining} draining`);
  if (i.cpuReservedPct !== null && i.memoryReservedPct !== null) {
    parts.push(`CPU ${i.cpuReservedPct}% / memory ${i.memoryReservedPct}% reserved`);
  }
  return parts.join(', ');
}

/** A service's failures in the window, or `-`. */
export function failuresText(service: ServiceReport): string {
  return service.failures.total > 0 ? failureList(service.failures.byCategory, 2) : '-';
}

/** The primary deployment in a word or two: `IN_PROGRESS 52 min`, `COMPLETED`, `-`. */
export function deploymentText(service: ServiceReport): string {
  const deployment = service.deployment;
  if (!deployment?.rolloutState) return '-';
  const state = cleanText(deployment.rolloutState, 20);
  if (deployment.inProgressForMs === undefined) return state;
  const minutes = Math.floor(deployment.inProgressForMs / 60_000);
  return `${state} ${minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`}`;
}

/** Services that are not healthy; healthy ones are only counted, so big fleets stay readable. */
export function unhealthyServices(cluster: ClusterReport): ServiceReport[] {
  return cluster.services.filter((service) => service.status !== 'HEALTHY');
}
