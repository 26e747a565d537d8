import { isSettled } from '../domain/incidents/outbox.js';
import type { Incident } from '../domain/incidents/types.js';
import { type StateCommit, type StateStore, storeWith } from '../ports/state-store.js';

/** True when the incident's write leases an alert that Slack has yet to get (or give up): a Slack send follows. */
function slackSendFollows(incident: Incident): boolean {
  const outbox = incident.outbox;
  return outbox?.sendingAt !== undefined && !isSettled(outbox, 'slack');
}

function commitSendsToSlack(commit: StateCommit): boolean {
  return commit.incidents.some(({ incident }) => slackSendFollows(incident));
}

/**
 * The store, with `prefetch` started by every write that leases a Slack alert: the Slack secret (webhook URL
 * or bot token, see prefetchSlackSecret) is then read while the write is in flight rather than after it, and
 * an invocation that alerts nobody never reads it. A hint only: the write's own outcome is unchanged.
 */
export function withSlackPrefetch(store: StateStore, prefetch: () => void): StateStore {
  const overrides: Pick<StateStore, 'commit' | 'putIncident'> = {
    commit(commit, expiresAt) {
      if (commitSendsToSlack(commit)) prefetch();
      return store.commit(commit, expiresAt);
    },
    putIncident(incident, expectedRev, expiresAt) {
      if (slackSendFollows(incident)) prefetch();
      return store.putIncident(incident, expectedRev, expiresAt);
    },
  };
  return storeWith(store, overrides);
}
