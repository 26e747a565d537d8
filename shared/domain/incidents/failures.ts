import type { DecideInput } from './decide.js';
import { joinServiceEpisode } from './episode.js';
import { decideFailure } from './failure.js';
import { waitingHookExplains } from './hooks.js';
import { deploymentInhibition, episodeOfServiceSignal } from './inhibit.js';
import { foldIntoImpairedHost } from './instance-health.js';
import { incidentKeyFor } from './keys.js';
import { noChange, type Step, severityGate } from './step.js';

/** A task failure (oom, app exit, image pull, start failure, health check, …) of a service or standalone family. */
export function decideTaskFailure(input: DecideInput): Step {
  const target = incidentKeyFor(input.verdict);
  if (!target) return noChange('ignored', `${input.verdict.category} does not group into a task-failure incident`);
  return (
    severityGate(input.verdict, input.policy) ??
    foldIntoImpairedHost(input) ??
    deploymentInhibition(input) ??
    joinServiceEpisode(input, target, { crashLoop: true })
  );
}

/** A service-level health signal: placement failure, start impaired, discovery unhealthy. */
export function decideServiceHealth(input: DecideInput): Step {
  const gated = severityGate(input.verdict, input.policy);
  if (gated) return gated;
  const target = incidentKeyFor(input.verdict);
  if (!target) return noChange('ignored', 'the event names no service');
  return (
    waitingHookExplains(input) ??
    episodeOfServiceSignal(input) ??
    joinServiceEpisode(input, target, { crashLoop: false })
  );
}

/** A task stopped because its EC2 host went away: confirms the instance lost at once (no grace). */
export function decideInstanceLoss(input: DecideInput): Step {
  const target = incidentKeyFor(input.verdict);
  if (target?.group !== 'instance-lost') return decideTaskFailure(input);
  const gated = severityGate(input.verdict, input.policy);
  if (gated) return gated;
  const step = decideFailure(input, target, { crashLoop: false, severityFloor: 'critical', neverRepeat: true });
  return input.pending ? { ...step, pending: null } : step;
}
