import type { Facts } from '../classify/types.js';
import { formatDuration } from '../duration.js';
import type { DecideInput } from './decide.js';
import { deploymentTroubleInto, openServiceIncident } from './episode.js';
import { decideFailure } from './failure.js';
import { resolveIncident, withAlert } from './incident-state.js';
import { deploymentScope, incidentKeyFor, serviceTarget } from './keys.js';
import { STEADY_HOLD_MS, STEADY_RESOLUTION } from './quiet.js';
import { SERVICE_GROUPS } from './state-keys.js';
import { noChange, type Step, severityGate } from './step.js';
import { toIso, toMs } from './time.js';
import type { DeploymentRecord, Incident } from './types.js';

type DeploymentState = DeploymentRecord['state'];

/**
 * The service's next deployment record, or undefined when unchanged. Older news never overwrites newer,
 * except that a deployment's own end (failed/completed) always beats its own in-progress record.
 */
function nextRecord(input: DecideInput, state: DeploymentState): DeploymentRecord | undefined {
  const { verdict, deployment: current, now } = input;
  const facts = verdict.facts;
  const deploymentId = facts.deploymentId ?? current?.deploymentId;
  const scope = deploymentScope(facts);
  if (!deploymentId || !scope) return undefined;
  if (current?.deploymentId === deploymentId && current.state === state) return undefined;
  const ends = current?.deploymentId === deploymentId && current.state === 'in-progress' && state !== 'in-progress';
  if (current && toMs(now) < toMs(current.since) && !ends) return undefined;
  // Hooks that went on stay known (hooks.ts): a late HOOK_AWAITING_ACTION must not start a timer.
  const settled = current?.settledHooks ? { settledHooks: current.settledHooks } : {};
  return { ...scope, deploymentId, state, since: now, rev: (current?.rev ?? 0) + 1, ...settled };
}

function withRecord(step: Step, record: DeploymentRecord | undefined): Step {
  return record ? { ...step, deployment: record } : step;
}

/** A deployment started: remembered so that old tasks stopping meanwhile are churn, not failures. */
export function decideDeploymentStarted(input: DecideInput): Step {
  const id = input.verdict.facts.deploymentId;
  if (!id) return noChange('ignored', 'deployment started without a deployment id');
  return withRecord(
    noChange('ignored', `deployment ${id} started (info, not an alert)`),
    nextRecord(input, 'in-progress'),
  );
}

/**
 * A failed deployment (or its rollback) is news of its service's episode: it escalates the episode's open
 * incident (opened by the deployment's first failures), or opens the deployment's incident when none is open.
 */
export function decideDeploymentTrouble(input: DecideInput): Step {
  const { verdict } = input;
  const failed = verdict.category === 'deployment-failed';
  const record = nextRecord(input, failed ? 'failed' : 'rollback');
  const target = incidentKeyFor(verdict);
  if (!target) return noChange('ignored', 'the event names no service');
  const gated = severityGate(verdict, input.policy);
  if (gated) return withRecord(gated, record);
  const open = openServiceIncident(input);
  if (open) return withRecord(deploymentTroubleInto(input, open), record);
  const step = decideFailure(input, target, { crashLoop: false, neverRepeat: !failed });
  const deploymentId = input.deployment?.deploymentId ?? verdict.facts.deploymentId;
  const changed = step.changed?.map((incident) =>
    incident.key === target.key && !incident.deploymentId && deploymentId ? { ...incident, deploymentId } : incident,
  );
  return withRecord(changed ? { ...step, changed } : step, record);
}

/** Resolves the listed open incidents whose last failure is before `now`; undefined when none is open. */
export function resolveOpen(
  input: DecideInput,
  keys: Array<string | undefined>,
  why: string,
  resolution = why,
): Step | undefined {
  const { now } = input;
  const open = keys
    .map((key) => (key ? input.incidents[key] : undefined))
    .filter((incident): incident is Incident => incident?.status === 'open' && toMs(incident.lastEventAt) < toMs(now));
  if (open.length === 0) return undefined;
  const changed = open.map((incident) =>
    withAlert(resolveIncident(incident, now, 'event', resolution), 'resolved', now),
  );
  const first = changed[0]!;
  return {
    decision: {
      reason: 'resolved',
      detail: `${why}: resolved ${changed.map((i) => i.key).join(', ')}`,
      incidentKey: first.key,
      transition: 'resolved',
    },
    changed,
    alerts: changed.map((incident) => ({ incidentKey: incident.key, transition: 'resolved' as const })),
  };
}

/** A completed deployment resolves its service's episode: a rollback completing, or the deployment itself. */
export function decideDeploymentCompleted(input: DecideInput): Step {
  const facts: Facts = input.verdict.facts;
  const id = facts.deploymentId ?? '(unknown id)';
  const keys = SERVICE_GROUPS.map((group) => serviceTarget(facts, group)?.key);
  const troubled = input.deployment?.state === 'rollback' || input.deployment?.state === 'failed';
  const resolution = troubled ? `rollback completed (deployment ${id})` : `deployment ${id} completed`;
  const step =
    resolveOpen(input, keys, `deployment ${id} completed`, resolution) ??
    noChange('ignored', `deployment ${id} completed`);
  return withRecord(step, nextRecord(input, 'completed'));
}

/**
 * A steady service resolves its task-failure and service-health incidents, unless its last failure is less
 * than STEADY_HOLD_MS old: then the incidents remember the steady state and the sweep resolves them when the
 * hold passes without a failure (a service flapping on health checks reports steady state between kills).
 */
export function decideServiceSteady(input: DecideInput): Step {
  const facts = input.verdict.facts;
  const keys = [serviceTarget(facts, 'task-failure')?.key, serviceTarget(facts, 'service-health')?.key];
  const nowMs = toMs(input.now);
  const open = keys
    .map((key) => (key ? input.incidents[key] : undefined))
    .filter((incident): incident is Incident => incident?.status === 'open' && toMs(incident.lastEventAt) < nowMs);
  const lastFailureMs = Math.max(...open.map((incident) => toMs(incident.lastEventAt)));
  if (open.length > 0 && nowMs - lastFailureMs < STEADY_HOLD_MS) return holdSteady(open, input.now, lastFailureMs);
  return resolveOpen(input, keys, STEADY_RESOLUTION) ?? noChange('ignored', 'service steady; nothing open');
}

function holdSteady(open: Incident[], now: string, lastFailureMs: number): Step {
  const until = toIso(lastFailureMs + STEADY_HOLD_MS);
  const detail = `service steady ${formatDuration(toMs(now) - lastFailureMs)} after its last failure: resolves at ${until} if none follows`;
  const changed = open.filter((incident) => !(toMs(incident.steadyAt ?? '') >= toMs(incident.lastEventAt)));
  const decision = { reason: 'grace-pending' as const, detail, incidentKey: open[0]!.key };
  return changed.length > 0
    ? { decision, changed: changed.map((incident) => ({ ...incident, steadyAt: now })) }
    : { decision };
}
