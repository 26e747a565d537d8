import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/domain/incidents/types.js';
import { HEARTBEAT_MS, mustWrite } from '../../../../shared/use-cases/batch/commit-batch.js';
import { incidentFixture } from '../../../helpers/state-store-contract.js';

const read = incidentFixture({ lastEventAt: '2026-11-29T10:00:00.000Z' });
const later = (ms: number) => new Date(Date.parse(read.lastEventAt) + ms).toISOString();
const escalated: Incident = { ...read, severity: 'critical', escalatedAt: '2026-11-29T09:59:00.000Z' };

describe('Function: mustWrite', () => {
  it.each<{ name: string; read: Incident | undefined; next: Incident; transitioned: boolean; expected: boolean }>([
    {
      name: 'a transition',
      read: escalated,
      next: { ...escalated, totalFailures: 9 },
      transitioned: true,
      expected: true,
    },
    { name: 'a new incident', read: undefined, next: read, transitioned: false, expected: true },
    {
      name: 'a status change (absorbed)',
      read,
      next: { ...read, status: 'resolved', resolvedBy: 'absorbed' },
      transitioned: false,
      expected: true,
    },
    {
      name: 'a count below the crash-loop threshold',
      read,
      next: { ...read, totalFailures: 3, lastEventAt: later(1_000) },
      transitioned: false,
      expected: true,
    },
    {
      name: 'a count of an escalated incident, seconds later',
      read: escalated,
      next: { ...escalated, totalFailures: 9, lastEventAt: later(1_000) },
      transitioned: false,
      expected: false,
    },
    {
      name: 'a count of an escalated incident, a heartbeat later',
      read: escalated,
      next: { ...escalated, totalFailures: 9, lastEventAt: later(HEARTBEAT_MS) },
      transitioned: false,
      expected: true,
    },
    {
      name: 'a count of an instance incident (no crash loop), seconds later',
      read: { ...read, group: 'instance-lost' },
      next: { ...read, group: 'instance-lost', totalFailures: 9, lastEventAt: later(1_000) },
      transitioned: false,
      expected: false,
    },
    {
      name: 'a steady state held (the sweep resolves it after the hold)',
      read: escalated,
      next: { ...escalated, steadyAt: later(60_000) },
      transitioned: false,
      expected: true,
    },
    {
      name: 'a failure after the steady state, which calls the hold off',
      read: { ...escalated, steadyAt: later(60_000) },
      next: { ...escalated, steadyAt: later(60_000), totalFailures: 9, lastEventAt: later(90_000) },
      transitioned: false,
      expected: true,
    },
    {
      name: 'a failure that happened before the steady state (a drained task stopping late), seconds later',
      read: { ...escalated, steadyAt: later(60_000) },
      next: { ...escalated, steadyAt: later(60_000), totalFailures: 9, lastEventAt: later(30_000) },
      transitioned: false,
      expected: false,
    },
    {
      name: 'a new note',
      read: escalated,
      next: { ...escalated, notes: ['Instance left the cluster'] },
      transitioned: false,
      expected: true,
    },
  ])('$name: $expected', ({ read: stored, next, transitioned, expected }) => {
    expect(mustWrite(stored, next, transitioned)).toBe(expected);
  });
});
