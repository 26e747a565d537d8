import type { RunTaskRequest } from '../../ports/ecs-actions.js';
import { clusterNameFromArn, familyFromTaskDefinitionArn, resourceIdFromArn } from '../arn.js';
import type { Category, Verdict } from '../classify/types.js';
import type { RemediationPolicy } from '../config.js';
import type { TaskEvent } from '../events/types.js';
import { isoTime, toIso } from '../incidents/time.js';
import type { Incident, PendingDisconnect } from '../incidents/types.js';
import { taskClaimKey } from './claim-key.js';
import { buildRunTaskRequest, needsNetwork, replacementNetwork } from './run-task-request.js';

/** The ECS action a remediation takes. */
export type RemediationAction = 'run-task' | 'drain-instance' | 'deregister-instance';

/** One remediation to run at most once (claim) and within a budget; `dry-run` only records it. */
export interface RemediationPlan {
  action: RemediationAction;
  /** Stopped task ARN, or container instance ARN. */
  target: string;
  /** Cluster (name or ARN) the action runs in. */
  cluster?: string;
  /** Who it is for, in words: the task family or the instance id. */
  subject?: string;
  /** One claim per failure: `run-task#<stoppedTaskArn>` or `instance#<arn>#<incident openedAt>`. */
  claimKey: string;
  /** Hour bucket of the event time: `budget#<account>/<region>/<family>#<YYYY-MM-DDTHH>`. */
  budgetKey?: string;
  budgetLimit?: number;
  clientToken?: string;
  request?: RunTaskRequest;
  mode: 'dry-run' | 'on';
}

/** A plan, or the human reason there is none. */
export interface PlanOutcome {
  plan?: RemediationPlan;
  skipped?: string;
  /** What the outcome is about, for the note wording. */
  scope?: 'task' | 'instance';
  /** True when an opted-in task that should be replaced can't be (no network, no budget): its run is lost. */
  refused?: boolean;
  /** True when only the task's opt-in is missing: its tags (unknown yet) could still opt it in. */
  optInMissing?: boolean;
}

/** Task tag that opts a standalone task in to replacement. */
export const OPT_IN_TAG = 'ecs-lookout:replace';

const WOULD_FAIL_AGAIN: ReadonlySet<Category> = new Set<Category>(['oom', 'image-pull', 'start-failure']);
const TRANSIENT: ReadonlySet<Category> = new Set<Category>(['spot-interruption', 'instance-loss', 'maintenance']);

const skipTask = (skipped: string): PlanOutcome => ({ skipped, scope: 'task' });
const refuseTask = (skipped: string): PlanOutcome => ({ skipped, scope: 'task', refused: true });

/** UTC hour of an ISO time, `YYYY-MM-DDTHH`; undefined when unreadable. */
export function hourBucket(time: string): string | undefined {
  const { ms, iso } = isoTime(time);
  return Number.isFinite(ms) ? (iso ?? toIso(ms)).slice(0, 13) : undefined;
}

function causeSkip(category: Category, policy: RemediationPolicy): string | undefined {
  if (WOULD_FAIL_AGAIN.has(category)) return `${category} would fail again: not replaced`;
  if (category === 'app-exit')
    return policy.replaceAppExit ? undefined : 'app-exit is not replaced (replaceAppExit is off)';
  return TRANSIENT.has(category) ? undefined : `${category} is not a transient cause: not replaced`;
}

/** Whether a stopped standalone task gets a replacement, and the exact RunTask to send if so. Pure. */
export function planTaskRemediation(input: {
  verdict: Verdict;
  event: TaskEvent;
  policy: RemediationPolicy;
  taggedOptIn: boolean;
  /** The stopped task's tags (ListTagsForResource) when the event carries none: the replacement gets them. */
  tags?: Record<string, string>;
}): PlanOutcome {
  const { verdict, event, policy } = input;
  const facts = verdict.facts;
  if (policy.mode === 'off') return skipTask('remediation off');
  const serviceTask =
    facts.standalone === false ||
    !!facts.service ||
    !!event.group?.startsWith('service:') ||
    !!event.startedBy?.startsWith('ecs-svc/');
  if (serviceTask) return skipTask('service task: the ECS scheduler replaces it');
  const cause = causeSkip(verdict.category, policy);
  if (cause) return skipTask(cause);
  if (!event.taskDefinitionArn) return skipTask('the event names no task definition');
  const family = facts.family ?? familyFromTaskDefinitionArn(event.taskDefinitionArn);
  const optedIn = input.taggedOptIn || event.tags?.[OPT_IN_TAG] === 'true' || policy.replaceFamilies.includes(family);
  if (!optedIn) return { ...skipTask(`not opted in (family ${family})`), optInMissing: true };
  if (policy.budgetPerHour <= 0) return refuseTask('replacement budget is 0 per hour');
  const hour = hourBucket(facts.time || event.meta.time);
  if (!hour) return refuseTask('the event time is unreadable');
  const cluster = facts.cluster ?? clusterNameFromArn(event.clusterArn);
  const network = replacementNetwork(event, policy, cluster);
  if (!network && needsNetwork(event))
    return refuseTask(`no network settings for a Fargate replacement in cluster ${cluster}`);
  const request = buildRunTaskRequest(event, event.taskDefinitionArn, network, input.tags);
  const account = facts.account || event.meta.account;
  const region = facts.region || event.meta.region;
  return {
    scope: 'task',
    plan: {
      action: 'run-task',
      target: event.taskArn,
      cluster: event.clusterArn,
      subject: family,
      claimKey: taskClaimKey(event.taskArn),
      budgetKey: `budget#${account}/${region}/${family}#${hour}`,
      budgetLimit: policy.budgetPerHour,
      clientToken: request.clientToken,
      request,
      mode: policy.mode === 'dry-run' ? 'dry-run' : 'on',
    },
  };
}

/**
 * Whether a confirmed lost instance is drained or deregistered. Instance actions share the per-hour budget
 * number, counted per cluster, so a mass disconnect (an ECS or network outage) can't empty a cluster.
 */
export function planInstanceRemediation(input: {
  incident: Incident;
  pending?: PendingDisconnect;
  policy: RemediationPolicy;
}): PlanOutcome {
  const { incident, policy } = input;
  const skip = (skipped: string): PlanOutcome => ({ skipped, scope: 'instance' });
  if (policy.mode === 'off') return skip('remediation off');
  if (incident.group !== 'instance-lost' || incident.subject.kind !== 'instance')
    return skip('not a lost-instance incident');
  if (policy.instanceAction === 'none') return skip('instance action is none');
  // ECS Managed Instances drain and replace an impaired instance themselves (auto-repair).
  if (incident.category === 'managed-instance-impaired') return skip('ECS Managed Instances repair it themselves');
  if (policy.budgetPerHour <= 0) return skip('remediation budget is 0 per hour');
  const arn = incident.subject.name;
  const hour = hourBucket(incident.openedAt) ?? 'unknown';
  return {
    scope: 'instance',
    plan: {
      action: policy.instanceAction === 'drain' ? 'drain-instance' : 'deregister-instance',
      target: arn,
      cluster: input.pending?.cluster ?? incident.cluster,
      subject: input.pending?.ec2InstanceId ?? resourceIdFromArn(arn),
      claimKey: `instance#${arn}#${incident.openedAt}`,
      budgetKey: `budget#${incident.account}/${incident.region}/${incident.cluster}/instances#${hour}`,
      budgetLimit: policy.budgetPerHour,
      mode: policy.mode === 'dry-run' ? 'dry-run' : 'on',
    },
  };
}
