import type { Verdict } from '../classify/types.js';
import { deploymentScope, groupOf, incidentKeyFor, serviceTarget, taskFailureTarget } from './keys.js';

/** The state one decision reads: incidents by key, a service's deployment record, an instance's pending disconnect. */
export interface StateKeys {
  incidentKeys: string[];
  deployment?: { cluster: string; service: string };
  pendingInstanceArn?: string;
}

/** The state decide() needs for a verdict (load these, then call decide). */
export function stateKeysFor(verdict: Verdict): StateKeys {
  const { category, facts } = verdict;
  // A standalone task that stopped normally may be the successful run that resolves its family's incident.
  if (category === 'normal-stop' && facts.standalone) return { incidentKeys: [taskFailureTarget(facts).key] };
  const primary = incidentKeyFor(verdict);
  if (primary?.group === 'instance-lost')
    return { incidentKeys: [primary.key], pendingInstanceArn: primary.subject.name };
  const keys = [primary?.key];
  const result: StateKeys = { incidentKeys: [] };
  const scope = deploymentScope(facts);
  const group = primary?.group ?? groupOf(category);
  // A service task failure may be deployment churn or belong to a failed deployment's incident.
  if (group === 'task-failure' && facts.service) {
    keys.push(serviceTarget(facts, 'deployment')?.key);
    if (scope) result.deployment = scope;
  }
  // A service-health signal may belong to a failed deployment's episode (open, or ended and delivered late).
  if (group === 'service-health' && category !== 'service-steady') {
    keys.push(serviceTarget(facts, 'deployment')?.key);
    if (scope) result.deployment = scope;
  }
  // Deployment events absorb or resolve the task-failure incident; steady state resolves it.
  if (group === 'deployment' || category === 'service-steady') keys.push(serviceTarget(facts, 'task-failure')?.key);
  if (group === 'deployment' && scope) result.deployment = scope;
  result.incidentKeys = [...new Set(keys)].filter((key): key is string => !!key);
  return result;
}
