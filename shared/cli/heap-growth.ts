import { setFlagsFromString } from 'node:v8';

/**
 * How far past what survived the last full collection V8 may grow the old generation before the next one,
 * in per cent. V8 picks up to 4× on its own when collecting is cheap, which a long replay's stream of
 * short-lived events makes it: 100k events then peaked near 175 MiB while holding 16.
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Keeps a long command's memory near what it holds (replay, simulate): V8 collects once the old generation
 * has grown HEAP_GROWING_PERCENT past its live data. The process's own setting, so only the CLI entry and
 * its bench twin call it; a live set of any size still fits, it is only collected more often.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
