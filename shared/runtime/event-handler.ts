import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { Effect } from '../use-cases/effects.js';
import { getPipeline } from './pipeline.js';
import { wrapHandler } from './wrap-handler.js';

/** What an event function returns: the decisions and counts, handy in `osls invoke` and in tests. */
export interface InvocationSummary {
  decisions: Array<{ reason: string; category: string; incident?: string; detail: string }>;
  alerts: number;
  failedDeliveries: number;
  remediations: number;
}

/** Condenses effects into the invocation's result. */
export function summarise(effects: Effect[]): InvocationSummary {
  return {
    decisions: effects.flatMap((e) =>
      e.effect === 'decision'
        ? [
            {
              reason: e.reason,
              category: e.category,
              detail: e.detail,
              ...(e.incident ? { incident: e.incident } : {}),
            },
          ]
        : [],
    ),
    alerts: effects.filter((e) => e.effect === 'alert' && e.ok).length,
    failedDeliveries: effects.filter((e) => e.effect === 'alert' && !e.ok).length,
    remediations: effects.filter((e) => e.effect === 'remediation').length,
  };
}

/**
 * The handler of every EventBridge-triggered function: the whole pipeline for one event. Invalid events
 * return normally (logged and counted, never retried); an alert that reached no channel throws.
 */
export function createEventHandler() {
  return wrapHandler(async (event: EventBridgeEvent<string, unknown>, context: Context) =>
    summarise(await getPipeline(context).handle(event, String((event as { id?: unknown })?.id ?? 'event'))),
  );
}
