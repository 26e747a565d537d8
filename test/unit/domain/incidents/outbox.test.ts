import { describe, expect, it } from 'vitest';
import { isPermanentDeliveryFailure } from '../../../../shared/domain/alerts/delivery-failure.js';
import {
  OUTBOX_RETRY,
  recordFailedAttempt,
  redeliveryDue,
  settledChannels,
} from '../../../../shared/domain/incidents/outbox.js';
import type { Incident, IncidentOutbox } from '../../../../shared/domain/incidents/types.js';
import { at, KEYS, serviceTask, World } from './factories.js';

const T = Date.parse(at(0));
const MIN = 60_000;

function withOutbox(outbox: Partial<IncidentOutbox> = {}): Incident {
  const world = new World(undefined, false);
  world.play(serviceTask('app-exit', 't1', 0));
  const incident = world.incident(KEYS.tasks);
  return { ...incident, outbox: { transition: 'opened', at: at(0), delivered: ['sns'], ...outbox } };
}

describe('Function: recordFailedAttempt', () => {
  it.each([
    // a transient failure: counted, retried later
    { name: 'first transient failure', attempts: 0, permanent: false, minutes: 0, abandoned: undefined },
    // a revoked webhook: given up at once
    { name: 'permanent failure', attempts: 0, permanent: true, minutes: 0, abandoned: 'permanent failure' },
    // the sixth failed attempt
    { name: 'sixth attempt', attempts: 5, permanent: false, minutes: 30, abandoned: 'too many attempts' },
    // an hour after the first failure
    { name: 'an hour of failures', attempts: 2, permanent: false, minutes: 60, abandoned: 'too old' },
  ])('$name → abandoned: $abandoned', ({ attempts, permanent, minutes, abandoned }) => {
    const failures = attempts > 0 ? { slack: { attempts, since: T, last: T } } : undefined;
    const incident = withOutbox(failures ? { failures } : {});
    const out = recordFailedAttempt(incident, 'slack', permanent, T + minutes * MIN);
    expect(out.abandoned).toBe(abandoned);
    expect(out.incident.outbox?.failures?.slack?.attempts).toBe(attempts + 1);
    expect(out.incident.outbox?.at).toBe(incident.outbox?.at);
    expect(settledChannels(out.incident.outbox!).includes('slack')).toBe(abandoned !== undefined);
  });
});

describe('Function: redeliveryDue', () => {
  it.each([
    // never tried again yet: 2 min after the transition
    { attempts: 0, sinceLast: 1, due: false },
    { attempts: 0, sinceLast: 2, due: true },
    // backing off: 2, 4, 8, 16 min after the last failure, capped
    { attempts: 1, sinceLast: 2, due: true },
    { attempts: 2, sinceLast: 3, due: false },
    { attempts: 2, sinceLast: 4, due: true },
    { attempts: 4, sinceLast: 15, due: false },
    { attempts: 5, sinceLast: 16, due: true },
  ])('$attempts failure(s), $sinceLast min after the last → due: $due', ({ attempts, sinceLast, due }) => {
    const outbox: IncidentOutbox = { transition: 'opened', at: at(0), delivered: [] };
    if (attempts > 0) outbox.failures = { slack: { attempts, since: T, last: T } };
    expect(redeliveryDue(outbox, T + sinceLast * MIN)).toBe(due);
    expect(OUTBOX_RETRY.maxAttempts).toBe(6);
  });
});

describe('Function: isPermanentDeliveryFailure', () => {
  it.each([
    { result: { error: 'HTTP 404 no_service' }, permanent: true },
    { result: { error: 'HTTP 410 channel_is_archived' }, permanent: true },
    { result: { error: 'HTTP 403 invalid_token' }, permanent: true },
    { result: { error: 'HTTP 400 invalid_payload' }, permanent: true },
    { result: { error: 'NotFoundException: Topic does not exist' }, permanent: true },
    { result: { error: 'HTTP 500 rollup_error; deadline reached' }, permanent: false },
    { result: { error: 'HTTP 429 rate_limited' }, permanent: false },
    { result: { error: 'timed out after 5000 ms' }, permanent: false },
    // the channel's own verdict wins over the text
    { result: { error: 'HTTP 404 no_service', permanent: false }, permanent: false },
  ])('$result.error → $permanent', ({ result, permanent }) => {
    expect(isPermanentDeliveryFailure(result)).toBe(permanent);
  });
});
