/** `2026-08-20 11:50 UTC` from an ISO time; `unknown time` when it does not parse. */
export function utcMinute(iso: string | undefined): string {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(ms)) return 'unknown time';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `11:50` (UTC) from epoch ms. */
export function utcClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** A machine-readable `<time>` element around the human text. */
export function timeTag(iso: string | undefined, text = utcMinute(iso)): string {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? text : `<time datetime="${new Date(ms).toISOString()}">${text}</time>`;
}
