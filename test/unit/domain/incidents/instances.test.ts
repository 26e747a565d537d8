import { describe, expect, it } from 'vitest';
import { decide } from '../../../../shared/domain/incidents/decide.js';
import { instanceIncidentKey, sweep } from '../../../../shared/domain/incidents/sweep.js';
import type { PendingDisconnect } from '../../../../shared/domain/incidents/types.js';
import {
  ACCOUNT,
  at,
  CLUSTER,
  hostLost,
  inputFor,
  instanceArn,
  instanceEvent,
  KEYS,
  POLICY,
  REGION,
  serviceTask,
  World,
} from './factories.js';

const pendingOf = (id: string, m: number): PendingDisconnect => ({
  containerInstanceArn: instanceArn(id),
  cluster: CLUSTER,
  account: ACCOUNT,
  region: REGION,
  ec2InstanceId: `i-0${id}`,
  disconnectedAt: at(m),
  dueAt: at(m + 5),
  version: m + 1,
});

describe('Function: decide (agent disconnects)', () => {
  it('opens nothing and schedules the grace check', () => {
    // Act
    const output = decide(inputFor(instanceEvent('instance-disconnected', 'ci1', 0)));
    // Assess
    expect(output.decision.reason).toBe('grace-pending');
    expect(output.incidents).toEqual([]);
    expect(output.alerts).toEqual([]);
    expect(output.pending).toEqual(pendingOf('ci1', 0));
  });

  it.each([
    // reconnect within grace cancels
    {
      event: instanceEvent('instance-connected', 'ci1', 2),
      reason: 'ignored',
      detail: 'agent reconnected within grace',
      pending: null,
    },
    // reconnect after dueAt but before the sweep ran still cancels
    {
      event: instanceEvent('instance-connected', 'ci1', 7),
      reason: 'ignored',
      detail: 'agent reconnected within grace',
      pending: null,
    },
    // deregistration within grace cancels
    {
      event: instanceEvent('instance-deregistered', 'ci1', 3),
      reason: 'ignored',
      detail: 'instance deregistered within grace',
      pending: null,
    },
    // a connect from before the disconnect (delivered late) keeps waiting
    {
      event: instanceEvent('instance-connected', 'ci1', -1),
      reason: 'ignored',
      detail: 'agent reconnected before the pending disconnect; still waiting',
      pending: undefined,
    },
    // the host terminated: confirmed at once
    {
      event: hostLost('t1', 'ci1', 1),
      reason: 'first',
      detail: expect.stringContaining('incident opened (critical)'),
      pending: null,
    },
  ])('pending + $event.category at $event.facts.time → $reason', ({ event, reason, detail, pending }) => {
    // Act
    const output = decide(inputFor(event, { pending: pendingOf('ci1', 0) }));
    // Assess
    expect(output.decision.reason).toBe(reason);
    expect(output.decision.detail).toEqual(detail);
    expect(output.pending).toBe(pending);
  });

  it('reports a host-terminated loss as a confirmed lost instance', () => {
    const pending = pendingOf('ci1', 0);
    const output = decide(inputFor(hostLost('t1', 'ci1', 1), { pending }));
    expect(output.confirmedLost).toEqual([{ incident: output.incidents[0], pending }]);
    expect(output.incidents[0]).toMatchObject({
      key: KEYS.instance('ci1'),
      group: 'instance-lost',
      severity: 'critical',
      subject: { kind: 'instance', name: instanceArn('ci1') },
    });
  });

  it('counts every task of a terminated host into one incident, never repeating', () => {
    const world = new World();
    const reasons = world.playAll([0, 1, 2, 90].map((m, i) => hostLost(`t${i}`, 'ci1', m)));
    expect(reasons).toEqual(['first', 'deduplicated', 'deduplicated', 'deduplicated']);
    expect(world.incident(KEYS.instance('ci1')).totalFailures).toBe(4);
  });
});

describe('Function: decide (instance status events of a lost instance)', () => {
  it.each([
    // our own drain: the instance is DRAINING, its agent still disconnected → still lost
    { category: 'instance-draining', status: 'DRAINING', reason: 'below-threshold', open: true, note: undefined },
    // the agent came back
    { category: 'instance-connected', status: 'ACTIVE', reason: 'resolved', open: false, note: undefined },
    // the instance left the cluster: resolved, saying so
    {
      category: 'instance-deregistered',
      status: 'INACTIVE',
      reason: 'resolved',
      open: false,
      note: 'Instance left the cluster (INACTIVE): nothing left to drain',
    },
  ] as const)('$status ($category) → $reason', ({ category, status, reason, open, note }) => {
    const world = new World();
    world.play(hostLost('t1', 'ci1', 0));
    const event = instanceEvent(category, 'ci1', 5);
    const output = world.play({ ...event, facts: { ...event.facts, lastStatus: status } });
    expect(output.decision.reason).toBe(reason);
    const incident = world.incident(KEYS.instance('ci1'));
    expect(incident.status).toBe(open ? 'open' : 'resolved');
    if (note) expect(incident.notes).toContain(note);
  });
});

