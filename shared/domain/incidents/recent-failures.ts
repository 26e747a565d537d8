import { toIso, toMs } from './time.js';

// The times of each list this returned, read: the next failure of the incident starts from them instead of
// reading its (up to `max`) texts again. Such a list is in order and holds only readable times. It is returned
// frozen: a list of texts is already in stored form, so the in-memory store keeps that very list (it copies
// only what is not frozen) and the incident's next batch finds its times here too. The lists returned last (a
// Map cleared when full, not a WeakMap: a weak entry per failure cost the collector more than the map's
// strong hold on a thousand short lists; a list no longer here is read again).
const READ = new Map<readonly string[], readonly number[]>();
const REMEMBERED_LISTS = 1_024;

/**
 * The failure times of an incident's escalation window after one more failure at `nowMs`: times at or before
 * `windowStart` dropped, in time order (equal times keep their order, the new one last), the last `max`
 * kept. The same list as appending, filtering and sorting by time, but each time is read once and the new one
 * inserted: a sort by Date.parse in the comparator read each ~12 times.
 */
export function withFailureAt(
  times: readonly string[],
  nowMs: number,
  windowStart: number,
  max: number,
  /** toIso(nowMs), when the caller has it already. */
  nowIso?: string,
): string[] {
  let kept: string[];
  let keptMs: number[];
  let sorted = true;
  const known = READ.get(times);
  if (known) {
    // In order: the times outside the window are a prefix.
    let from = 0;
    while (from < known.length && !(known[from]! > windowStart)) from++;
    // A spread, trimmed in place, not slice(): V8 slices a frozen array some 20 times slower.
    kept = [...times];
    if (from === 1) kept.shift();
    else if (from > 1) kept.splice(0, from);
    keptMs = known.slice(from);
  } else {
    kept = [];
    keptMs = [];
    // Indexed: a stored list is frozen, and V8 iterates a frozen array several times slower with for-of.
    for (let i = 0; i < times.length; i++) {
      const time = times[i]!;
      const ms = toMs(time);
      if (!(ms > windowStart)) continue;
      if (keptMs.length > 0 && ms < keptMs[keptMs.length - 1]!) sorted = false;
      kept.push(time);
      keptMs.push(ms);
    }
  }
  if (nowMs > windowStart) {
    kept.push(nowIso ?? toIso(nowMs));
    keptMs.push(nowMs);
  }
  if (kept.length === 0) return kept;
  if (sorted) insertLast(kept, keptMs);
  else sortByTime(kept, keptMs);
  if (kept.length > max) {
    kept = kept.slice(-max);
    keptMs = keptMs.slice(-max);
  }
  if (READ.size >= REMEMBERED_LISTS) READ.clear();
  READ.set(kept, keptMs);
  return Object.freeze(kept) as string[];
}

// All but the last are in order: move the last back past the ones later than it (a stable sort's result).
function insertLast(times: string[], ms: number[]): void {
  let i = times.length - 1;
  const [time, at] = [times[i]!, ms[i]!];
  while (i > 0 && ms[i - 1]! > at) {
    times[i] = times[i - 1]!;
    ms[i] = ms[i - 1]!;
    i--;
  }
  times[i] = time;
  ms[i] = at;
}

// A list stored out of order (written by something else): a stable sort by the times read once, in place.
function sortByTime(times: string[], ms: number[]): void {
  const entries = times.map((time, i) => ({ time, at: ms[i]! })).sort((a, b) => a.at - b.at);
  for (const [i, entry] of entries.entries()) {
    times[i] = entry.time;
    ms[i] = entry.at;
  }
}
