import { SEVERITY_RANK } from '../classify/types.js';
import { formatDuration } from '../duration.js';
import { addNote, openIncident, withAlert } from './incident-state.js';
import { serviceTarget } from './keys.js';
import { SERVICE_GROUPS } from './state-keys.js';
import type { AlertIntent } from './step.js';
import { toMs } from './time.js';
import type { AwaitingHook, Decision, DeploymentRecord, Incident, IncidentPolicy } from './types.js';

/**
 * Pause hooks time out after 1,440 min by default (ECS developer guide, pause lifecycle hooks): an awaiting
 * hook incident whose event carried no expiresAt is held open that long, then quiet resolution applies.
 */
const DEFAULT_HOOK_EXPIRY_MS = 1440 * 60_000;

/**
 * Until when an open incident told by a waiting hook is held open (epoch ms): the sweep doesn't call it quiet
 * while the hook can still be answered. -Infinity for any other incident.
 */
export function awaitingHeldUntil(incident: Incident): number {
  if (incident.category !== 'hook-awaiting-action') return Number.NEGATIVE_INFINITY;
  const expires = toMs(incident.lastFacts.expiresAt ?? '');
  return Number.isFinite(expires) ? expires : toMs(incident.lastFacts.time) + DEFAULT_HOOK_EXPIRY_MS;
}

/** What the sweep decided about due awaiting hooks: records to rewrite, each with the incident it pairs with. */
export interface HookSweepOutput {
  decisions: Decision[];
  incidents: Incident[];
  alerts: AlertIntent[];
  /** Records to write (rev already incremented), together with `incidentKey`'s incident when one is named. */
  deployments: Array<{ record: DeploymentRecord; incidentKey?: string }>;
}

/** "lifecycle hook `id` awaiting action at `STAGE` for 1 h 5 min": the line that names the hook. */
export function awaitingLine(hook: Pick<AwaitingHook, 'hookId' | 'lifecycleStage' | 'since'>, now: string): string {
  const stage = hook.lifecycleStage ? ` at \`${hook.lifecycleStage}\`` : '';
  const waited = formatDuration(toMs(now) - toMs(hook.since));
  return `lifecycle hook \`${hook.hookId}\` awaiting action${stage} for ${waited}`;
}

/** The record with its hook paged: still remembered (a redelivered HOOK_AWAITING_ACTION restarts nothing), no longer due. */
function paged(record: DeploymentRecord, hook: AwaitingHook): DeploymentRecord {
  const { dueAt: _paged, ...kept } = hook;
  return { ...record, awaitingHook: kept, rev: record.rev + 1 };
}

function openWarning(hook: AwaitingHook, record: DeploymentRecord, previous: Incident | undefined, now: string) {
  const target = serviceTarget(hook.facts, 'deployment');
  if (!target) return undefined;
  const base = openIncident({
    target,
    facts: hook.facts,
    category: 'hook-awaiting-action',
    severity: 'warning',
    now,
    previous,
  });
  const opened: Incident = {
    ...base,
    // Its last event is the wait itself: the hook's success (or failure) at any later time is newer news.
    lastEventAt: hook.since,
    totalFailures: 1,
    countsByCategory: { 'hook-awaiting-action': 1 },
    deploymentId: record.deploymentId,
    notes: [`Lifecycle hook ${hook.hookId} awaiting action since ${hook.since}`],
    rev: (previous?.rev ?? 0) + 1,
  };
  return withAlert(opened, 'opened', now);
}

/**
 * Due awaiting hooks (HOOK_AWAITING_ACTION with no later news of the hook or its deployment, which would have
 * dropped the timer from the record): each becomes a warning incident on its deployment naming the hook and its
 * stage, or a note on the service's open incident when one already tells this episode. Pure.
 */
export function sweepAwaitingHooks(args: {
  now: string;
  due: readonly DeploymentRecord[];
  open: readonly Incident[];
  /** Stored deployment incidents of the due records' services, by key (a resolved one lends its rev). */
  previous: Record<string, Incident | undefined>;
  policy: IncidentPolicy;
  /** Incident keys the sweep already changed this run (left alone here). */
  touched: ReadonlySet<string>;
}): HookSweepOutput {
  const { now, policy } = args;
  const out: HookSweepOutput = { decisions: [], incidents: [], alerts: [], deployments: [] };
  const openByKey = new Map(args.open.filter((i) => i.status === 'open').map((i) => [i.key, i]));
  for (const record of args.due) {
    const hook = record.awaitingHook;
    if (!hook?.dueAt || !(toMs(hook.dueAt) <= toMs(now))) continue;
    const line = awaitingLine(hook, now);
    const key = serviceTarget(hook.facts, 'deployment')?.key;
    if (!key) {
      out.deployments.push({ record: paged(record, hook) });
      out.decisions.push({ reason: 'ignored', detail: `${line}: the hook's event names no service` });
      continue;
    }
    if (SEVERITY_RANK.warning < SEVERITY_RANK[policy.alertSeverity]) {
      out.deployments.push({ record: paged(record, hook) });
      const detail = `${line}: a warning, below the ${policy.alertSeverity} alert threshold`;
      out.decisions.push({ reason: 'below-threshold', detail, incidentKey: key });
      continue;
    }
    const episode = SERVICE_GROUPS.map((g) => openByKey.get(serviceTarget(hook.facts, g)?.key ?? '')).find(Boolean);
    if (episode && args.touched.has(episode.key)) continue;
    if (episode) {
      const noted = { ...addNote(episode, `${line[0]?.toUpperCase()}${line.slice(1)}`), rev: episode.rev + 1 };
      out.incidents.push(noted);
      out.deployments.push({ record: paged(record, hook), incidentKey: episode.key });
      const detail = `${line}: noted on the open incident of the service`;
      out.decisions.push({ reason: 'deduplicated', detail, incidentKey: episode.key });
      continue;
    }
    const incident = openWarning(hook, record, args.previous[key], now);
    if (!incident) continue;
    out.incidents.push(incident);
    out.alerts.push({ incidentKey: key, transition: 'opened' });
    out.deployments.push({ record: paged(record, hook), incidentKey: key });
    out.decisions.push({ reason: 'first', detail: `${line}: warning`, incidentKey: key, transition: 'opened' });
  }
  return out;
}
