import type { Category, Verdict } from '../classify/types.js';
import { decideDaemonDeployed, decideDaemonTrouble } from './daemons.js';
import {
  decideDeploymentCompleted,
  decideDeploymentStarted,
  decideDeploymentTrouble,
  decideServiceSteady,
} from './deployments.js';
import { decideInstanceLoss, decideServiceHealth, decideTaskFailure } from './failures.js';
import { decideHookAwaiting, decideHookSucceeded, settlingHook } from './hooks.js';
import { INCIDENT_LIMITS, pushBounded, withFields } from './incident-state.js';
import { decideInstanceHealthy, decideInstanceImpaired } from './instance-health.js';
import { decideDisconnect, decideInstanceBack } from './instances.js';
import { decideNormalStop } from './job-success.js';
import { applySilences, type Silence } from './silences.js';
import { type AlertIntent, noChange, type Step, trackedOnly } from './step.js';
import { toMs } from './time.js';
import type { Decision, DeploymentRecord, Incident, IncidentPolicy, PendingDisconnect } from './types.js';

/** The state decide() needs for a verdict (re-exported: callers import it with decide). */
export { type StateKeys, stateKeysFor } from './state-keys.js';

/** Everything one decision needs; `now` is the event time, so replays decide exactly as live runs did. */
export interface DecideInput {
  verdict: Verdict;
  /** `${resourceArn}#${version}` or the once-key (see dedupKeyText); '' when none. */
  dedupKey: string;
  now: string;
  /** `now` in epoch ms, when the caller has read it already (a batch has): decide() then reads it from here. */
  nowMs?: number;
  /** The incidents stateKeysFor() named, as loaded (undefined when absent). */
  incidents: Record<string, Incident | undefined>;
  /** The same incidents as a list in the order of `incidents`, when the caller has one (saves enumerating it). */
  present?: readonly Incident[];
  deployment?: DeploymentRecord;
  pending?: PendingDisconnect;
  policy: IncidentPolicy;
  /** Silences (maintenance, load tests) in force; their incidents' alerts are held back. */
  silences?: readonly Silence[];
}

/** New state and intents; the caller writes incidents with expectedRev = rev - 1. */
export interface DecideOutput {
  decision: Decision;
  /** Changed incidents, rev already incremented. */
  incidents: Incident[];
  /** New record, null = delete, undefined = unchanged. */
  deployment?: DeploymentRecord | null;
  /** New pending disconnect, null = delete, undefined = unchanged. */
  pending?: PendingDisconnect | null;
  /** Alerts to send; each incident listed carries the matching outbox. */
  alerts: AlertIntent[];
  /** True on a duplicate whose incident still has an undelivered alert (listed in `alerts`): deliver it again. */
  pendingOutbox?: boolean;
  /** Instance-lost incidents this event opened (host terminated): candidates for instance remediation. */
  confirmedLost?: Array<{ incident: Incident; pending?: PendingDisconnect }>;
}

const ignore = (detail: string) => () => noChange('ignored', detail);
const tracked = (input: DecideInput) => trackedOnly(input.verdict);

