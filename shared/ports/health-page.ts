import type { HealthReport } from '../domain/report/types.js';

/** Where a published health page is, and until when its link works. */
export interface PublishedPage {
  url: string;
  key: string;
  expiresAt: string;
}

/** Stores the report's HTML health page and hands back a time-limited link to it; throws when it cannot. */
export interface HealthPagePublisher {
  publish(report: HealthReport): Promise<PublishedPage>;
}
