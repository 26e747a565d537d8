import { isSeverity } from './severity.js';
import type { Category, Severity } from './types.js';
import { CATEGORIES } from './types.js';

/** Parsed `category=severity,…` text: the overrides, or a one-line error naming the bad entry. */
export type SeverityOverridesResult =
  | { ok: true; severities: Partial<Record<Category, Severity>> }
  | { ok: false; error: string };

function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** Parses severity overrides such as `app-exit=critical, spot-interruption=none`; empty text means none. */
export function parseSeverityOverrides(text: string): SeverityOverridesResult {
  const severities: Partial<Record<Category, Severity>> = {};
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const [rawCategory = '', rawSeverity, ...extra] = entry.split('=').map((part) => part.trim());
    if (rawSeverity === undefined || extra.length > 0) {
      return { ok: false, error: `"${entry}" is not category=severity` };
    }
    if (!isCategory(rawCategory)) return { ok: false, error: `unknown category "${rawCategory}"` };
    if (!isSeverity(rawSeverity)) {
      return { ok: false, error: `unknown severity "${rawSeverity}" (use critical, warning, info or none)` };
    }
    if (severities[rawCategory] !== undefined) return { ok: false, error: `"${rawCategory}" is set twice` };
    severities[rawCategory] = rawSeverity;
  }
  return { ok: true, severities };
}
