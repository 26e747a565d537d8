import { describe, expect, it } from 'vitest';
import { nextSweepDue, sweep } from '../../../../shared/domain/incidents/sweep.js';
import type { Incident, PendingDisconnect } from '../../../../shared/domain/incidents/types.js';
import { ACCOUNT, at, CLUSTER, hostLost, instanceArn, KEYS, POLICY, REGION, serviceTask, World } from './factories.js';

function openTaskIncident(lastMinute: number): Incident {
  const world = new World();
  world.play(serviceTask('app-exit', 't1', lastMinute));
  return world.incident(KEYS.tasks);
}

function lostInstance(): Incident {
  const world = new World();
  world.play(hostLost('t1', 'ci1', 0));
  return world.incident(KEYS.instance('ci1'));
}

describe('Function: sweep (quiet resolution)', () => {
  it.each([
    // 29 minutes without a failure: still open
    { quietMinutes: 29, resolved: false },
    // exactly the quiet period
    { quietMinutes: 30, resolved: true },
    // long quiet
    { quietMinutes: 300, resolved: true },
  ])('quiet for $quietMinutes min → resolved: $resolved', ({ quietMinutes, resolved }) => {
    // Prepare
    const incident = openTaskIncident(0);
    // Act
    const out = sweep({
      now: at(quietMinutes),
      due: [],
      stillDisconnected: {},
      open: [incident],
      instanceIncidents: {},
      policy: POLICY,
    });
    // Assess
    expect(out.incidents.length).toBe(resolved ? 1 : 0);
    if (resolved) {
      expect(out.incidents[0]).toMatchObject({
        status: 'resolved',
        resolvedAt: at(quietMinutes),
        resolvedBy: 'quiet',
        rev: incident.rev + 1,
        outbox: { transition: 'resolved', at: at(quietMinutes), delivered: [] },
      });
      expect(out.decisions).toEqual([
        { reason: 'resolved', detail: 'no new failure for 30 min', incidentKey: KEYS.tasks, transition: 'resolved' },
      ]);
      expect(out.alerts).toEqual([{ incidentKey: KEYS.tasks, transition: 'resolved' }]);
    }
  });

  it.each([
    // a lost instance doesn't resolve by going quiet
    { still: {}, resolved: false },
    // ECS (asked by the use case) still sees it disconnected
    { still: { [instanceArn('ci1')]: true }, resolved: false },
    // ECS says it is back or gone
    { still: { [instanceArn('ci1')]: false }, resolved: true },
  ])('lost instance, stillDisconnected $still → resolved: $resolved', ({ still, resolved }) => {
    const out = sweep({
      now: at(600),
      due: [],
      stillDisconnected: still,
      open: [lostInstance()],
      instanceIncidents: {},
      policy: POLICY,
    });
    expect(out.incidents.filter((i) => i.status === 'resolved').length).toBe(resolved ? 1 : 0);
  });

  it.each([
    // drained (DRAINING) but the agent is still gone: still lost, no alert within the repeat interval
    { minutes: 59, still: true, left: undefined, transition: undefined, note: undefined },
    // still lost an hour after the last alert: a reminder, not a resolution
    { minutes: 60, still: true, left: undefined, transition: 'repeated', note: undefined },
    // the agent came back
    { minutes: 10, still: false, left: undefined, transition: 'resolved', note: undefined },
    // the instance left the cluster: resolved, saying so
    {
      minutes: 10,
      still: false,
      left: 'INACTIVE',
      transition: 'resolved',
      note: 'Instance left the cluster (INACTIVE): nothing left to drain',
    },
    {
      minutes: 10,
      still: false,
      left: 'MISSING',
      transition: 'resolved',
      note: 'Instance left the cluster (MISSING): nothing left to drain',
    },
  ])('lost instance $minutes min after its alert, still $still, left $left → $transition', (row) => {
    const incident = lostInstance();
    const arn = instanceArn('ci1');
    const out = sweep({
      now: at(row.minutes),
      due: [],
      stillDisconnected: { [arn]: row.still },
      ...(row.left ? { leftCluster: { [arn]: row.left } } : {}),
      open: [incident],
      instanceIncidents: {},
      policy: POLICY,
    });
    expect(out.alerts).toEqual(row.transition ? [{ incidentKey: incident.key, transition: row.transition }] : []);
    expect(out.incidents[0]?.status).toBe(row.transition === 'resolved' ? 'resolved' : row.transition && 'open');
    if (row.note) expect(out.incidents[0]?.notes).toContain(row.note);
  });

  it('skips incidents that are not open and never throws on an unreadable time', () => {
    const closed = { ...openTaskIncident(0), status: 'resolved' as const };
    expect(
      sweep({ now: at(90), due: [], stillDisconnected: {}, open: [closed], instanceIncidents: {}, policy: POLICY })
        .incidents,
    ).toEqual([]);
    expect(
      sweep({
        now: 'soon',
        due: [],
        stillDisconnected: {},
        open: [openTaskIncident(0)],
        instanceIncidents: {},
        policy: POLICY,
      }).incidents,
    ).toEqual([]);
  });
});

describe('Function: nextSweepDue', () => {
  const pending = (dueMinute: number): PendingDisconnect => ({
    containerInstanceArn: instanceArn('ci1'),
    cluster: CLUSTER,
    account: ACCOUNT,
    region: REGION,
    disconnectedAt: at(dueMinute - 5),
    dueAt: at(dueMinute),
  });

  it.each([
    // nothing pending or open
    { pendings: [], open: [], expected: undefined },
    // a grace period ending
    { pendings: [pending(7)], open: [], expected: at(7) },
    // an incident going quiet (last failure + 30 min)
    { pendings: [], open: [openTaskIncident(2)], expected: at(32) },
    // the earlier of both
    { pendings: [pending(40)], open: [openTaskIncident(2)], expected: at(32) },
    // lost instances never go quiet
    { pendings: [], open: [lostInstance()], expected: undefined },
  ])('→ $expected', ({ pendings, open, expected }) => {
    expect(nextSweepDue(pendings, open, POLICY)).toBe(expected);
  });

  it('is a time at which the sweep acts, when the quiet window ends within a millisecond', () => {
    // Four failures 20 min apart and 1 ms: twice the mean gap is 40 min and 2/3 ms.
    const world = new World();
    for (const [i, minute] of [0, 20, 40, 60 + 1 / 60_000].entries())
      world.play(serviceTask('app-exit', `t${i}`, minute));
    const incident = world.incident(KEYS.tasks);
    const due = nextSweepDue([], [incident], POLICY);
    // Quiet at 11:40:00.001⅔ (last failure 11:00:00.001 + 40 min ⅔ ms): the sweep acts from .002 on.
    expect(due).toBe('2026-03-02T11:40:00.002Z');
    const sweepAt = (now: string) =>
      sweep({ now, due: [], stillDisconnected: {}, open: [incident], instanceIncidents: {}, policy: POLICY });
    expect(sweepAt(due!).incidents.map((i) => i.status)).toEqual(['resolved']);
    expect(sweepAt(new Date(Date.parse(due!) - 1).toISOString()).incidents).toEqual([]);
  });
});