const HANDLERS: Record<Category, (input: DecideInput) => Step> = {
  'task-transition': ignore('task state transition'),
  'normal-stop': decideNormalStop,
  oom: decideTaskFailure,
  'app-exit': decideTaskFailure,
  'image-pull': decideTaskFailure,
  'start-failure': decideTaskFailure,
  'health-check': decideTaskFailure,
  'spot-interruption': decideTaskFailure,
  maintenance: decideTaskFailure,
  'instance-loss': decideInstanceLoss,
  'instance-disconnected': decideDisconnect,
  'instance-connected': decideInstanceBack,
  'instance-deregistered': decideInstanceBack,
  'instance-draining': tracked,
  'deployment-started': decideDeploymentStarted,
  'deployment-failed': decideDeploymentTrouble,
  // A pause hook answered with ROLLBACK is classified as the rollback it causes (classify/hook.ts).
  'deployment-rollback': settlingHook(decideDeploymentTrouble),
  'deployment-completed': decideDeploymentCompleted,
  'service-steady': decideServiceSteady,
  'placement-failure': decideServiceHealth,
  'start-impaired': decideServiceHealth,
  'discovery-unhealthy': decideServiceHealth,
  'service-error': decideServiceHealth,
  'service-warning': decideServiceHealth,
  'service-health-unknown': decideServiceHealth,
  'instance-unreachable': decideInstanceImpaired,
  'instance-impaired': decideInstanceImpaired,
  'managed-instance-impaired': decideInstanceImpaired,
  'instance-healthy': decideInstanceHealthy,
  'instance-health-unknown': tracked,
  'hook-failed': settlingHook(decideDeploymentTrouble),
  'hook-timed-out': settlingHook(decideDeploymentTrouble),
  'hook-awaiting-action': decideHookAwaiting,
  'hook-succeeded': settlingHook(decideHookSucceeded),
  'daemon-rollout-failed': decideDaemonTrouble,
  'daemon-rollback': decideDaemonTrouble,
  'daemon-start-impaired': decideDaemonTrouble,
  'daemon-deployed': decideDaemonDeployed,
  'daemon-deployment': tracked,
  'service-info': tracked,
  unsupported: ignore('unsupported event'),
  invalid: ignore('invalid event'),
};

/** Decides what one classified event changes: pure, state in, new state + alert intents out. Never throws on bad input. */
export function decide(input: DecideInput): DecideOutput {
  const duplicate = duplicateOf(input);
  if (duplicate) return duplicate;
  if (!Number.isFinite(input.nowMs ?? toMs(input.now)))
    return finish(input, noChange('ignored', 'the event time is unreadable'));
  const handler = HANDLERS[input.verdict.category] ?? ignore(`unknown category ${String(input.verdict.category)}`);
  const output = finish(input, handler(input));
  return input.silences?.length ? applySilences(output, input.incidents, input.silences, input.now) : output;
}

function duplicateOf(input: DecideInput): DecideOutput | undefined {
  const key = input.dedupKey;
  if (!key) return undefined;
  const hits: Incident[] = [];
  for (const incident of input.present ?? Object.values(input.incidents)) {
    if (incident?.appliedKeys?.includes(key)) hits.push(incident);
  }
  if (hits.length === 0) return undefined;
  const waiting = hits.filter((incident) => incident.outbox !== undefined);
  const shown = waiting[0] ?? hits[0]!;
  const detail =
    waiting.length > 0 ? 'already applied; its alert is still undelivered' : 'already applied to the incident';
  const output: DecideOutput = {
    decision: { reason: 'duplicate', detail, incidentKey: shown.key },
    incidents: [],
    alerts: waiting.map((incident) => ({ incidentKey: incident.key, transition: incident.outbox!.transition })),
  };
  if (waiting.length > 0) output.pendingOutbox = true;
  return output;
}

function finish(input: DecideInput, step: Step): DecideOutput {
  const incidents = (step.changed ?? []).map((incident) => {
    const given = input.incidents[incident.key];
    const rev = (given?.rev ?? 0) + 1;
    // A step's changed incident is a copy it made, stamped in place; the incident it was given is copied first.
    const stamped: Incident = incident === given ? withFields(incident, { rev }) : incident;
    stamped.rev = rev;
    if (input.dedupKey) {
      stamped.appliedKeys = pushBounded(incident.appliedKeys, input.dedupKey, INCIDENT_LIMITS.appliedKeys);
    }
    return stamped;
  });
  const alerts = step.alerts ?? [];
  const output: DecideOutput = { decision: step.decision, incidents, alerts };
  if (step.deployment !== undefined) output.deployment = step.deployment;
  if (step.pending !== undefined) output.pending = step.pending;
  // Looked for only when something alerts (most decisions alert nothing).
  const lost =
    alerts.length === 0
      ? []
      : incidents.filter(
          (i) =>
            i.group === 'instance-lost' && alerts.some((a) => a.incidentKey === i.key && a.transition === 'opened'),
        );
  if (lost.length > 0) {
    output.confirmedLost = lost.map((incident) =>
      input.pending ? { incident, pending: input.pending } : { incident },
    );
  }
  return output;
}
