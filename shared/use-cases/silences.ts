import type { Silence } from '../domain/incidents/silences.js';
import type { SilenceStore } from '../ports/silences.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** How long a container reuses the silences it read: one set with the CLI takes effect within this. */
export const SILENCE_CACHE_MS = 30_000;

let cached: { store: SilenceStore; at: number; silences: Silence[] } | undefined;

/** Forgets the cached silences (tests, and the CLI right after it changed them). */
export function clearSilenceCache(): void {
  cached = undefined;
}

/**
 * The silences in force: LOOKOUT_SILENCES (maintenance windows as configuration) and those stored in the state
 * table, read at most every SILENCE_CACHE_MS per container. A failed read keeps the configured ones and says so:
 * paging during a load test beats missing an outage.
 */
export async function activeSilences(
  deps: Pick<PipelineDeps, 'config' | 'silences' | 'clock' | 'log'>,
): Promise<Silence[]> {
  const configured = deps.config.silences;
  const store = deps.silences;
  if (!store) return configured;
  const nowMs = deps.clock().getTime();
  const fresh = cached && cached.store === store && nowMs >= cached.at && nowMs - cached.at < SILENCE_CACHE_MS;
  if (fresh && cached) return [...configured, ...cached.silences];
  try {
    const silences = await store.list(nowMs);
    cached = { store, at: nowMs, silences };
    return [...configured, ...silences];
  } catch (error) {
    deps.log.warn('could not read silences; only configured ones apply', {
      error: error instanceof Error ? error.message : String(error),
    });
    return configured;
  }
}
