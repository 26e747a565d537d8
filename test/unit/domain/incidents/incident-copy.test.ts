import { describe, expect, it } from 'vitest';
import { copyOfIncident, withFields } from '../../../../shared/domain/incidents/incident-state.js';
import { clearOutbox } from '../../../../shared/domain/incidents/outbox.js';
import type { Incident } from '../../../../shared/domain/incidents/types.js';

const OPENED = '2026-12-01T10:00:00.000Z';

function incident(extra: Partial<Incident> = {}): Incident {
  return {
    key: '123456789012/eu-west-1/prod/service/orders-api/task-failure',
    group: 'task-failure',
    account: '123456789012',
    region: 'eu-west-1',
    cluster: 'prod',
    subject: { kind: 'service', name: 'orders-api' },
    status: 'open',
    severity: 'warning',
    category: 'app-exit',
    openedAt: OPENED,
    lastEventAt: OPENED,
    lastAlertAt: OPENED,
    lastTransition: 'opened',
    recentFailures: [OPENED],
    totalFailures: 1,
    countsByCategory: { 'app-exit': 1 },
    absorbed: 0,
    lastFacts: { account: '123456789012', region: 'eu-west-1', time: OPENED },
    notes: [],
    rev: 1,
    ...extra,
  };
}

// A stored incident is deeply frozen (the memory store's form); a copy made in this batch is not.
const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
};

describe('Function: withFields (an incident copy with fields set, as a spread makes it)', () => {
  it.each([
    ['a changed key keeps its place', incident(), { severity: 'critical' }],
    ['a new key follows the incident’s own', incident(), { escalatedAt: OPENED }],
    [
      'changed and new keys together, new ones in the order given',
      incident({ countedTasks: ['arn:aws:ecs:eu-west-1:123456789012:task/prod/a'] }),
      { lastTransition: 'escalated', outbox: { transition: 'escalated', at: OPENED, delivered: [] }, rev: 2 },
    ],
    ['a frozen (stored) incident', deepFreeze(incident({ writtenBy: 'w1' })), { lastEventAt: OPENED, rev: 2 }],
    ['a key set to undefined stays a key', incident({ deploymentId: 'ecs-svc/1' }), { deploymentId: undefined }],
  ] as Array<[string, Incident, Partial<Incident>]>)('%s', (_name, given, fields) => {
    const spread = { ...given, ...fields };
    const copy = withFields(given, fields);
    expect(Object.keys(copy)).toEqual(Object.keys(spread));
    expect(copy).toStrictEqual(spread);
    expect(copy).not.toBe(given);
    expect(Object.isFrozen(copy)).toBe(false);
  });

  it('leaves the incident it copies unchanged', () => {
    const given = incident();
    const before = structuredClone(given);
    withFields(given, { severity: 'critical', escalatedAt: OPENED });
    copyOfIncident(given).totalFailures = 5;
    expect(given).toStrictEqual(before);
  });
});

describe('Function: clearOutbox (the incident without its outbox, as a rest copy makes it)', () => {
  const outbox = { transition: 'opened' as const, at: OPENED, delivered: ['slack' as const, 'sns' as const] };
  it.each([
    ['the outbox among other keys', incident({ outbox, writtenBy: 'w1', rev: 2 })],
    ['the outbox as the last key', incident({ outbox })],
    ['a frozen (stored) incident', deepFreeze(incident({ escalatedAt: OPENED, outbox, writtenBy: 'w1' }))],
  ])('%s', (_name, given) => {
    const { outbox: _dropped, ...rest } = given;
    const cleared = clearOutbox(given);
    expect(Object.keys(cleared)).toEqual(Object.keys(rest));
    expect(cleared).toStrictEqual(rest);
    expect(given.outbox).toBe(outbox);
  });

  it('hands an incident without an outbox back as it is', () => {
    const given = incident();
    expect(clearOutbox(given)).toBe(given);
  });
});
