/**
 * A small EventBridge pattern matcher for the syntax infra/ uses: exact values (string, number, boolean,
 * null), prefix, suffix, wildcard, anything-but (value, list or prefix), exists, numeric and $or.
 * Semantics follow the EventBridge docs: every key of the pattern must match; a leaf array matches when
 * any of its entries matches; an array in the event matches when any of its elements does; a missing
 * field only matches `exists: false`.
 */

/** An EventBridge event pattern (or a nested part of one). */
export type EventPattern = { [key: string]: unknown };

type Json = unknown;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `*` matches any run of characters; everything else is literal. */
function wildcardMatches(pattern: string, value: string): boolean {
  const parts = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(value);
}

function numericMatches(conditions: unknown[], value: unknown): boolean {
  if (typeof value !== 'number') return false;
  for (let i = 0; i < conditions.length; i += 2) {
    const operator = conditions[i];
    const bound = conditions[i + 1] as number;
    const ok =
      (operator === '=' && value === bound) ||
      (operator === '<' && value < bound) ||
      (operator === '<=' && value <= bound) ||
      (operator === '>' && value > bound) ||
      (operator === '>=' && value >= bound);
    if (!ok) return false;
  }
  return true;
}

function anythingButMatches(rule: unknown, value: Json): boolean {
  if (isObject(rule) && typeof rule.prefix === 'string') {
    return typeof value === 'string' && !value.startsWith(rule.prefix);
  }
  const excluded = Array.isArray(rule) ? rule : [rule];
  return !excluded.some((entry) => entry === value);
}

/** One leaf entry (a value or an operator object) against one present, non-array event value. */
function leafMatches(entry: unknown, value: Json): boolean {
  if (!isObject(entry)) return entry === value;
  if ('prefix' in entry) return typeof value === 'string' && value.startsWith(String(entry.prefix));
  if ('suffix' in entry) return typeof value === 'string' && value.endsWith(String(entry.suffix));
  if ('wildcard' in entry) return typeof value === 'string' && wildcardMatches(String(entry.wildcard), value);
  if ('anything-but' in entry) return anythingButMatches(entry['anything-but'], value);
  if ('numeric' in entry) return numericMatches(entry.numeric as unknown[], value);
  if ('exists' in entry) return entry.exists === true;
  throw new Error(`unsupported pattern operator: ${JSON.stringify(entry)}`);
}

function fieldMatches(rule: unknown, present: boolean, value: Json): boolean {
  if (Array.isArray(rule)) {
    if (!present) return rule.some((entry) => isObject(entry) && entry.exists === false);
    if (rule.some((entry) => isObject(entry) && entry.exists === false)) return false;
    const values = Array.isArray(value) ? value : [value];
    return values.some((item) => rule.some((entry) => leafMatches(entry, item)));
  }
  if (isObject(rule)) return present && isObject(value) && matchesPattern(rule, value);
  throw new Error(`pattern values must be arrays or objects, got ${JSON.stringify(rule)}`);
}

/** True when `event` matches `pattern` under EventBridge rules. */
export function matchesPattern(pattern: EventPattern, event: Json): boolean {
  if (!isObject(event)) return false;
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(rule as EventPattern[]).some((branch) => matchesPattern(branch, event))) return false;
      continue;
    }
    if (!fieldMatches(rule, Object.hasOwn(event, key), event[key])) return false;
  }
  return true;
}
