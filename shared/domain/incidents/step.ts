import type { Verdict } from '../classify/types.js';
import { SEVERITY_RANK } from '../classify/types.js';
import type {
  Decision,
  DecisionReason,
  DeploymentRecord,
  Incident,
  IncidentPolicy,
  PendingDisconnect,
  Transition,
} from './types.js';

/** An alert to send: the incident and the transition it went through. */
export interface AlertIntent {
  incidentKey: string;
  transition: Transition;
}

/** What one decision handler concluded, before revs and applied keys are stamped on the changed incidents. */
export interface Step {
  decision: Decision;
  changed?: Incident[];
  alerts?: AlertIntent[];
  deployment?: DeploymentRecord | null;
  pending?: PendingDisconnect | null;
}

/** A step that changes nothing. */
export function noChange(reason: DecisionReason, detail: string, incidentKey?: string): Step {
  return { decision: incidentKey ? { reason, detail, incidentKey } : { reason, detail } };
}

/** `ignored` for severity none, `below-threshold` under the alert severity; undefined when the verdict alerts. */
export function severityGate(verdict: Verdict, policy: IncidentPolicy): Step | undefined {
  const { category, severity } = verdict;
  if (severity === 'none') return noChange('ignored', `${category} has severity none`);
  if (SEVERITY_RANK[severity] < SEVERITY_RANK[policy.alertSeverity]) {
    return noChange('below-threshold', `${category} is ${severity}, below the ${policy.alertSeverity} alert threshold`);
  }
  return undefined;
}

/** Categories that are tracked (metrics, logs) but never open an incident. */
export function trackedOnly(verdict: Verdict): Step {
  const { category, severity } = verdict;
  if (severity === 'none') return noChange('ignored', `${category} has severity none`);
  return noChange('below-threshold', `${category} (${severity}) is tracked but opens no incident`);
}
