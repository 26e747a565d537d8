import { beforeEach, describe, expect, it } from 'vitest';
import type { DeploymentRecord, Incident, PendingDisconnect } from '../../shared/domain/incidents/types.js';
import { deploymentKey, MAX_COMMIT_ITEMS, type StateStore } from '../../shared/ports/state-store.js';

/** Makes a fresh, empty store whose notion of "now" (epoch ms) is `clock`. */
export type MakeStateStore = (clock: () => number) => StateStore | Promise<StateStore>;

const T0 = Date.parse('2026-11-29T10:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LATER = T0 + 24 * HOUR;

/** An open task-failure incident; override any field. */
export function incidentFixture(overrides: Partial<Incident> = {}): Incident {
  return {
    key: 'task-failure#prod#api',
    group: 'task-failure',
    account: '123456789012',
    region: 'us-east-1',
    cluster: 'prod',
    subject: { kind: 'service', name: 'api' },
    status: 'open',
    severity: 'warning',
    category: 'oom',
    openedAt: '2026-11-29T09:58:00.000Z',
    lastEventAt: '2026-11-29T09:59:00.000Z',
    lastAlertAt: '2026-11-29T09:58:00.000Z',
    lastTransition: 'opened',
    recentFailures: ['2026-11-29T09:58:00.000Z', '2026-11-29T09:59:00.000Z'],
    totalFailures: 2,
    countsByCategory: { oom: 2 },
    absorbed: 0,
    lastFacts: { account: '123456789012', region: 'us-east-1', time: '2026-11-29T09:59:00.000Z', exitCode: 137 },
    notes: [],
    rev: 1,
    ...overrides,
  };
}

function pendingFixture(arn: string, dueAt: string): PendingDisconnect {
  return {
    containerInstanceArn: arn,
    cluster: 'prod',
    account: '123456789012',
    region: 'us-east-1',
    disconnectedAt: '2026-11-29T09:55:00.000Z',
    dueAt,
  };
}

const deploymentFixture = (overrides: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  cluster: 'prod',
  service: 'api',
  deploymentId: 'ecs-svc/1',
  state: 'in-progress',
  since: '2026-11-29T09:00:00.000Z',
  rev: 1,
  ...overrides,
});

/**
 * The behaviour every StateStore must have, as a vitest suite. Run it once per implementation;
 * `makeStore` must return an empty store that reads the time from the clock it is given.
 */
