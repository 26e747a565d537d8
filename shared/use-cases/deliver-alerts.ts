import { buildAlert } from '../domain/alerts/build.js';
import { clearOutbox, markDelivered } from '../domain/incidents/outbox.js';
import type { Incident } from '../domain/incidents/types.js';
import { DeliveryError } from './effects.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';

async function logLinesFor(deps: PipelineDeps, incident: Incident) {
  const facts = incident.lastFacts;
  if (!deps.logs || deps.config.logLines === 0 || incident.group !== 'task-failure') return undefined;
  if (!facts.taskDefinitionArn || !facts.taskArn || !facts.container) return undefined;
  return deps.logs.lastLines({
    taskDefinitionArn: facts.taskDefinitionArn,
    taskArn: facts.taskArn,
    container: facts.container,
    maxLines: deps.config.logLines,
    timeoutMs: deps.config.logTimeoutMs,
  });
}

async function saveDelivered(deps: PipelineDeps, key: string, delivered: string[], expiresAt: number): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.store.getIncident(key);
    if (!current?.outbox) return;
    let next = current;
    for (const channel of delivered) next = markDelivered(next, channel as 'slack' | 'sns');
    if (deps.channels.every((c) => next.outbox?.delivered.includes(c.name))) next = clearOutbox(next);
    if (await deps.store.putIncident({ ...next, rev: current.rev + 1 }, current.rev, expiresAt)) return;
  }
  deps.log.warn('could not record alert delivery after 5 attempts; a retry may resend', { incident: key });
}

/**
 * Delivers the pending transition (outbox) of each incident to every channel that hasn't had it yet,
 * in parallel so one slow or failing channel never silences another. Throws DeliveryError when an
 * alert reached no channel at all, so the platform retries the invocation instead of losing it.
 */
export async function deliverAlerts(
  deps: PipelineDeps,
  incidentKeys: string[],
  effects: EffectLog,
  expiresAt: number,
): Promise<void> {
  const undelivered: string[] = [];
  for (const key of [...new Set(incidentKeys)]) {
    const incident = await deps.store.getIncident(key);
    const outbox = incident?.outbox;
    if (!incident || !outbox) continue;
    const pending = deps.channels.filter((channel) => !outbox.delivered.includes(channel.name));
    if (pending.length === 0) continue;
    const excerpt = await logLinesFor(deps, incident).catch(() => undefined);
    const alert = buildAlert({
      incident,
      transition: outbox.transition,
      logLines: excerpt?.lines,
      logsUrl: excerpt?.consoleUrl,
      policy: deps.config.incidents,
    });
    const results = await Promise.all(pending.map((channel) => channel.send(alert, deps.deadline())));
    const timestamp = Date.parse(outbox.at);
    for (const result of results) {
      effects.push({
        effect: 'alert',
        channel: result.channel,
        incident: key,
        transition: alert.transition,
        severity: alert.severity,
        category: alert.category,
        title: alert.title,
        ok: result.ok,
        ...(result.error ? { error: result.error } : {}),
      });
      effects.count(
        'AlertDeliveries',
        { Channel: result.channel, Outcome: result.ok ? 'delivered' : 'failed' },
        timestamp,
      );
      if (!result.ok)
        deps.log.error('alert delivery failed', { channel: result.channel, incident: key, error: result.error });
    }
    const delivered = results.filter((r) => r.ok).map((r) => r.channel);
    if (delivered.length > 0) await saveDelivered(deps, key, delivered, expiresAt);
    if (delivered.length === 0 && outbox.delivered.length === 0) undelivered.push(key);
  }
  if (undelivered.length > 0) {
    throw new DeliveryError(`alert for ${undelivered.join(', ')} reached no channel; failing so the platform retries`);
  }
}
