import type { DecisionLine } from '../domain/decision-trail.js';

/** What a decision search covers: a name, a time range and at most how many lines. */
export interface DecisionQuery {
  /** A service name, task ID or container instance ID (isSearchableName). */
  name: string;
  fromMs: number;
  toMs: number;
  limit: number;
}

/** Reads back the decisions the deciding functions logged (every event and sweep finding writes one). */
export interface DecisionLog {
  /** Decisions whose incident, summary or detail mention `name`, newest first. */
  about(query: DecisionQuery): Promise<DecisionLine[]>;
}
