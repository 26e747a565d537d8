import type { EventMeta } from '../events/types.js';
import type { Facts, Verdict } from './types.js';

/** A verdict before severity and alert are resolved from configuration. */
export type VerdictDraft = Omit<Verdict, 'severity' | 'alert'>;

/** Facts every verdict carries, from the envelope. */
export function envelopeFacts(meta: Partial<EventMeta>): Facts {
  return { account: meta.account ?? '', region: meta.region ?? '', time: meta.time ?? '' };
}

/** Drops facts that are undefined, so verdicts serialise and compare cleanly. */
export function compactFacts(facts: Facts): Facts {
  for (const key of Object.keys(facts) as Array<keyof Facts>) {
    if (facts[key] === undefined) delete facts[key];
  }
  return facts;
}
