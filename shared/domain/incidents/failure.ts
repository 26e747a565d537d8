import { SEVERITY_RANK, type Severity } from '../classify/types.js';
import { formatDuration } from '../duration.js';
import type { DecideInput } from './decide.js';
import {
  alreadyCounted,
  countFailure,
  failureMoment,
  isCheckSighting,
  maxSeverity,
  openIncident,
  predatesResolution,
  seenAgain,
  subjectLabel,
  withAlert,
  withFields,
} from './incident-state.js';
import type { IncidentTarget } from './keys.js';
import { noChange, type Step } from './step.js';
import { toMs } from './time.js';
import type { Incident } from './types.js';

/** How a group treats its failures. */
export interface FailureRules {
  /** Escalate to critical once the escalation threshold is reached within the window. */
  crashLoop: boolean;
  /** Lowest severity the incident gets (instance loss is always critical). */
  severityFloor?: Severity;
  /** Never send `repeated` alerts (e.g. more tasks of a dead host, a rollback joining a failed deployment). */
  neverRepeat?: boolean;
}

/** Opens, counts into, escalates or repeats the target's incident for one failure. */
export function decideFailure(input: DecideInput, target: IncidentTarget, rules: FailureRules): Step {
  const existing = input.incidents[target.key];
  if (existing?.status === 'open') return joinOpen(input, existing, target, rules);
  const { verdict, now, policy } = input;
  const failedAt = existing ? failureMoment(verdict.facts, now).text : now;
  if (existing && predatesResolution(existing, failedAt)) {
    return noChange(
      'stale',
      `failure at ${failedAt} predates the resolution at ${existing.resolvedAt}; not reopened`,
      target.key,
    );
  }
  const severity = maxSeverity(verdict.severity, rules.severityFloor ?? 'none');
  const fresh = openIncident({
    target,
    facts: verdict.facts,
    category: verdict.category,
    severity,
    now,
    previous: existing,
  });
  let opened = countFailure(fresh, verdict.facts, verdict.category, now, policy);
  if (rules.crashLoop && opened.recentFailures.length >= policy.escalationThreshold) {
    opened = withFields(opened, { severity: 'critical', escalatedAt: now });
  }
  opened = withAlert(opened, 'opened', now);
  const detail = `first ${verdict.category} of ${subjectLabel(target)}: incident opened (${opened.severity})`;
  return {
    decision: { reason: 'first', detail, incidentKey: target.key, transition: 'opened' },
    changed: [opened],
    alerts: [{ incidentKey: target.key, transition: 'opened' }],
  };
}

function joinOpen(input: DecideInput, existing: Incident, target: IncidentTarget, rules: FailureRules): Step {
  const { verdict, now, policy } = input;
  if (alreadyCounted(existing, verdict.facts)) {
    return noChange('deduplicated', 'this task was already counted in the incident', target.key);
  }
  let next = isCheckSighting(verdict.facts)
    ? seenAgain(existing, verdict.facts, now)
    : countFailure(existing, verdict.facts, verdict.category, now, policy);
  const crashLoop =
    rules.crashLoop && !existing.escalatedAt && next.recentFailures.length >= policy.escalationThreshold;
  const rising = SEVERITY_RANK[verdict.severity] > SEVERITY_RANK[existing.severity];
  if (crashLoop || rising) {
    next = withFields(next, { severity: crashLoop ? 'critical' : maxSeverity(existing.severity, verdict.severity) });
    if (crashLoop) next.escalatedAt = now;
    const why = crashLoop
      ? `${next.recentFailures.length} failures within ${formatDuration(policy.escalationWindowMs)}: crash loop`
      : `severity rose to ${next.severity} (${verdict.category})`;
    return alerted(next, 'escalated', `${subjectLabel(target)}: ${why}`, now);
  }
  const sinceAlert = (input.nowMs ?? toMs(now)) - toMs(existing.lastAlertAt);
  if (!rules.neverRepeat && sinceAlert >= policy.repeatIntervalMs) {
    const detail = `${subjectLabel(target)} still failing (${next.totalFailures} so far); last alert ${formatDuration(sinceAlert)} ago`;
    return alerted(next, 'repeated', detail, now);
  }
  const what = isCheckSighting(verdict.facts) ? 'seen again by the health check' : `failure ${next.totalFailures}`;
  const detail = `${what} of the open incident; last alert ${formatDuration(Math.max(0, sinceAlert))} ago`;
  return { decision: { reason: 'deduplicated', detail, incidentKey: target.key }, changed: [next] };
}

function alerted(incident: Incident, transition: 'escalated' | 'repeated', detail: string, now: string): Step {
  const reason = transition === 'escalated' ? 'escalated' : 'repeat-elapsed';
  return {
    decision: { reason, detail, incidentKey: incident.key, transition },
    changed: [withAlert(incident, transition, now)],
    alerts: [{ incidentKey: incident.key, transition }],
  };
}
