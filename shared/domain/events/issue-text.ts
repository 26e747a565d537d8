/** JSON-ish type name of a value, for error messages (`array` and `null` rather than `object`). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
