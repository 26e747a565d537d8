import type * as v from 'valibot';

/** JSON-ish type name of a value, for error messages (`array` and `null` rather than `object`). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Field path of an issue, e.g. `detail.containers[1].exitCode`. */
function issuePath(issue: v.BaseIssue<unknown>, prefix: string): string {
  let path = prefix;
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    path += typeof key === 'number' ? `[${key}]` : `${path ? '.' : ''}${String(key)}`;
  }
  return path || 'event';
}

/** One-line message for a valibot issue: `detail.containers[1].exitCode: expected number, got string`. */
export function describeIssue(issue: v.BaseIssue<unknown>, prefix = ''): string {
  const path = issuePath(issue, prefix);
  if (issue.input === undefined) return `${path}: required field is missing`;
  const expected = (issue.expected ?? 'a valid value').replace('Array', 'array').replace('Object', 'object');
  return `${path}: expected ${expected}, got ${typeName(issue.input)}`;
}
