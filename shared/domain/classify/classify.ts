import type { ParsedEvent } from '../events/types.js';
import type { VerdictDraft } from './draft.js';
import { compactFacts, envelopeFacts } from './draft.js';
import { classifyInstance } from './instance.js';
import { classifyDeployment, classifyServiceAction } from './service.js';
import { isAlertSeverity, severityFor } from './severity.js';
import { clip, MAX_SUMMARY_LENGTH } from './summary-text.js';
import { classifyTask } from './task.js';
import type { ClassifyOptions, Verdict } from './types.js';

function draftFor(event: ParsedEvent): VerdictDraft {
  switch (event.kind) {
    case 'task':
      return classifyTask(event);
    case 'instance':
      return classifyInstance(event);
    case 'deployment':
      return classifyDeployment(event);
    case 'service-action':
      return classifyServiceAction(event);
    case 'unsupported': {
      const { detailType, source } = event.meta;
      const summary = `Ignored event "${clip(detailType, 100)}" from ${clip(source, 100)}.`;
      return { category: 'unsupported', remediation: 'none', summary, facts: envelopeFacts(event.meta) };
    }
    case 'invalid': {
      const facts = compactFacts({ ...envelopeFacts(event.meta), reason: event.error });
      const summary = `Invalid event: ${clip(event.error)}.`;
      return { category: 'invalid', remediation: 'none', summary, facts, error: event.error };
    }
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unhandled event kind ${(event as { kind: string }).kind}`);
}

/** Classifies a parsed event: pure and deterministic; severity comes from the category and `options`. */
export function classify(event: ParsedEvent, options: ClassifyOptions = {}): Verdict {
  const { category, remediation, summary, facts, error } = draftFor(event);
  const severity = severityFor(category, options);
  const alert = isAlertSeverity(severity);
  // Each part is bounded already; this guards the sentence as a whole.
  const verdict: Verdict = {
    category,
    severity,
    alert,
    remediation,
    summary: clip(summary, MAX_SUMMARY_LENGTH),
    facts,
  };
  if (error !== undefined) verdict.error = error;
  return verdict;
}
