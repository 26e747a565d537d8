import { resourceIdFromArn } from '../arn.js';
import type { HealthCheck, InstanceHealthEvent } from '../events/extra-types.js';
import type { VerdictDraft } from './draft.js';
import { instanceSubjectFacts } from './instance.js';
import { inCluster, inParentheses, nameText, sentence } from './summary-text.js';
import type { Category, Facts, Remediation } from './types.js';

/**
 * The category an IMPAIRED check of each type gives, by who repairs the instance (ECS developer guide,
 * container-instance-health and managed-instances-gpu-auto-repair): AGENT_CONNECTIVITY is ECS's own verdict
 * that the agent is gone; CONTAINER_RUNTIME (EC2) nobody repairs; GPU and daemon checks exist only on Managed
 * Instances, which drain and replace the instance themselves. A type added later pages, as unknown trouble.
 */
function impairedCategory(type: string): Category {
  if (type === 'AGENT_CONNECTIVITY') return 'instance-unreachable';
  if (type === 'ACCELERATED_COMPUTE' || type === 'DAEMON') return 'managed-instance-impaired';
  return 'instance-impaired';
}

const RANK: Partial<Record<Category, number>> = {
  'instance-unreachable': 3,
  'instance-impaired': 2,
  'managed-instance-impaired': 1,
};

/** The IMPAIRED check that explains the event best (every entry is scanned: the docs don't say how many come). */
function worstImpaired(checks: readonly HealthCheck[]): { check: HealthCheck; category: Category } | undefined {
  let worst: { check: HealthCheck; category: Category } | undefined;
  for (const check of checks) {
    if (check.status !== 'IMPAIRED') continue;
    const category = impairedCategory(check.type);
    if (!worst || (RANK[category] ?? 0) > (RANK[worst.category] ?? 0)) worst = { check, category };
  }
  return worst;
}

function findCategory(event: InstanceHealthEvent): { category: Category; check?: HealthCheck } {
  const impaired = worstImpaired(event.healthChecks);
  if (impaired) return impaired;
  if (event.overallStatus === 'IMPAIRED') return { category: 'instance-impaired' };
  const allOk = event.healthChecks.length > 0 && event.healthChecks.every((check) => check.status === 'OK');
  if (event.overallStatus === 'OK' || (event.overallStatus === undefined && allOk)) {
    return { category: 'instance-healthy', check: event.healthChecks[0] };
  }
  // INITIALIZING, INSUFFICIENT_DATA or a status added later: nothing to act on yet.
  return { category: 'instance-health-unknown', check: event.healthChecks[0] };
}

const REMEDIATION: Partial<Record<Category, Remediation>> = {
  'instance-unreachable': 'drain-instance',
  'instance-impaired': 'drain-instance',
};

/** Classifies an `ECS Container Instance Health Change` event on its health checks. */
export function classifyInstanceHealth(event: InstanceHealthEvent): VerdictDraft {
  const { category, check } = findCategory(event);
  const facts = instanceSubjectFacts(event);
  if (check !== undefined) {
    facts.checkType = check.type;
    if (check.lastStatusChange !== undefined) facts.statusChangedAt = check.lastStatusChange;
    if (check.statusReason !== undefined) facts.reason = check.statusReason;
  }
  const lastStatus = check?.status ?? event.overallStatus;
  if (lastStatus !== undefined) facts.lastStatus = lastStatus;
  return { category, remediation: REMEDIATION[category] ?? 'none', facts };
}

function checksText(event: InstanceHealthEvent): string {
  return event.healthChecks.map((check) => `${check.type} ${check.status}`).join(', ');
}

/** The summary sentence of an instance health verdict. */
export function instanceHealthSummary(event: InstanceHealthEvent, category: Category, facts: Facts): string {
  const instance = `container instance ${nameText(event.ec2InstanceId ?? resourceIdFromArn(event.containerInstanceArn))}`;
  const where = sentence(`${instance}${inCluster(facts.cluster)}`);
  const check = facts.checkType ? `${facts.checkType} ${facts.lastStatus ?? ''}`.trim() : undefined;
  switch (category) {
    case 'instance-unreachable':
      return `${where} is unreachable: ECS reports its agent disconnected too long${inParentheses(facts.reason)}.`;
    case 'instance-impaired':
    case 'managed-instance-impaired':
      return `${where} is impaired${inParentheses(check ?? `overall ${event.overallStatus}`, facts.reason)}.`;
    case 'instance-healthy':
      return `${where} is healthy${inParentheses(event.overallStatus && `overall ${event.overallStatus}`, checksText(event))}.`;
    default:
      return `${where} reports health ${nameText(event.overallStatus ?? 'unknown')}${inParentheses(checksText(event))}.`;
  }
}
