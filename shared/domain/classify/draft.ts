import type { EventMeta } from '../events/types.js';
import type { Facts, Verdict } from './types.js';

/** A verdict before severity and alert are resolved and before its summary is written (on first read). */
export type VerdictDraft = Omit<Verdict, 'severity' | 'alert' | 'summary'>;

/** Facts every verdict carries, from the envelope. */
export function envelopeFacts(meta: Partial<EventMeta>): Facts {
  return { account: meta.account ?? '', region: meta.region ?? '', time: meta.time ?? '' };
}

/**
 * A copy without the undefined facts, so verdicts serialise and compare cleanly.
 * Field by field on purpose: a loop of keyed stores (or object spread plus `delete`) is several times slower
 * in V8, and this runs for every event (see bench/classify.ts). The order is each fact builder's order.
 */
export function compactFacts(facts: Facts): Facts {
  const compact: Facts = { account: facts.account, region: facts.region, time: facts.time };
  if (facts.resourceArn !== undefined) compact.resourceArn = facts.resourceArn;
  if (facts.cluster !== undefined) compact.cluster = facts.cluster;
  if (facts.clusterArn !== undefined) compact.clusterArn = facts.clusterArn;
  if (facts.service !== undefined) compact.service = facts.service;
  if (facts.serviceArn !== undefined) compact.serviceArn = facts.serviceArn;
  if (facts.family !== undefined) compact.family = facts.family;
  if (facts.taskArn !== undefined) compact.taskArn = facts.taskArn;
  if (facts.taskDefinitionArn !== undefined) compact.taskDefinitionArn = facts.taskDefinitionArn;
  if (facts.standalone !== undefined) compact.standalone = facts.standalone;
  if (facts.group !== undefined) compact.group = facts.group;
  if (facts.startedBy !== undefined) compact.startedBy = facts.startedBy;
  if (facts.launchType !== undefined) compact.launchType = facts.launchType;
  if (facts.capacityProvider !== undefined) compact.capacityProvider = facts.capacityProvider;
  if (facts.containerInstanceArn !== undefined) compact.containerInstanceArn = facts.containerInstanceArn;
  if (facts.ec2InstanceId !== undefined) compact.ec2InstanceId = facts.ec2InstanceId;
  if (facts.container !== undefined) compact.container = facts.container;
  if (facts.image !== undefined) compact.image = facts.image;
  if (facts.exitCode !== undefined) compact.exitCode = facts.exitCode;
  if (facts.stoppingAt !== undefined) compact.stoppingAt = facts.stoppingAt;
  if (facts.deploymentId !== undefined) compact.deploymentId = facts.deploymentId;
  if (facts.deploymentArn !== undefined) compact.deploymentArn = facts.deploymentArn;
  if (facts.daemon !== undefined) compact.daemon = facts.daemon;
  if (facts.daemonArn !== undefined) compact.daemonArn = facts.daemonArn;
  if (facts.hookId !== undefined) compact.hookId = facts.hookId;
  if (facts.lifecycleStage !== undefined) compact.lifecycleStage = facts.lifecycleStage;
  if (facts.expiresAt !== undefined) compact.expiresAt = facts.expiresAt;
  if (facts.checkType !== undefined) compact.checkType = facts.checkType;
  if (facts.statusChangedAt !== undefined) compact.statusChangedAt = facts.statusChangedAt;
  if (facts.eventName !== undefined) compact.eventName = facts.eventName;
  if (facts.reason !== undefined) compact.reason = facts.reason;
  if (facts.stopCode !== undefined) compact.stopCode = facts.stopCode;
  if (facts.stoppedReason !== undefined) compact.stoppedReason = facts.stoppedReason;
  if (facts.lastStatus !== undefined) compact.lastStatus = facts.lastStatus;
  if (facts.version !== undefined) compact.version = facts.version;
  return compact;
}
