/**
 * A configuration variable's JSON array (routes, silences): no entries for blank text, else its entries, or a
 * one-line error that shows the expected `shape` of an entry. Never quotes the text itself.
 */
export function parseJsonArray(
  text: string,
  shape: string,
  noun: string,
): { ok: true; entries: unknown[] } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, entries: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: `is not JSON (an array of ${shape})` };
  }
  if (!Array.isArray(parsed)) return { ok: false, error: `must be a JSON array of ${noun}` };
  return { ok: true, entries: parsed };
}
