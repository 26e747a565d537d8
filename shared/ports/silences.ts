import type { Silence } from '../domain/incidents/silences.js';

/** Silences kept as data (the state table): set from the CLI or a Lambda invocation, read by the pipeline. */
export interface SilenceStore {
  /** Silences not yet over at `nowMs` (active or planned), earliest end first. */
  list(nowMs: number): Promise<Silence[]>;
  /** Stores a new silence; kept a day past its end for the record, then expired. */
  put(silence: Silence): Promise<void>;
  /** Removes a silence; false when there was none with that id. */
  remove(id: string): Promise<boolean>;
}
