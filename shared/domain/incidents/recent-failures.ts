import { toIso, toMs } from './time.js';

/**
 * The failure times of an incident's escalation window after one more failure at `nowMs`: times at or before
 * `windowStart` dropped, in time order (equal times keep their order, the new one last), the last `max`
 * kept. The same list as appending, filtering and sorting by time, but each time is read once and the new one
 * inserted: a sort by Date.parse in the comparator read each ~12 times.
 */
export function withFailureAt(times: readonly string[], nowMs: number, windowStart: number, max: number): string[] {
  const kept: string[] = [];
  const keptMs: number[] = [];
  let sorted = true;
  for (const time of times) {
    // A time stays in the list for up to `max` more failures: toMs reads each text once, not once per failure.
    const ms = toMs(time);
    if (!(ms > windowStart)) continue;
    if (keptMs.length > 0 && ms < keptMs[keptMs.length - 1]!) sorted = false;
    kept.push(time);
    keptMs.push(ms);
  }
  if (nowMs > windowStart) {
    const now = toIso(nowMs);
    kept.push(now);
    keptMs.push(nowMs);
  }
  if (kept.length === 0) return kept;
  const ordered = sorted ? insertLast(kept, keptMs) : sortedByTime(kept, keptMs);
  return ordered.length > max ? ordered.slice(-max) : ordered;
}

// All but the last are in order: move the last back past the ones later than it (a stable sort's result).
function insertLast(times: string[], ms: number[]): string[] {
  let i = times.length - 1;
  const [time, at] = [times[i]!, ms[i]!];
  while (i > 0 && ms[i - 1]! > at) {
    times[i] = times[i - 1]!;
    ms[i] = ms[i - 1]!;
    i--;
  }
  times[i] = time;
  ms[i] = at;
  return times;
}

// A list stored out of order (written by something else): a stable sort by the times read once.
function sortedByTime(times: string[], ms: number[]): string[] {
  return times
    .map((time, i) => ({ time, at: ms[i]! }))
    .sort((a, b) => a.at - b.at)
    .map(({ time }) => time);
}
