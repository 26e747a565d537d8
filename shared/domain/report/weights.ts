import type { ClusterStatus, HealthStatus, Impact, Reason, ReasonCode } from './types.js';

/** Rank of each impact, for ordering. */
export const IMPACT_RANK: Record<Impact, number> = { info: 0, degraded: 1, critical: 2 };

/** Rank of each status; UNKNOWN sits between DEGRADED and CRITICAL (unseen is worse than known-degraded). */
export const STATUS_RANK: Record<ClusterStatus, number> = { HEALTHY: 0, DEGRADED: 1, UNKNOWN: 2, CRITICAL: 3 };

/** How much a reason matters among reasons of the same impact (higher first). */
export const CODE_WEIGHT: Record<ReasonCode, number> = {
  'no-running-tasks': 100,
  'cluster-unreadable': 95,
  'agent-disconnected': 90,
  'open-incident': 85,
  'deployment-failed': 80,
  'below-desired': 70,
  'deployment-stuck': 65,
  'instances-lost': 60,
  'task-failures': 50,
  'standalone-failures': 45,
  'deployment-failures': 40,
  'deployment-in-progress': 20,
  'instances-draining': 15,
  'high-reservation': 10,
};

/** Orders reasons by impact, then weight, then the number behind them. */
export function compareReasons(a: Reason, b: Reason): number {
  return (
    IMPACT_RANK[b.impact] - IMPACT_RANK[a.impact] ||
    CODE_WEIGHT[b.code] - CODE_WEIGHT[a.code] ||
    (b.value ?? 0) - (a.value ?? 0) ||
    a.text.localeCompare(b.text)
  );
}

/** Status that a set of reasons adds up to: the worst impact (info counts as healthy). */
export function statusOf(reasons: Reason[]): HealthStatus {
  const worst = Math.max(0, ...reasons.map((reason) => IMPACT_RANK[reason.impact]));
  return worst === 2 ? 'CRITICAL' : worst === 1 ? 'DEGRADED' : 'HEALTHY';
}

/** The worse of two statuses. */
export function worse<T extends ClusterStatus>(a: T, b: T): T {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a;
}
