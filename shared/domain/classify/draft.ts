import type { EventMeta } from '../events/types.js';
import type { Facts, Verdict } from './types.js';

/** A verdict before severity and alert are resolved from configuration. */
export type VerdictDraft = Omit<Verdict, 'severity' | 'alert'>;

/** Facts every verdict carries, from the envelope. */
export function envelopeFacts(meta: Partial<EventMeta>): Facts {
  return { account: meta.account ?? '', region: meta.region ?? '', time: meta.time ?? '' };
}

/**
 * A copy without the undefined facts, so verdicts serialise and compare cleanly.
 * Fact builders list the envelope fields rather than spreading them: a spread followed by ~20 properties
 * made V8 build dictionary-mode objects, about 20x slower (see bench/classify.ts).
 */
export function compactFacts(facts: Facts): Facts {
  // Copying is much cheaper than `delete`, which turns objects into slow dictionaries.
  const compact: Record<string, unknown> = {};
  for (const key in facts) {
    const value = facts[key as keyof Facts];
    if (value !== undefined) compact[key] = value;
  }
  return compact as unknown as Facts;
}
