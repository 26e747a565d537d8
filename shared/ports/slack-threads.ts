/** Where an incident's Slack root message is: its channel and `ts`, and the opening it belongs to. */
export interface SlackThread {
  channel: string;
  ts: string;
  /** The incident's `openedAt` when the root was posted: a re-opened incident starts a new root. */
  openedAt: string;
}

/** Remembers each incident's root message (app mode), apart from the incident so it never races its writes. */
export interface SlackThreadStore {
  /** The incident's root, or undefined when it has none (or it expired). */
  get(incidentKey: string): Promise<SlackThread | undefined>;
  /** Records (or replaces) the incident's root, kept until `expiresAtMs`. */
  put(incidentKey: string, thread: SlackThread, expiresAtMs: number): Promise<void>;
}