export function describeStateStoreContract(name: string, makeStore: MakeStateStore): void {
  describe(`StateStore contract: ${name}`, () => {
    let now = T0;
    let store: StateStore;
    beforeEach(async () => {
      now = T0;
      store = await makeStore(() => now);
    });

    describe('incidents', () => {
      it('creates with expectedRev 0 only when absent, then updates only from the expected rev', async () => {
        expect(await store.putIncident(incidentFixture({ rev: 1 }), 0, LATER)).toBe(true);
        expect(await store.putIncident(incidentFixture({ rev: 1, totalFailures: 99 }), 0, LATER)).toBe(false);

        expect(await store.putIncident(incidentFixture({ rev: 2, totalFailures: 3 }), 1, LATER)).toBe(true);
        // A concurrent writer that also read rev 1 loses.
        expect(await store.putIncident(incidentFixture({ rev: 2, totalFailures: 50 }), 1, LATER)).toBe(false);
        expect(await store.putIncident(incidentFixture({ rev: 9 }), 7, LATER)).toBe(false);

        const stored = await store.getIncident('task-failure#prod#api');
        expect(stored?.rev).toBe(2);
        expect(stored?.totalFailures).toBe(3);
      });

      it('round-trips the whole object, including fields it does not know, and drops undefined', async () => {
        const incident = {
          ...incidentFixture({ notes: ['replacement started'], resolvedAt: undefined, appliedKeys: ['k1', 'k2'] }),
          outbox: { transition: 'opened' as const, at: '2026-11-29T09:58:00.000Z', delivered: [] },
          futureField: { nested: [1, 'a <b> & "c"', { deep: true }] },
        };

        await store.putIncident(incident, 0, LATER);
        const stored = (await store.getIncident(incident.key)) as unknown as Record<string, unknown>;

        expect(stored).toEqual(JSON.parse(JSON.stringify(incident)));
        expect('resolvedAt' in stored).toBe(false);
      });

      it('lists open incidents, per cluster without prefix confusion, and drops them when resolved', async () => {
        await store.putIncident(incidentFixture({ key: 'a', cluster: 'prod' }), 0, LATER);
        await store.putIncident(incidentFixture({ key: 'b', cluster: 'prod-2' }), 0, LATER);
        await store.putIncident(incidentFixture({ key: 'c', cluster: 'prod', status: 'resolved' }), 0, LATER);
        await store.putIncident(incidentFixture({ key: 'd', cluster: 'staging' }), 0, LATER);

        expect((await store.listOpenIncidents()).map((i) => i.key).sort()).toEqual(['a', 'b', 'd']);
        expect((await store.listOpenIncidents('prod')).map((i) => i.key)).toEqual(['a']);
        expect(await store.listOpenIncidents('nowhere')).toEqual([]);

        await store.putIncident(incidentFixture({ key: 'a', cluster: 'prod', status: 'resolved', rev: 2 }), 1, LATER);
        expect(await store.listOpenIncidents('prod')).toEqual([]);
        expect((await store.getIncident('a'))?.status).toBe('resolved');
      });

      it('treats an expired incident as gone', async () => {
        await store.putIncident(incidentFixture(), 0, T0 + HOUR);
        now = T0 + HOUR + 1;

        expect(await store.getIncident('task-failure#prod#api')).toBeUndefined();
        expect(await store.listOpenIncidents()).toEqual([]);
        expect(await store.putIncident(incidentFixture(), 0, LATER)).toBe(true);
      });
    });

    describe('undelivered alerts', () => {
      const outbox = { transition: 'resolved' as const, at: '2026-11-29T09:59:00.000Z', delivered: ['sns' as const] };

      it('lists open and resolved incidents whose last alert still waits for a channel, until it is delivered', async () => {
        await store.putIncident(
          incidentFixture({ key: 'open-waiting', outbox: { ...outbox, transition: 'opened' } }),
          0,
          LATER,
        );
        await store.putIncident(incidentFixture({ key: 'open-done' }), 0, LATER);
        await store.putIncident(incidentFixture({ key: 'resolved-waiting', status: 'resolved', outbox }), 0, LATER);
        await store.putIncident(incidentFixture({ key: 'resolved-done', status: 'resolved' }), 0, LATER);
        const keys = async () => (await store.listPendingOutboxes()).map((i) => i.key).sort();
        expect(await keys()).toEqual(['open-waiting', 'resolved-waiting']);

        const delivered = incidentFixture({ key: 'resolved-waiting', status: 'resolved', rev: 2 });
        expect(await store.putIncident(delivered, 1, LATER)).toBe(true);
        expect(await keys()).toEqual(['open-waiting']);
      });
    });

    describe('deployments', () => {
      it('writes with optimistic concurrency per cluster and service', async () => {
        expect(await store.getDeployment('prod', 'api')).toBeUndefined();
        expect(await store.putDeployment(deploymentFixture(), 0, LATER)).toBe(true);
        expect(await store.putDeployment(deploymentFixture(), 0, LATER)).toBe(false);
        expect(await store.putDeployment(deploymentFixture({ state: 'failed', rev: 2 }), 1, LATER)).toBe(true);
        expect(await store.putDeployment(deploymentFixture({ state: 'completed', rev: 2 }), 1, LATER)).toBe(false);
        expect(await store.putDeployment(deploymentFixture({ service: 'web' }), 0, LATER)).toBe(true);

        expect(await store.getDeployment('prod', 'api')).toEqual(deploymentFixture({ state: 'failed', rev: 2 }));
      });

      it('lists records whose awaiting hook is due at or before now, earliest first, until the hook is dropped or paged', async () => {
        const waiting = (service: string, dueAt: string, rev = 1) =>
          deploymentFixture({
            service,
            rev,
            awaitingHook: {
              hookId: `ecs-pause-${service}`,
              lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
              since: '2026-11-29T09:00:00.000Z',
              dueAt,
              facts: { account: '123456789012', region: 'us-east-1', time: '2026-11-29T09:00:00.000Z' },
            },
          });
        await store.putDeployment(waiting('late', '2026-11-29T10:10:00.000Z'), 0, LATER);
        await store.putDeployment(waiting('exact', '2026-11-29T10:05:00Z'), 0, LATER);
        await store.commit(
          { incidents: [], deployment: { record: waiting('early', '2026-11-29T10:01:30.500Z'), expectedRev: 0 } },
          LATER,
        );
        await store.putDeployment(waiting('expired', '2026-11-29T10:00:00.000Z'), 0, T0 + MINUTE);
        await store.putDeployment(deploymentFixture({ service: 'plain' }), 0, LATER);
        now = T0 + MINUTE;

        const due = await store.listDueHooks('2026-11-29T10:05:00.000Z');
        expect(due.map((r) => r.service)).toEqual(['early', 'exact']);
        expect(due[0]).toEqual(waiting('early', '2026-11-29T10:01:30.500Z'));

        // The hook went on (no awaitingHook), or was paged (no dueAt): no longer listed.
        await store.putDeployment(deploymentFixture({ service: 'early', rev: 2 }), 1, LATER);
        const { dueAt: _paged, ...paged } = waiting('exact', '').awaitingHook!;
        const record = { ...waiting('exact', '', 2), awaitingHook: paged };
        await store.commit({ incidents: [], deployment: { record, expectedRev: 1 } }, LATER);
        expect(await store.listDueHooks('2026-11-29T11:00:00.000Z')).toEqual([
          waiting('late', '2026-11-29T10:10:00.000Z'),
        ]);
      });
    });

    describe('commits (one decision, all or nothing)', () => {
      const arn = 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/c1';
      const deployment = incidentFixture({ key: 'deployment#prod#api', group: 'deployment', rev: 1 });

      it('writes incidents and the deployment record together', async () => {
        const ok = await store.commit(
          {
            incidents: [
              { incident: incidentFixture(), expectedRev: 0 },
              { incident: deployment, expectedRev: 0 },
            ],
            deployment: { record: deploymentFixture({ state: 'failed' }), expectedRev: 0 },
          },
          LATER,
        );
        expect(ok).toBe(true);
        expect((await store.getIncident(deployment.key))?.rev).toBe(1);
        expect((await store.getDeployment('prod', 'api'))?.state).toBe('failed');
      });

      it('writes nothing when any one condition fails', async () => {
        await store.putIncident(incidentFixture({ key: deployment.key }), 0, LATER);
        const ok = await store.commit(
          {
            incidents: [
              { incident: incidentFixture(), expectedRev: 0 },
              { incident: deployment, expectedRev: 0 },
            ],
            deployment: { record: deploymentFixture(), expectedRev: 0 },
          },
          LATER,
        );
        expect(ok).toBe(false);
        expect(await store.getIncident(incidentFixture().key)).toBeUndefined();
        expect(await store.getDeployment('prod', 'api')).toBeUndefined();
      });

      it('applies only while the pending disconnect is still as read, then replaces or deletes it', async () => {
        const first = pendingFixture(arn, '2026-11-29T10:05:00.000Z');
        const next = pendingFixture(arn, '2026-11-29T10:09:00.000Z');
        const incident = { incident: incidentFixture(), expectedRev: 0 };
        // Read as absent, but another decision stored one meanwhile: nothing applies.
        await store.putPendingDisconnect(first, LATER);
        const stale = { containerInstanceArn: arn, read: undefined, next };
        expect(await store.commit({ incidents: [incident], pending: stale }, LATER)).toBe(false);
        expect(await store.getIncident(incident.incident.key)).toBeUndefined();
        // Read as it is: checked only, replaced, then deleted.
        expect(
          await store.commit(
            { incidents: [], pending: { containerInstanceArn: arn, read: first, next: undefined } },
            LATER,
          ),
        ).toBe(true);
        expect(
          await store.commit({ incidents: [], pending: { containerInstanceArn: arn, read: first, next } }, LATER),
        ).toBe(true);
        expect((await store.getPendingDisconnect(arn))?.dueAt).toBe(next.dueAt);
        expect(
          await store.commit({ incidents: [], pending: { containerInstanceArn: arn, read: first, next: null } }, LATER),
        ).toBe(false);
        expect(
          await store.commit({ incidents: [], pending: { containerInstanceArn: arn, read: next, next: null } }, LATER),
        ).toBe(true);
        expect(await store.getPendingDisconnect(arn)).toBeUndefined();
      });
    });

    describe('batch reads and commits', () => {
      const arnA = 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/a';
      const arnB = 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/b';

      it('reads every named item at once, leaving out the absent and the expired', async () => {
        await store.putIncident(incidentFixture(), 0, LATER);
        await store.putIncident(incidentFixture({ key: 'short-lived' }), 0, T0 + MINUTE);
        await store.putDeployment(deploymentFixture(), 0, LATER);
        await store.putPendingDisconnect(pendingFixture(arnA, '2026-11-29T10:05:00.000Z'), LATER);
        await store.claimRemediation({ key: 'run-task#arn:t1', status: 'started', clientToken: 'tok' }, LATER);
        now = T0 + 2 * MINUTE;
        const keys = Array.from({ length: 120 }, (_, i) => `absent-${i}`);
        const snapshot = await store.getMany({
          incidentKeys: [incidentFixture().key, 'short-lived', ...keys],
          deployments: [
            { cluster: 'prod', service: 'api' },
            { cluster: 'prod', service: 'web' },
          ],
          pendingInstanceArns: [arnA, arnB],
          claimKeys: ['run-task#arn:t1', 'run-task#arn:absent'],
        });
        expect(snapshot.claims).toEqual(
          new Map([['run-task#arn:t1', { key: 'run-task#arn:t1', status: 'started', clientToken: 'tok' }]]),
        );
        expect([...snapshot.incidents.keys()]).toEqual([incidentFixture().key]);
        expect(snapshot.incidents.get(incidentFixture().key)).toEqual(incidentFixture());
        expect([...snapshot.deployments.entries()]).toEqual([[deploymentKey('prod', 'api'), deploymentFixture()]]);
        expect([...snapshot.pending.keys()]).toEqual([arnA]);
      });

      it('commits many incidents, deployments and pending disconnects together, or none', async () => {
        await store.putPendingDisconnect(pendingFixture(arnA, '2026-11-29T10:05:00.000Z'), LATER);
        const batch = {
          incidents: [
            { incident: incidentFixture(), expectedRev: 0 },
            { incident: incidentFixture({ key: 'task-failure#prod#web' }), expectedRev: 0 },
          ],
          deployments: [
            { record: deploymentFixture(), expectedRev: 0 },
            { record: deploymentFixture({ service: 'web' }), expectedRev: 0 },
          ],
          pendings: [
            { containerInstanceArn: arnA, read: pendingFixture(arnA, '2026-11-29T10:05:00.000Z'), next: null },
            { containerInstanceArn: arnB, read: undefined, next: pendingFixture(arnB, '2026-11-29T10:07:00.000Z') },
          ],
        };
        // Another writer created web's record since it was read: nothing applies.
        await store.putDeployment(deploymentFixture({ service: 'web' }), 0, LATER);
        expect(await store.commit(batch, LATER)).toBe(false);
        expect(await store.getIncident(incidentFixture().key)).toBeUndefined();
        expect(await store.getPendingDisconnect(arnA)).toBeDefined();
        expect(await store.getPendingDisconnect(arnB)).toBeUndefined();
        const retried = { ...batch, deployments: [batch.deployments[0]!] };
        expect(await store.commit(retried, LATER)).toBe(true);
        const snapshot = await store.getMany({
          incidentKeys: [incidentFixture().key, 'task-failure#prod#web'],
          deployments: [{ cluster: 'prod', service: 'api' }],
          pendingInstanceArns: [arnA, arnB],
        });
        expect(snapshot.incidents.size).toBe(2);
        expect(snapshot.deployments.size).toBe(1);
        expect([...snapshot.pending.keys()]).toEqual([arnB]);
      });

      it(`refuses a commit of more than ${MAX_COMMIT_ITEMS} items`, async () => {
        const incidents = Array.from({ length: MAX_COMMIT_ITEMS + 1 }, (_, i) => ({
          incident: incidentFixture({ key: `k${i}` }),
          expectedRev: 0,
        }));
        await expect(store.commit({ incidents }, LATER)).rejects.toThrow(String(MAX_COMMIT_ITEMS));
        expect(await store.getIncident('k0')).toBeUndefined();
      });
    });

    describe('pending disconnects', () => {
      const arn = (id: string) => `arn:aws:ecs:us-east-1:123456789012:container-instance/prod/${id}`;

      it('stores, replaces and deletes the pending disconnect of an instance', async () => {
        await store.putPendingDisconnect(pendingFixture(arn('i1'), '2026-11-29T10:05:00.000Z'), LATER);
        await store.putPendingDisconnect(
          { ...pendingFixture(arn('i1'), '2026-11-29T10:09:00.000Z'), version: 7 },
          LATER,
        );

        expect(await store.getPendingDisconnect(arn('i1'))).toMatchObject({
          dueAt: '2026-11-29T10:09:00.000Z',
          version: 7,
        });
        expect(await store.listDueDisconnects('2026-11-29T10:06:00.000Z')).toEqual([]);

        await store.deletePendingDisconnect(arn('i1'));
        expect(await store.getPendingDisconnect(arn('i1'))).toBeUndefined();
        expect(await store.listDueDisconnects('2026-11-29T11:00:00.000Z')).toEqual([]);
      });

      it('lists those due at or before now, earliest first, whatever the ISO precision', async () => {
        await store.putPendingDisconnect(pendingFixture(arn('late'), '2026-11-29T10:10:00.000Z'), LATER);
        await store.putPendingDisconnect(pendingFixture(arn('exact'), '2026-11-29T10:05:00Z'), LATER);
        await store.putPendingDisconnect(pendingFixture(arn('early'), '2026-11-29T10:01:30.500Z'), LATER);
        await store.putPendingDisconnect(pendingFixture(arn('expired'), '2026-11-29T10:00:00.000Z'), T0 + MINUTE);
        now = T0 + MINUTE;

        const due = await store.listDueDisconnects('2026-11-29T10:05:00.000Z');

        expect(due.map((p) => p.containerInstanceArn)).toEqual([arn('early'), arn('exact')]);
        expect(due[1]?.dueAt).toBe('2026-11-29T10:05:00Z');
      });
    });

    describe('budgets', () => {
      it('tells a used-up budget without taking from it, until its window expires', async () => {
        expect(await store.budgetUsedUp('family#peek', 2)).toBe(false);
        await store.takeBudget('family#peek', 2, T0 + HOUR);
        expect(await store.budgetUsedUp('family#peek', 2)).toBe(false);
        await store.takeBudget('family#peek', 2, T0 + HOUR);
        expect(await store.budgetUsedUp('family#peek', 2)).toBe(true);
        expect(await store.budgetUsedUp('family#peek', 3)).toBe(false);
        now = T0 + HOUR;
        expect(await store.budgetUsedUp('family#peek', 2)).toBe(false);
        expect(await store.takeBudget('family#peek', 2, T0 + 2 * HOUR)).toBe(true);
      });

      it('hands out units until the limit, per key', async () => {
        const takes = [];
        for (let i = 0; i < 4; i++) takes.push(await store.takeBudget('replace#api#10h', 3, T0 + HOUR));

        expect(takes).toEqual([true, true, true, false]);
        expect(await store.takeBudget('replace#web#10h', 3, T0 + HOUR)).toBe(true);
        expect(await store.takeBudget('replace#none', 0, T0 + HOUR)).toBe(false);
      });

      it('starts again when the window expires, and later takes do not extend the window', async () => {
        expect(await store.takeBudget('replace#api', 2, T0 + HOUR)).toBe(true);
        now = T0 + 30 * MINUTE;
        expect(await store.takeBudget('replace#api', 2, now + HOUR)).toBe(true);
        expect(await store.takeBudget('replace#api', 2, now + HOUR)).toBe(false);

        now = T0 + HOUR;
        expect(await store.takeBudget('replace#api', 2, now + HOUR)).toBe(true);
        expect(await store.takeBudget('replace#api', 2, now + HOUR)).toBe(true);
        expect(await store.takeBudget('replace#api', 2, now + HOUR)).toBe(false);
      });
    });

    describe('remediation claims', () => {
      const claim = { key: 'task/prod/abc', status: 'started' as const, clientToken: 'tok-1' };

      it('reads a claim without creating one', async () => {
        expect(await store.getClaim('run-task#arn:t1')).toBeUndefined();
        await store.claimRemediation({ key: 'run-task#arn:t1', status: 'started', clientToken: 'tok' }, LATER);
        expect(await store.getClaim('run-task#arn:t1')).toEqual({
          key: 'run-task#arn:t1',
          status: 'started',
          clientToken: 'tok',
        });
      });

      it('reads many claims at once, past the 100 keys of one call, leaving out the absent and the expired', async () => {
        const keys = Array.from({ length: 105 }, (_, i) => `run-task#arn:t${i}`);
        for (const [i, key] of keys.entries()) {
          if (i % 3 === 0) continue;
          await store.claimRemediation(
            { key, status: 'started', clientToken: `tok-${i}` },
            i === 1 ? T0 + HOUR : LATER,
          );
        }
        await store.finishRemediation({ key: keys[2]!, status: 'done', detail: 'arn:task/new' }, LATER);
        now = T0 + HOUR;

        const claims = await store.getClaims([...keys, 'run-task#arn:never']);
        const expected = keys.flatMap((key, i) =>
          i % 3 === 0 || i === 1
            ? []
            : [
                [
                  key,
                  i === 2
                    ? { key, status: 'done', detail: 'arn:task/new' }
                    : { key, status: 'started', clientToken: `tok-${i}` },
                ],
              ],
        );
        expect(claims).toEqual(new Map(expected as Array<[string, unknown]>));
        expect(await store.getClaims([])).toEqual(new Map());
      });

      it('claims once; later claims see the existing claim', async () => {
        expect(await store.claimRemediation(claim, LATER)).toEqual({ claimed: true });
        expect(await store.claimRemediation({ ...claim, clientToken: 'tok-2' }, LATER)).toEqual({
          claimed: false,
          existing: claim,
        });
      });

      it('records the outcome, and never turns a done claim back into failed', async () => {
        await store.claimRemediation(claim, LATER);
        await store.finishRemediation({ ...claim, status: 'done', detail: 'arn:task/new' }, LATER);
        await store.finishRemediation({ ...claim, status: 'failed', detail: 'late retry' }, LATER);

        const { existing } = await store.claimRemediation(claim, LATER);
        expect(existing).toEqual({ ...claim, status: 'done', detail: 'arn:task/new' });
      });

      it('lets a failed claim be finished as done by a retry', async () => {
        await store.claimRemediation(claim, LATER);
        await store.finishRemediation({ ...claim, status: 'failed', detail: 'AGENT' }, LATER);
        await store.finishRemediation({ ...claim, status: 'done', detail: 'arn:task/new' }, LATER);

        expect((await store.claimRemediation(claim, LATER)).existing?.status).toBe('done');
      });

      it('can claim again once the claim expired', async () => {
        await store.claimRemediation(claim, T0 + HOUR);
        now = T0 + HOUR;

        expect(await store.claimRemediation(claim, LATER)).toEqual({ claimed: true });
      });
    });
  });
}
