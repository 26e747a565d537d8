import type { Offset } from '../types.js';

/** Milliseconds of a scenario offset: "HH:MM", "HH:MM:SS" or "D.HH:MM[:SS]". Throws on anything else. */
export function offsetMs(offset: Offset): number {
  const match = /^(?:(\d+)\.)?(\d{1,3}):(\d{2})(?::(\d{2}))?$/.exec(offset.trim());
  if (!match) throw new Error(`offset "${offset}": expected HH:MM, HH:MM:SS or D.HH:MM`);
  const [, days, hours, minutes, seconds] = match;
  return ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds ?? 0) * 1000;
}
