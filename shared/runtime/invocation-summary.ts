import type { Effect } from '../use-cases/effects.js';

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
