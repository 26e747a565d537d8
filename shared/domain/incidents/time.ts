/** Epoch milliseconds of an ISO-8601 time; NaN when missing or unreadable. */
export function toMs(iso: string | undefined): number {
  return iso === undefined ? Number.NaN : Date.parse(iso);
}

/** ISO-8601 text of epoch milliseconds. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The later of two ISO times (the first when the second is unreadable). */
export function laterOf(a: string, b: string): string {
  return toMs(b) > toMs(a) ? b : a;
}
