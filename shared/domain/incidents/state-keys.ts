import type { Verdict } from '../classify/types.js';
import {
  deploymentScope,
  episodeTargets,
  groupOf,
  incidentKeyFor,
  instanceTarget,
  serviceTarget,
  taskFailureTarget,
} from './keys.js';

export { SERVICE_GROUPS } from './keys.js';

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
  // In the order named, each once (keys are few: a scan beats a Set and the copies around it).
  const incidentKeys: string[] = [];
  addKey(incidentKeys, primary?.key);
  // A task failure on an impaired host folds into that host's incident (instance-health.ts).
  if (groupOf(category) === 'task-failure' && facts.containerInstanceArn)
    addKey(incidentKeys, instanceTarget(facts, false)?.key);
  const result: StateKeys = { incidentKeys };
  const scope = deploymentScope(facts);
  const group = primary?.group ?? groupOf(category);
  // A service's task failures, start/placement warnings and deployment news are one episode: each joins the
  // episode's open incident, whichever group opened it, and may be deployment churn or news of a failed one.
  const episode =
    (group === 'task-failure' && facts.service) || (group === 'service-health' && category !== 'service-steady');
  if (episode) {
    for (const target of episodeTargets(facts)) addKey(incidentKeys, target.key);
    if (scope) result.deployment = scope;
  }
  // Deployment events join or resolve the episode's incident; steady state resolves it.
  if (group === 'deployment') for (const target of episodeTargets(facts)) addKey(incidentKeys, target.key);
  if (category === 'service-steady') addKey(incidentKeys, serviceTarget(facts, 'task-failure')?.key);
  if (group === 'deployment' && scope) result.deployment = scope;
  return result;
}

function addKey(keys: string[], key: string | undefined): void {
  if (key && !keys.includes(key)) keys.push(key);
}
