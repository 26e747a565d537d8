import type { ParsedEvent } from '../events/types.js';
import { classifyDaemonAction, classifyDaemonDeployment } from './daemon.js';
import type { VerdictDraft } from './draft.js';
import { compactFacts, envelopeFacts } from './draft.js';
import { classifyHook } from './hook.js';
import { classifyInstance } from './instance.js';
import { classifyInstanceHealth } from './instance-health.js';
import { LazyVerdict } from './lazy-verdict.js';
import { classifyDeployment, classifyServiceAction } from './service.js';
import { isAlertSeverity, severityFor } from './severity.js';
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
    case 'instance-health':
      return classifyInstanceHealth(event);
    case 'hook':
      return classifyHook(event);
    case 'daemon-action':
      return classifyDaemonAction(event);
    case 'daemon-deployment':
      return classifyDaemonDeployment(event);
    case 'unsupported': {
      return { category: 'unsupported', remediation: 'none', facts: envelopeFacts(event.meta) };
    }
    case 'invalid': {
      const facts = compactFacts({ ...envelopeFacts(event.meta), reason: event.error });
      return { category: 'invalid', remediation: 'none', facts, error: event.error };
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
  const { category, remediation, facts, error } = draftFor(event);
  const severity = severityFor(category, options);
  return new LazyVerdict(event, category, severity, isAlertSeverity(severity), remediation, facts, error);
}
