import { typeName } from './issue-text.js';
import { capText, epochToIso, MAX_LIST_LENGTH } from './schema.js';

/**
 * A field that failed its check, e.g. path `containers[1].exitCode`, problem `expected number, got string`.
 * Thrown, not returned, so the valid path (nearly every event) carries no result wrappers; paths are
 * relative and the caller that knows the enclosing field prefixes it (`within`), only when a check fails.
 * Not an Error: it never leaves the parser, and an Error's stack trace would cost more than the parse.
 */
export class FieldError {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {}

  /** `path: problem`, the invalid event's error text. */
  get message(): string {
    return `${this.path}: ${this.problem}`;
  }

  /** The same problem seen from the enclosing field (`prefix` `detail` → `detail.containers[1].exitCode`). */
  within(prefix: string): FieldError {
    if (!this.path) return new FieldError(prefix, this.problem);
    return new FieldError(this.path.startsWith('[') ? `${prefix}${this.path}` : `${prefix}.${this.path}`, this.problem);
  }
}

/** Throws the FieldError for `value` at `path`: missing when undefined, else what was expected and got. */
function fail(path: string, expected: string, value: unknown): never {
  throw new FieldError(
    path,
    value === undefined ? 'required field is missing' : `expected ${expected}, got ${typeName(value)}`,
  );
}

// Each check takes the field's value, read by the caller with a property access (`detail.taskArn`), and its key
// only to name it in an error: a helper that read `fields[key]` itself made one keyed load with a changing key
// for every field of every event, which V8 runs on its megamorphic path (~10% of parse + classify after
// JSON.parse, in an in-process A/B).

/** A required string, capped at MAX_TEXT_LENGTH. */
export function text(value: unknown, key: string): string {
  if (typeof value !== 'string') return fail(key, 'string', value);
  return capText(value);
}

/** An optional string (`null` counts as absent, as Go and Java serialisers emit it), capped. */
export function maybeText(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return fail(key, 'string', value);
  return capText(value);
}

/** An optional number; NaN is not one. */
export function maybeNumber(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value)) return fail(key, 'number', value);
  return value;
}

/** A required boolean. */
export function flag(value: unknown, key: string): boolean {
  if (typeof value !== 'boolean') return fail(key, 'boolean', value);
  return value;
}

/** An optional timestamp: ISO text as sent, or an epoch number (seconds or milliseconds) as ISO text. */
export function maybeTimestamp(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return capText(value);
  if (typeof value === 'number' && !Number.isNaN(value)) return epochToIso(value);
  return fail(key, '(string | number)', value);
}

/** An optional list, cut to MAX_LIST_LENGTH before its entries are checked, so huge arrays stay cheap. */
export function maybeList<T>(value: unknown, key: string, entry: (value: unknown) => T): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail(key, 'array', value);
  const length = Math.min(value.length, MAX_LIST_LENGTH);
  const list: T[] = [];
  let index = 0;
  try {
    for (; index < length; index++) list.push(entry(value[index]));
  } catch (error) {
    throw error instanceof FieldError ? error.within(`${key}[${index}]`) : error;
  }
  return list;
}

/** A list entry that must be a string, capped. */
export function textEntry(value: unknown): string {
  if (typeof value !== 'string') return fail('', 'string', value);
  return capText(value);
}

/** A list entry that must be an object (arrays pass, as they did under the schema library this replaced). */
export function objectEntry(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object') return fail('', 'object', value);
  return value as Record<string, unknown>;
}
