import type { Category, Severity } from '../classify/types.js';
import type { Incident, Transition } from '../incidents/types.js';
import type { AlertRoute } from './routing.js';

/** Console deep links for an alert (all optional: only what the facts allow). */
export interface AlertLinks {
  task?: string;
  service?: string;
  cluster?: string;
  instance?: string;
  logs?: string;
}

/** Everything a channel needs to render one incident transition. Text fields are untrusted, unescaped. */
export interface Alert {
  /** Stable id: incident key + transition + transition time; channels may use it for idempotency. */
  id: string;
  transition: Transition;
  severity: Severity;
  category: Category;
  incident: Incident;
  /** Short title, e.g. "Crash loop: orders-api in prod". */
  title: string;
  /** Cause in plain words. */
  cause: string;
  /** Extra lines: counts, remediation outcome, inhibition notes. */
  details: string[];
  links: AlertLinks;
  /** Last log lines of the failing container, when fetched in time. */
  logLines?: string[];
  /** Where the alert goes (team, Slack channel); absent: the default channel. */
  route?: AlertRoute;
}

/** Alert channels ecs-lookout delivers to. */
export type ChannelName = 'slack' | 'sns';
