import { type AccountRegistry, metricCluster } from '../domain/accounts.js';
import { ABNORMAL_STOPS } from '../domain/classify/task.js';
import type { Verdict } from '../domain/classify/types.js';
import type { DecideOutput } from '../domain/incidents/decide.js';
import { AGENT_CONNECTED_TROUBLE } from '../domain/incidents/instance-health.js';
import type { EffectLog } from './pipeline-deps.js';

/** Service dimension: the service name, or `family:<family>` for standalone tasks. Never a task id. */
export function serviceDimension(verdict: Verdict): string {
  const { service, family } = verdict.facts;
  if (service) return service;
  return family ? `family:${family}` : 'unknown';
}

/** The one-off key that makes a task's failure count once, whatever number of its events show it. */
export function failureCountKey(verdict: Verdict): string | undefined {
  const taskArn = verdict.facts.taskArn;
  return ABNORMAL_STOPS.has(verdict.category) && taskArn ? `metric#TaskFailures#${taskArn}` : undefined;
}

/**
 * Records the metrics one newly handled event implies (failures, deployments, incident transitions).
 * `firstOfTask` is false when an earlier event of the same task already counted its failure: a task's
 * STOPPING, DEPROVISIONING and STOPPED events are one failure in `TaskFailures`.
 */
export function recordOutcomeMetrics(
  effects: EffectLog,
  verdict: Verdict,
  output: DecideOutput,
  nowMs: number,
  firstOfTask = true,
  accounts?: AccountRegistry,
): void {
  const { account, region } = verdict.facts;
  const cluster = metricCluster(accounts, { account, region, cluster: verdict.facts.cluster ?? 'unknown' });
  if (ABNORMAL_STOPS.has(verdict.category) && firstOfTask) {
    effects.count(
      'TaskFailures',
      { Cluster: cluster, Service: serviceDimension(verdict), Category: verdict.category },
      nowMs,
    );
  }
  if (verdict.category === 'deployment-failed') {
    effects.count('DeploymentFailures', { Cluster: cluster, Service: verdict.facts.service ?? 'unknown' }, nowMs);
  }
  recordTransitions(effects, output, nowMs, accounts);
  // Held back by a silence: counted apart (IncidentsOpened counts it if it pages when the silence ends).
  if (output.decision.reason === 'silenced') {
    effects.count('AlertsSilenced', { Cluster: cluster, Category: verdict.category }, nowMs);
  }
}

/**
 * Records IncidentsOpened / IncidentsResolved / LostInstances for the transitions of a decision or sweep.
 * `accounts` names clusters outside the monitor's own account and Region in full (metricCluster).
 */
export function recordTransitions(
  effects: EffectLog,
  output: Pick<DecideOutput, 'alerts' | 'incidents'>,
  nowMs: number,
  accounts?: AccountRegistry,
): void {
  for (const alert of output.alerts) {
    const incident = output.incidents.find((i) => i.key === alert.incidentKey);
    if (!incident) continue;
    if (alert.transition === 'opened') {
      effects.count('IncidentsOpened', { Category: incident.category }, nowMs);
      // A host with a failed health check but a connected agent (hung runtime, GPU, daemon) is not lost.
      const lost = incident.group === 'instance-lost' && !AGENT_CONNECTED_TROUBLE.has(incident.category);
      if (lost) effects.count('LostInstances', { Cluster: metricCluster(accounts, incident) }, nowMs);
    }
    if (alert.transition === 'resolved') effects.count('IncidentsResolved', { Category: incident.category }, nowMs);
  }
}
