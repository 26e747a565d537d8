import type { DecideInput } from './decide.js';
import { addNote, countFailure, isCheckSighting, resolveIncident, seenAgain, withAlert } from './incident-state.js';
import { AGENT_CONNECTED_TROUBLE } from './instance-health.js';
import { incidentKeyFor } from './keys.js';
import { noChange, type Step, trackedOnly } from './step.js';
import { toIso, toMs } from './time.js';
import type { PendingDisconnect } from './types.js';

/** An agent disconnect opens nothing by itself: it starts (or keeps) a grace period the sweep checks. */
export function decideDisconnect(input: DecideInput): Step {
  const { verdict, now, policy, pending } = input;
  const target = incidentKeyFor(verdict);
  if (!target) return noChange('ignored', 'the event names no container instance');
  if (verdict.severity === 'none') return noChange('ignored', 'instance-disconnected has severity none');
  const existing = input.incidents[target.key];
  if (existing?.status === 'open') {
    const counted = isCheckSighting(verdict.facts)
      ? seenAgain(existing, verdict.facts, now)
      : countFailure(existing, verdict.facts, verdict.category, now, policy);
    return {
      decision: {
        reason: 'deduplicated',
        detail: 'the instance already has an open instance-lost incident',
        incidentKey: target.key,
      },
      changed: [counted],
    };
  }
  if (pending) return noChange('grace-pending', `agent still disconnected; confirming at ${pending.dueAt}`, target.key);
  const arn = target.subject.name;
  const dueAt = toIso(toMs(now) + policy.disconnectGraceMs);
  const next: PendingDisconnect = {
    containerInstanceArn: arn,
    cluster: target.cluster,
    account: target.account,
    region: target.region,
    disconnectedAt: now,
    dueAt,
  };
  if (verdict.facts.ec2InstanceId) next.ec2InstanceId = verdict.facts.ec2InstanceId;
  if (verdict.facts.version !== undefined) next.version = verdict.facts.version;
  return {
    decision: {
      reason: 'grace-pending',
      detail: `agent disconnected; lost if still disconnected at ${dueAt}`,
      incidentKey: target.key,
    },
    pending: next,
  };
}

/**
 * An agent reconnecting, or the instance leaving the cluster (INACTIVE, DEREGISTERING): cancels the grace period
 * or resolves the incident. A DRAINING instance (our own drain) is not "back": that is `instance-draining`, tracked only.
 */
export function decideInstanceBack(input: DecideInput): Step {
  const { verdict, now, pending } = input;
  const target = incidentKeyFor(verdict);
  if (!target) return noChange('ignored', 'the event names no container instance');
  const connected = verdict.category === 'instance-connected';
  const why = connected ? 'agent reconnected' : 'instance deregistered';
  const existing = input.incidents[target.key];
  // Only events at or after the disconnect count: an older connect delivered late says nothing about now.
  const cancels = pending !== undefined && toMs(now) >= toMs(pending.disconnectedAt);
  // A connected agent says nothing about a failed health check (hung runtime, GPU, daemon): ECS's OK resolves that.
  const healthTrouble = connected && existing !== undefined && AGENT_CONNECTED_TROUBLE.has(existing.category);
  if (existing?.status === 'open' && toMs(existing.lastEventAt) <= toMs(now) && !healthTrouble) {
    const status = verdict.facts.lastStatus ?? 'INACTIVE';
    const noted = connected
      ? existing
      : addNote(existing, `Instance left the cluster (${status}): nothing left to drain`);
    const resolved = withAlert(resolveIncident(noted, now, 'event', why), 'resolved', now);
    const step: Step = {
      decision: {
        reason: 'resolved',
        detail: `${why}: instance-lost incident resolved`,
        incidentKey: target.key,
        transition: 'resolved',
      },
      changed: [resolved],
      alerts: [{ incidentKey: target.key, transition: 'resolved' }],
    };
    return pending ? { ...step, pending: null } : step;
  }
  if (cancels) return { ...noChange('ignored', `${why} within grace`, target.key), pending: null };
  if (pending) return noChange('ignored', `${why} before the pending disconnect; still waiting`, target.key);
  return connected ? noChange('ignored', 'agent connected') : trackedOnly(verdict);
}
