import type { PipelineDeps } from './pipeline-deps.js';

const MAX_NOTES = 10;

/** Appends a human line (remediation outcome) to an incident before its alert goes out; retries on conflict. */
export async function addIncidentNote(deps: PipelineDeps, key: string, note: string, expiresAt: number): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.store.getIncident(key);
    if (!current || current.notes.includes(note)) return;
    const notes = [...current.notes, note].slice(-MAX_NOTES);
    if (await deps.store.putIncident({ ...current, notes, rev: current.rev + 1 }, current.rev, expiresAt)) return;
  }
  deps.log.warn('could not add a note to the incident', { incident: key, note });
}
