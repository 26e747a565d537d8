import type { ClusterReport, Problem, Reason } from './types.js';
import { compareReasons } from './weights.js';

interface Located {
  reason: Reason;
  cluster: string;
  service?: string;
}

/** The degraded and critical reasons of every cluster and service, most important first, numbered from 1. */
export function rankProblems(clusters: ClusterReport[], limit: number): Problem[] {
  const located: Located[] = [];
  for (const cluster of clusters) {
    for (const reason of cluster.reasons) located.push({ reason, cluster: cluster.name });
    for (const service of cluster.services) {
      for (const reason of service.reasons) located.push({ reason, cluster: cluster.name, service: service.name });
    }
  }
  return located
    .filter((item) => item.reason.impact !== 'info')
    .sort(
      (a, b) =>
        compareReasons(a.reason, b.reason) ||
        a.cluster.localeCompare(b.cluster) ||
        (a.service ?? '').localeCompare(b.service ?? ''),
    )
    .slice(0, Math.max(0, limit))
    .map((item, index) => ({
      rank: index + 1,
      impact: item.reason.impact === 'critical' ? 'critical' : 'degraded',
      cluster: item.cluster,
      service: item.service,
      code: item.reason.code,
      text: item.reason.text,
    }));
}
