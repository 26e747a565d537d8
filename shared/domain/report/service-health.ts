import { estimateBelowDesired } from './below-desired.js';
import type { HealthReportPolicy, ServiceSnapshot } from './snapshot.js';
import { cleanText, failureList, forHowLong, plural } from './text.js';
import type {
  BelowDesired,
  DeploymentSummary,
  FailureSummary,
  HealthStatus,
  Impact,
  IncidentSummary,
  Reason,
  ServiceReport,
} from './types.js';
import { compareReasons, statusOf } from './weights.js';

/** What the builder knows about a service besides its snapshot. */
export interface ServiceContext {
  nowMs: number;
  windowLabel: string;
  policy: HealthReportPolicy;
  failures: FailureSummary;
  deploymentFailures: number;
  incidents: IncidentSummary[];
}

function summarizeDeployment(service: ServiceSnapshot, ctx: ServiceContext): DeploymentSummary | undefined {
  const primary = service.deployments.find((deployment) => deployment.status === 'PRIMARY') ?? service.deployments[0];
  if (!primary) return undefined;
  const startedMs = primary.createdAt === undefined ? Number.NaN : Date.parse(primary.createdAt);
  const inProgress = primary.rolloutState === 'IN_PROGRESS' && !Number.isNaN(startedMs);
  const inProgressForMs = inProgress ? Math.max(0, ctx.nowMs - startedMs) : undefined;
  const rollingBack =
    service.deployments.some((deployment) => deployment !== primary && deployment.rolloutState === 'FAILED') ||
    /rolling back/i.test(primary.rolloutStateReason ?? '');
  return {
    id: primary.id,
    rolloutState: primary.rolloutState,
    rolloutStateReason: primary.rolloutStateReason,
    startedAt: primary.createdAt,
    inProgressForMs,
    stuck: inProgressForMs !== undefined && inProgressForMs >= ctx.policy.deploymentStuckAfterMs,
    failedTasks: primary.failedTasks,
    rollingBack,
    circuitBreaker: service.circuitBreaker,
  };
}

function countReason(service: ServiceSnapshot, below: BelowDesired | undefined): Reason[] {
  if (service.desired <= 0 || service.running >= service.desired) return [];
  const none = service.running === 0;
  const counts = `running ${service.running} of ${service.desired}`;
  const duration = below ? ` for ${below.atLeast ? 'more than ' : ''}${forHowLong(below.forMs)}` : '';
  // Zero tasks is an outage once it outlasts the stuck threshold (or when nothing says how long it has lasted).
  const impact: Impact = none && (below?.stuck ?? true) ? 'critical' : 'degraded';
  return [{ code: none ? 'no-running-tasks' : 'below-desired', impact, text: counts + duration, value: below?.forMs }];
}

function deploymentReasons(deployment: DeploymentSummary | undefined, service: ServiceSnapshot): Reason[] {
  if (!deployment) return [];
  const reasons: Reason[] = [];
  if (deployment.rolloutState === 'FAILED' || deployment.rollingBack) {
    const failed = service.deployments.find((d) => d.rolloutState === 'FAILED');
    const why = cleanText(failed?.rolloutStateReason ?? deployment.rolloutStateReason ?? '', 160);
    const what = deployment.rollingBack ? 'deployment failed, rolling back' : `deployment ${deployment.id} failed`;
    reasons.push({ code: 'deployment-failed', impact: 'degraded', text: why ? `${what}: ${why}` : what });
  }
  if (deployment.inProgressForMs !== undefined) {
    const text = `deployment in progress for ${forHowLong(deployment.inProgressForMs)}`;
    const code = deployment.stuck ? 'deployment-stuck' : 'deployment-in-progress';
    reasons.push({ code, impact: deployment.stuck ? 'degraded' : 'info', text, value: deployment.inProgressForMs });
  }
  return reasons;
}

function incidentReasons(incidents: IncidentSummary[], nowMs: number): Reason[] {
  return incidents.map((incident) => {
    const impact: Impact =
      incident.severity === 'critical' ? 'critical' : incident.severity === 'warning' ? 'degraded' : 'info';
    const age = nowMs - Date.parse(incident.openedAt);
    const since = Number.isNaN(age) ? '' : ` for ${forHowLong(age)}`;
    const text = `open ${cleanText(incident.severity, 20)} incident (${cleanText(incident.category, 40)})${since}`;
    return { code: 'open-incident', impact, text, value: Number.isNaN(age) ? undefined : age };
  });
}

/** Assesses one service: status, the reasons for it, and the figures behind them. */
export function assessService(service: ServiceSnapshot, ctx: ServiceContext): ServiceReport {
  const below = estimateBelowDesired(service, ctx.nowMs, ctx.policy.stuckAfterMs);
  const deployment = summarizeDeployment(service, ctx);
  const reasons: Reason[] = [...countReason(service, below), ...deploymentReasons(deployment, service)];
  if (ctx.failures.total >= ctx.policy.failuresToDegrade && ctx.failures.total > 0) {
    const text = `${failureList(ctx.failures.byCategory)} in ${ctx.windowLabel}`;
    reasons.push({ code: 'task-failures', impact: 'degraded', text, value: ctx.failures.total });
  }
  if (ctx.deploymentFailures > 0 && !reasons.some((reason) => reason.code === 'deployment-failed')) {
    const text = `${plural(ctx.deploymentFailures, 'failed deployment')} in ${ctx.windowLabel}`;
    reasons.push({ code: 'deployment-failures', impact: 'degraded', text, value: ctx.deploymentFailures });
  }
  reasons.push(...incidentReasons(ctx.incidents, ctx.nowMs));
  const status: HealthStatus = statusOf(reasons);
  return {
    name: service.name,
    arn: service.arn,
    status,
    reasons: sortReasons(reasons),
    desired: service.desired,
    running: service.running,
    pending: service.pending,
    belowDesired: below,
    deployment,
    failures: ctx.failures,
    deploymentFailures: ctx.deploymentFailures,
    openIncidents: ctx.incidents,
  };
}

/** Reasons most important first. */
export function sortReasons(reasons: Reason[]): Reason[] {
  return [...reasons].sort(compareReasons);
}
