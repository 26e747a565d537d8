import type { ClusterSnapshot, HealthReportPolicy } from './snapshot.js';
import { cleanText, failureList, forHowLong, plural } from './text.js';
import type {
  ClusterReport,
  FailureSummary,
  IncidentSummary,
  InstanceSummary,
  Reason,
  ServiceReport,
  StandaloneSummary,
} from './types.js';
import { compareReasons, statusOf, worse } from './weights.js';

/** What the builder knows about a cluster besides its snapshot. */
export interface ClusterContext {
  windowLabel: string;
  policy: HealthReportPolicy;
  lostInstances: number;
  standaloneFailures: ({ family: string } & FailureSummary)[];
  incidents: IncidentSummary[];
}

function instanceReasons(summary: InstanceSummary, policy: HealthReportPolicy): Reason[] {
  const reasons: Reason[] = [];
  if (summary.disconnected > 0) {
    const all = summary.disconnected === summary.registered;
    const longest = Math.max(-1, ...summary.disconnectedInstances.map((instance) => instance.disconnectedForMs ?? -1));
    const everyOne = summary.registered === 1 ? 'the only instance' : `all ${summary.registered} instances`;
    const scope = all ? everyOne : `${summary.disconnected} of ${summary.registered} instances`;
    const duration = longest >= 0 ? ` for ${forHowLong(longest)}` : '';
    reasons.push({
      code: 'agent-disconnected',
      impact: all ? 'critical' : 'degraded',
      text: `agent disconnected on ${scope}${duration}`,
      value: longest >= 0 ? longest : undefined,
    });
  }
  if (summary.draining > 0) {
    const text = `${summary.draining} of ${plural(summary.registered, 'instance')} draining`;
    reasons.push({ code: 'instances-draining', impact: 'info', text, value: summary.draining });
  }
  for (const [resource, pct] of [
    ['CPU', summary.cpuReservedPct],
    ['memory', summary.memoryReservedPct],
  ] as const) {
    if (pct !== null && pct >= policy.highReservationPct) {
      reasons.push({ code: 'high-reservation', impact: 'info', text: `${resource} reserved ${pct}%`, value: pct });
    }
  }
  return reasons;
}

function failureReasons(ctx: ClusterContext): Reason[] {
  const reasons: Reason[] = [];
  if (ctx.lostInstances > 0) {
    const text = `${plural(ctx.lostInstances, 'instance')} lost in ${ctx.windowLabel}`;
    reasons.push({ code: 'instances-lost', impact: 'degraded', text, value: ctx.lostInstances });
  }
  for (const family of ctx.standaloneFailures) {
    if (family.total < ctx.policy.failuresToDegrade || family.total === 0) continue;
    const text = `${failureList(family.byCategory)} of standalone family ${cleanText(family.family, 80)} in ${ctx.windowLabel}`;
    reasons.push({ code: 'standalone-failures', impact: 'degraded', text, value: family.total });
  }
  for (const incident of ctx.incidents) {
    if (incident.severity !== 'critical' && incident.severity !== 'warning') continue;
    const text = `open ${incident.severity} incident (${cleanText(incident.category, 40)}) on ${cleanText(incident.key, 120)}`;
    reasons.push({ code: 'open-incident', impact: incident.severity === 'critical' ? 'critical' : 'degraded', text });
  }
  return reasons;
}

/** Standalone tasks: the cluster's RUNNING count minus what its services run (exact only with every service read). */
export function countStandalone(snapshot: ClusterSnapshot): number | null {
  if (!snapshot.allServices || snapshot.runningTasks === undefined) return null;
  const inServices = snapshot.services.reduce((sum, service) => sum + service.running, 0);
  return Math.max(0, snapshot.runningTasks - inServices);
}

/** Assesses one cluster from its instances, failures and already assessed services. */
export function assessCluster(
  snapshot: ClusterSnapshot,
  instances: InstanceSummary,
  services: ServiceReport[],
  ctx: ClusterContext,
): ClusterReport {
  const standalone: StandaloneSummary = { running: countStandalone(snapshot), failures: ctx.standaloneFailures };
  const base = { name: snapshot.name, arn: snapshot.arn, instances, standalone, lostInstances: ctx.lostInstances };
  if (snapshot.error !== undefined) {
    const error = cleanText(snapshot.error, 300);
    const reasons: Reason[] = [{ code: 'cluster-unreadable', impact: 'degraded', text: `could not read: ${error}` }];
    return { ...base, status: 'UNKNOWN', reasons, error, services, openIncidents: ctx.incidents };
  }
  const reasons = [...instanceReasons(instances, ctx.policy), ...failureReasons(ctx)].sort(compareReasons);
  const status = services.reduce((worst, service) => worse(worst, service.status), statusOf(reasons));
  return { ...base, status, reasons, services, openIncidents: ctx.incidents };
}
