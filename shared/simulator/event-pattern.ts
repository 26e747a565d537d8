/**
 * A small EventBridge pattern matcher for the simulator's routing, offline and fast. It covers exact values
 * (string, number, boolean, null), prefix, suffix, equals-ignore-case, wildcard, anything-but (a value, a list,
 * or one of prefix/suffix/equals-ignore-case/wildcard), exists, numeric and $or. Semantics follow EventBridge's
 * matcher (aws/event-ruler README, "Content filtering in Amazon EventBridge event patterns"): every key of the
 * pattern must match; a leaf array matches when any of its entries matches; an array in the event matches when any
 * of its elements does, and objects inside arrays are matched element by element; only leaves (not objects) count
 * as present, so `exists: false` matches a missing field or an object, and other operators need a leaf.
 * test/integration/moto/event-pattern-operators.test.ts checks it against moto's EventBridge on every case.
 */

/** An EventBridge event pattern (or a nested part of one). */
export type EventPattern = { [key: string]: unknown };

type Json = unknown;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `*` matches any run of characters, `\*` a literal star, `\\` a backslash; everything else is literal. */
function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/\\([*\\])|(\*)|([.+?^${}()|[\]\\])/g, (_all, escaped, star, special) =>
    escaped ? `\\${escaped}` : star ? '.*' : `\\${special}`,
  );
  return new RegExp(`^${source}$`, 's').test(value);
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

/** prefix/suffix take a string or `{ "equals-ignore-case": string }`. */
function affixMatches(affix: unknown, value: string, test: (value: string, affix: string) => boolean): boolean {
  if (isObject(affix) && typeof affix['equals-ignore-case'] === 'string') {
    return test(value.toLowerCase(), affix['equals-ignore-case'].toLowerCase());
  }
  return test(value, String(affix));
}

function anythingButMatches(rule: unknown, value: Json): boolean {
  if (isObject(rule)) return !leafMatches(rule, value);
  const excluded = Array.isArray(rule) ? rule : [rule];
  return !excluded.some((entry) => entry === value);
}

/** One leaf entry (a value or an operator object) against one leaf value of the event. */
function leafMatches(entry: unknown, value: Json): boolean {
  if (!isObject(entry)) return entry === value;
  const text = typeof value === 'string' ? value : undefined;
  if ('prefix' in entry) return text !== undefined && affixMatches(entry.prefix, text, (v, a) => v.startsWith(a));
  if ('suffix' in entry) return text !== undefined && affixMatches(entry.suffix, text, (v, a) => v.endsWith(a));
  if ('equals-ignore-case' in entry) {
    // A list only inside anything-but: "anything-but": { "equals-ignore-case": [...] }.
    const expected = [entry['equals-ignore-case']].flat().map((item) => String(item).toLowerCase());
    return text !== undefined && expected.includes(text.toLowerCase());
  }
  if ('wildcard' in entry) return text !== undefined && wildcardMatches(String(entry.wildcard), text);
  if ('anything-but' in entry) return anythingButMatches(entry['anything-but'], value);
  if ('numeric' in entry) return numericMatches(entry.numeric as unknown[], value);
  if ('exists' in entry) return entry.exists === true;
  throw new Error(`unsupported pattern operator: ${JSON.stringify(entry)}`);
}

/** The leaf values at a field: arrays are crushed out (nested ones too), objects are not leaves. */
function leavesOf(value: Json): Json[] {
  if (value === undefined || isObject(value)) return [];
  return Array.isArray(value) ? value.flatMap(leavesOf) : [value];
}

/** The objects at a field: the value itself, or the objects of an array (each matched on its own). */
function objectsOf(value: Json): Record<string, unknown>[] {
  if (isObject(value)) return [value];
  return Array.isArray(value) ? value.flatMap(objectsOf) : [];
}

function fieldMatches(rule: unknown, value: Json): boolean {
  if (Array.isArray(rule)) {
    const leaves = leavesOf(value);
    if (leaves.length === 0) return rule.some((entry) => isObject(entry) && entry.exists === false);
    return leaves.some((leaf) =>
      rule.some((entry) => !(isObject(entry) && entry.exists === false) && leafMatches(entry, leaf)),
    );
  }
  if (isObject(rule)) {
    // No object here: every leaf under it is missing, which only `exists: false` (or nothing) accepts.
    const objects = objectsOf(value);
    return objects.length === 0 ? matchesPattern(rule, {}) : objects.some((object) => matchesPattern(rule, object));
  }
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
    if (!fieldMatches(rule, Object.hasOwn(event, key) ? event[key] : undefined)) return false;
  }
  return true;
}
