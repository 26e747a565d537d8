import type { ParsedEvent } from '../events/types.js';
import { summaryOf } from './summary.js';
import { clip, MAX_SUMMARY_LENGTH } from './summary-text.js';
import type { Category, Facts, Remediation, Severity, Verdict } from './types.js';

/**
 * A verdict whose summary sentence is written on first read, then kept: most events are never shown to a
 * person. `summary` is an own enumerable getter, so JSON, spreads and equality see a plain string. It is one
 * shared getter reading private fields: a closure per verdict would give each verdict its own hidden class.
 */
export class LazyVerdict implements Verdict {
  declare category: Category;
  declare severity: Severity;
  declare alert: boolean;
  declare remediation: Remediation;
  declare readonly summary: string;
  declare facts: Facts;
  declare error?: string;
  #event: ParsedEvent | undefined;
  #summary = '';

  static readonly #lazySummary: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyVerdict): string {
      if (this.#event !== undefined) {
        // Each part is bounded already; this guards the sentence as a whole.
        this.#summary = clip(summaryOf(this.#event, this.category, this.facts), MAX_SUMMARY_LENGTH);
        this.#event = undefined;
      }
      return this.#summary;
    },
  };

  constructor(
    event: ParsedEvent,
    category: Category,
    severity: Severity,
    alert: boolean,
    remediation: Remediation,
    facts: Facts,
    error: string | undefined,
  ) {
    this.#event = event;
    // Assigned in Verdict's field order, so serialised verdicts read as before.
    this.category = category;
    this.severity = severity;
    this.alert = alert;
    this.remediation = remediation;
    Object.defineProperty(this, 'summary', LazyVerdict.#lazySummary);
    this.facts = facts;
    if (error !== undefined) this.error = error;
  }
}