describe('Function: sweep (grace confirmation)', () => {
  const base = { now: at(5), open: [], instanceIncidents: {}, policy: POLICY };

  it('confirms a due disconnect still disconnected as a critical lost instance', () => {
    // Prepare
    const pending = pendingOf('ci1', 0);
    // Act
    const out = sweep({ ...base, due: [pending], stillDisconnected: { [pending.containerInstanceArn]: true } });
    // Assess
    expect(out.deletePending).toEqual([pending.containerInstanceArn]);
    expect(out.decisions).toEqual([
      {
        reason: 'first',
        detail: 'agent still disconnected after 5 min: instance lost',
        incidentKey: KEYS.instance('ci1'),
        transition: 'opened',
      },
    ]);
    expect(out.alerts).toEqual([{ incidentKey: KEYS.instance('ci1'), transition: 'opened' }]);
    const incident = out.incidents[0]!;
    expect(incident).toMatchObject({
      key: instanceIncidentKey(pending),
      status: 'open',
      severity: 'critical',
      category: 'instance-disconnected',
      openedAt: at(5),
      lastEventAt: at(0),
      rev: 1,
      outbox: { transition: 'opened', at: at(5), delivered: [] },
      lastFacts: { containerInstanceArn: instanceArn('ci1'), ec2InstanceId: 'i-0ci1', cluster: CLUSTER },
    });
    expect(out.confirmedLost).toEqual([{ incident, pending }]);
  });

  it.each([
    // ECS says the agent is back (or the lead could not tell): cancelled
    { still: false, reason: 'ignored', opened: 0 },
    // instance missing from the answer: treated as no longer disconnected
    { still: undefined, reason: 'ignored', opened: 0 },
  ])('still disconnected = $still → $reason', ({ still, reason, opened }) => {
    const pending = pendingOf('ci1', 0);
    const stillDisconnected = still === undefined ? {} : { [pending.containerInstanceArn]: still };
    const out = sweep({ ...base, due: [pending], stillDisconnected });
    expect(out.decisions[0]?.reason).toBe(reason);
    expect(out.incidents.length).toBe(opened);
    expect(out.deletePending).toEqual([pending.containerInstanceArn]);
  });

  it('does not open a second incident for an instance already lost', () => {
    const world = new World();
    world.play(hostLost('t1', 'ci1', 0));
    const existing = world.incident(KEYS.instance('ci1'));
    const pending = pendingOf('ci1', 0);
    const out = sweep({
      ...base,
      due: [pending],
      stillDisconnected: { [pending.containerInstanceArn]: true },
      instanceIncidents: { [pending.containerInstanceArn]: existing },
    });
    expect(out.decisions[0]?.reason).toBe('deduplicated');
    expect(out.incidents).toEqual([]);
  });

  it('leaves a pending disconnect that is not due yet', () => {
    const pending = pendingOf('ci1', 1);
    const out = sweep({ ...base, due: [pending], stillDisconnected: { [pending.containerInstanceArn]: true } });
    expect(out).toEqual({
      decisions: [],
      incidents: [],
      deletePending: [],
      alerts: [],
      confirmedLost: [],
      deployments: [],
    });
  });

  it('reopens after a resolved instance incident with the next rev', () => {
    const world = new World();
    world.playAll([hostLost('t1', 'ci1', 0), instanceEvent('instance-connected', 'ci1', 10)]);
    const resolved = world.incident(KEYS.instance('ci1'));
    const pending = pendingOf('ci1', 20);
    const out = sweep({
      ...base,
      now: at(25),
      due: [pending],
      stillDisconnected: { [pending.containerInstanceArn]: true },
      instanceIncidents: { [KEYS.instance('ci1')]: resolved },
    });
    expect(out.incidents[0]).toMatchObject({ status: 'open', rev: resolved.rev + 1, totalFailures: 1 });
  });

  it('resolves the sweep-opened incident when the agent reconnects later', () => {
    // Prepare: disconnect → sweep confirms → reconnect
    const world = new World();
    world.play(instanceEvent('instance-disconnected', 'ci1', 0));
    const pending = world.pending.get(instanceArn('ci1'))!;
    const out = sweep({ ...base, due: [pending], stillDisconnected: { [pending.containerInstanceArn]: true } });
    world.incidents.set(out.incidents[0]!.key, out.incidents[0]!);
    world.pending.delete(pending.containerInstanceArn);
    // Act
    const output = world.play(instanceEvent('instance-connected', 'ci1', 12));
    // Assess
    expect(output.decision).toMatchObject({
      reason: 'resolved',
      transition: 'resolved',
      detail: 'agent reconnected: instance-lost incident resolved',
    });
  });

  it('falls back to a task failure when the lost host is unknown', () => {
    const output = decide(inputFor(serviceTask('instance-loss', 't1', 0)));
    expect(output.decision).toMatchObject({ reason: 'first', incidentKey: KEYS.tasks });
  });
});
