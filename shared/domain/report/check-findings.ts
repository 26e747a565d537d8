import { parseArn } from '../arn.js';
import type { Facts, Verdict } from '../classify/types.js';
import { cleanText, forHowLong } from './text.js';
import type { ClusterReport, HealthReport } from './types.js';

/** A failure no ECS event announced, found by the periodic check, as a verdict for the alerting pipeline. */
export interface CheckFinding {
  kind: 'stuck-service' | 'stuck-deployment' | 'instance-disconnected';
  cluster: string;
  /** Service name or container instance ARN. */
  subject: string;
  verdict: Verdict;
  /**
   * `check#<cluster>/<subject>#<kind>#<check time>`: each check's sighting reaches the pipeline, where a
   * finding seen again keeps its open incident open without a new message (a key per hour let the incident
   * go quiet and resolve within the hour, then re-open at the next one).
   */
  dedupKey: string;
}

function scopeOf(
  cluster: ClusterReport,
  now: string,
): Pick<Facts, 'account' | 'region' | 'time' | 'cluster' | 'clusterArn'> {
  const arn = cluster.arn ? parseArn(cluster.arn) : undefined;
  // A report across accounts names rows `account/region/cluster`; the facts name the cluster as its events do.
  const prefix = cluster.account ? `${cluster.account}/${cluster.region}/` : undefined;
  const name = prefix && cluster.name.startsWith(prefix) ? cluster.name.slice(prefix.length) : cluster.name;
  return {
    account: arn?.account ?? cluster.account ?? '',
    region: arn?.region ?? cluster.region ?? '',
    time: now,
    cluster: name,
    clusterArn: cluster.arn,
  };
}

function dedupKey(cluster: string, subject: string, kind: CheckFinding['kind'], now: string): string {
  return `check#${cluster}/${subject}#${kind}#${now}`;
}

function verdict(partial: Pick<Verdict, 'category' | 'severity' | 'summary' | 'facts' | 'remediation'>): Verdict {
  return { ...partial, alert: partial.severity === 'critical' || partial.severity === 'warning' };
}

function serviceFindings(cluster: ClusterReport, now: string): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const name = cleanText(cluster.name, 120);
  for (const service of cluster.services) {
    const facts: Facts = {
      ...scopeOf(cluster, now),
      service: service.name,
      serviceArn: service.arn,
      resourceArn: service.arn,
    };
    const who = `Service ${cleanText(service.name, 120)} in ${name}`;
    const below = service.belowDesired;
    if (below?.stuck) {
      const duration = `${below.atLeast ? 'more than ' : ''}${forHowLong(below.forMs)}`;
      const summary = `${who} has run ${service.running} of ${service.desired} tasks for ${duration}; no ECS event announced it.`;
      findings.push({
        kind: 'stuck-service',
        cluster: cluster.name,
        subject: service.name,
        verdict: verdict({
          category: 'start-impaired',
          severity: service.running === 0 ? 'critical' : 'warning',
          remediation: 'none',
          summary,
          facts: { ...facts, eventName: 'LOOKOUT_CHECK_STUCK_SERVICE' },
        }),
        dedupKey: dedupKey(cluster.name, service.name, 'stuck-service', now),
      });
    }
    const deployment = service.deployment;
    if (deployment?.stuck && deployment.inProgressForMs !== undefined) {
      const id = cleanText(deployment.id, 80);
      const summary = `${who}: deployment ${id} has been in progress for ${forHowLong(deployment.inProgressForMs)} (running ${service.running} of ${service.desired}); no ECS event announced it.`;
      findings.push({
        kind: 'stuck-deployment',
        cluster: cluster.name,
        subject: service.name,
        verdict: verdict({
          category: 'start-impaired',
          severity: 'warning',
          remediation: 'none',
          summary,
          facts: { ...facts, deploymentId: deployment.id, eventName: 'LOOKOUT_CHECK_STUCK_DEPLOYMENT' },
        }),
        dedupKey: dedupKey(cluster.name, service.name, 'stuck-deployment', now),
      });
    }
  }
  return findings;
}

function instanceFindings(cluster: ClusterReport, now: string): CheckFinding[] {
  return cluster.instances.disconnectedInstances.map((instance) => {
    const label = instance.ec2InstanceId ?? instance.id;
    const since = instance.disconnectedForMs === undefined ? '' : ` for ${forHowLong(instance.disconnectedForMs)}`;
    const summary = `The ECS agent on container instance ${cleanText(label, 80)} in cluster ${cleanText(cluster.name, 120)} is disconnected${since} (found by the health check).`;
    // Severity info like the classifier's: the pipeline's grace period decides whether the instance is lost.
    return {
      kind: 'instance-disconnected' as const,
      cluster: cluster.name,
      subject: instance.arn,
      verdict: verdict({
        category: 'instance-disconnected',
        severity: 'info',
        remediation: 'drain-instance',
        summary,
        facts: {
          ...scopeOf(cluster, now),
          resourceArn: instance.arn,
          containerInstanceArn: instance.arn,
          ec2InstanceId: instance.ec2InstanceId,
          lastStatus: 'ACTIVE',
          eventName: 'LOOKOUT_CHECK_DISCONNECTED',
        },
      }),
      dedupKey: dedupKey(cluster.name, instance.id, 'instance-disconnected', now),
    };
  });
}

/**
 * The silent failures of a report, as synthetic verdicts: services below desired past the stuck threshold
 * (start-impaired), deployments in progress too long (start-impaired), and disconnected agents
 * (instance-disconnected; the pipeline's grace period decides when the instance counts as lost).
 * Unreadable clusters yield nothing: no finding is made from missing data.
 */
export function findCheckFindings(report: HealthReport): CheckFinding[] {
  return report.clusters
    .filter((cluster) => cluster.status !== 'UNKNOWN')
    .flatMap((cluster) => [
      ...serviceFindings(cluster, report.generatedAt),
      ...instanceFindings(cluster, report.generatedAt),
    ]);
}
