import { offsetMs as parseOffset } from '../scenario.js';
import type { Offset } from '../types.js';

/** Milliseconds of a scenario offset (the scenario loader's parser); throws on an offset it rejects. */
export function offsetMs(offset: Offset): number {
  const ms = parseOffset(offset);
  if (ms === undefined) throw new Error(`offset "${offset}": expected HH:MM, HH:MM:SS or D.HH:MM`);
  return ms;
}
