import { remediationBlocked } from '../domain/accounts.js';
import { resourceIdFromArn } from '../domain/arn.js';
import { classify } from '../domain/classify/index.js';
import type { Incident, PendingDisconnect } from '../domain/incidents/types.js';
import { taskOfLostInstance } from '../domain/remediation/lost-instance.js';
import { planInstanceRemediation } from '../domain/remediation/plan.js';
import { addIncidentNote } from './incident-notes.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';
import { executePlan } from './remediate.js';
import { remediateTask } from './remediate-task.js';

/** Replaces the opted-in standalone tasks ECS still runs on a lost instance (service tasks: the scheduler). */
async function replaceTasksOf(
  deps: PipelineDeps,
  incident: Incident,
  pending: PendingDisconnect | undefined,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
): Promise<void> {
  if (!deps.ecs || deps.config.remediation.mode === 'off') return;
  const instanceArn = incident.subject.name;
  const now = new Date(nowMs).toISOString();
  const host = pending?.ec2InstanceId ?? incident.lastFacts.ec2InstanceId ?? resourceIdFromArn(instanceArn);
  let tasks: Awaited<ReturnType<typeof deps.ecs.runningTasksOn>>;
  try {
    tasks = await deps.ecs.runningTasksOn(pending?.cluster ?? incident.cluster, instanceArn);
  } catch (error) {
    const note = `Could not list the tasks of the lost instance: ${(error as Error).message}`;
    deps.log.warn(note, { incident: incident.key });
    await addIncidentNote(deps, incident.key, note, expiresAt);
    return;
  }
  for (const task of tasks) {
    const stopped = taskOfLostInstance(task, host, now);
    const verdict = classify(stopped, deps.config.classify);
    await remediateTask(deps, verdict, stopped, effects, nowMs, expiresAt, incident.key);
  }
}

/**
 * For each confirmed lost instance: drains (or deregisters) it once, replaces the opted-in standalone
 * tasks it was running, and notes each outcome on its incident.
 */
export async function remediateLostInstances(
  deps: PipelineDeps,
  confirmed: Array<{ incident: Incident; pending?: PendingDisconnect }>,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
): Promise<void> {
  for (const { incident, pending } of confirmed) {
    const outcome = planInstanceRemediation({ incident, pending, policy: deps.config.remediation });
    // No role (or a read-only one) in the instance's account/Region: nothing is drained or replaced, the alert says why.
    const blocked = outcome.plan ? remediationBlocked(deps.config.accounts, incident) : undefined;
    if (blocked) {
      await addIncidentNote(deps, incident.key, blocked, expiresAt);
      continue;
    }
    const note = outcome.plan ? (await executePlan(deps, outcome.plan, effects, nowMs)).reason : outcome.skipped;
    if (note) await addIncidentNote(deps, incident.key, note, expiresAt);
    await replaceTasksOf(deps, incident, pending, effects, nowMs, expiresAt);
  }
}

/**
 * Finishes the instance action of every open lost-instance incident ECS still sees disconnected whose claim
 * is not settled: none yet (a sweep died after confirming, or a task stop said the host was terminated: the
 * event opens the incident, the sweep confirms and acts) or still "started" (throttled during an outage).
 * The claim (one per incident opening) keeps it to once per failure; a failed claim (over budget, refused)
 * was noted on the incident and is not tried again.
 */
export async function finishInstanceActions(
  deps: PipelineDeps,
  open: Incident[],
  stillDisconnected: Record<string, boolean>,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
): Promise<void> {
  for (const incident of open) {
    if (incident.status !== 'open' || incident.group !== 'instance-lost') continue;
    if (stillDisconnected[incident.subject.name] !== true) continue;
    const { plan } = planInstanceRemediation({ incident, policy: deps.config.remediation });
    if (!plan || remediationBlocked(deps.config.accounts, incident)) continue;
    const claim = await deps.store.getClaim(plan.claimKey);
    if (claim && claim.status !== 'started') continue;
    if (claim && plan.mode !== 'on') continue;
    const { reason } = await executePlan(deps, plan, effects, nowMs);
    await addIncidentNote(deps, incident.key, reason, expiresAt);
  }
}
