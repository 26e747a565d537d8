import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCaptureChannel } from '../../../shared/adapters/capture/capture-channel.js';
import { createScopedEcsActions } from '../../../shared/adapters/ecs/scoped-ecs-actions.js';
import { reachOf } from '../../../shared/domain/accounts.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import { createRecordingEcs, demoEvents, testDeps } from '../../helpers/pipeline.js';

const demo = demoEvents() as Array<Record<string, unknown> & { detail: Record<string, unknown> }>;
// Demo line 14: the agent of instance 1a2b… in cluster prod disconnects at 09:20 (grace: until 09:25).
const disconnect = demo[13]!;
const instanceArn = String(disconnect.detail.containerInstanceArn);

/** The same disconnect, in another cluster. */
function disconnectIn(cluster: string) {
  const event = structuredClone(disconnect);
  const arn = instanceArn.replace('/prod/', `/${cluster}/`);
  Object.assign(event.detail, {
    clusterArn: String(event.detail.clusterArn).replace('/prod', `/${cluster}`),
    containerInstanceArn: arn,
  });
  event.resources = [arn];
  return event;
}

/** The same disconnect of a same-named instance in another account's cluster `prod`. */
function disconnectInAccount(account: string) {
  const event = structuredClone(disconnect);
  const swap = (value: unknown) => String(value).replace(':123456789012:', `:${account}:`);
  const arn = swap(instanceArn);
  Object.assign(event.detail, { clusterArn: swap(event.detail.clusterArn), containerInstanceArn: arn });
  Object.assign(event, { account, resources: [arn] });
  return event;
}

const decisions = (effects: Awaited<ReturnType<typeof runSweep>>) =>
  effects.flatMap((e) => (e.effect === 'decision' ? [`${e.reason} ${e.incident?.split('/')[2]}`] : []));

describe('Function: runSweep against ECS', () => {
  it('leaves a cluster it cannot read pending for the next sweep, and confirms the others', async () => {
    const recording = createRecordingEcs();
    const describeInstances = recording.ecs.describeInstances;
    let throttled = true;
    recording.ecs.describeInstances = async (cluster, arns) => {
      if (cluster === 'staging' && throttled)
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      return describeInstances(cluster, arns);
    };
    const { deps } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'prod');
    await handleEvent(deps, disconnectIn('staging'), 'staging');

    expect(decisions(await runSweep(deps, '2026-11-27T09:25:00.000Z'))).toEqual(['first prod']);
    expect(await deps.store.listDueDisconnects('2026-11-27T09:25:00.000Z')).toHaveLength(1);
    throttled = false;
    expect(decisions(await runSweep(deps, '2026-11-27T09:26:00.000Z'))).toEqual(['first staging']);
  });

  it('keeps the events word for instances ECS does not know (another account, or no such cluster)', async () => {
    const recording = createRecordingEcs();
    recording.ecs.describeInstances = async () => {
      throw Object.assign(new Error('Cluster not found.'), { name: 'ClusterNotFoundException' });
    };
    const { deps } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    expect(decisions(await runSweep(deps, '2026-11-27T09:25:00.000Z'))).toEqual(['first prod']);
  });

  it.each([
    { name: 'AccessDeniedException', message: 'not authorized to perform: ecs:DescribeContainerInstances' },
    { name: 'NoMemberRoleError', message: 'no role registered for account 210987654321 in us-east-1' },
  ])('decides from the events alone when ECS answers $name, and says so on the incident', async (failure) => {
    const recording = createRecordingEcs();
    recording.ecs.describeInstances = async () => {
      throw Object.assign(new Error(failure.message), { name: failure.name });
    };
    const { deps } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    expect(decisions(await runSweep(deps, '2026-11-27T09:25:00.000Z'))).toEqual(['first prod']);
    expect(await deps.store.listDueDisconnects('2026-11-27T09:30:00.000Z')).toEqual([]);
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.notes).toContain(`Decided from the events alone (no reconnect within grace): ${failure.message}`);
  });

  it('keeps asking a throttled cluster until its grace has been over for another grace, then the events decide', async () => {
    const recording = createRecordingEcs();
    recording.ecs.describeInstances = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    const { deps } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    // Grace 5 min: due at 09:25, asked again until 09:30.
    expect(decisions(await runSweep(deps, '2026-11-27T09:25:00.000Z'))).toEqual([]);
    expect(decisions(await runSweep(deps, '2026-11-27T09:29:00.000Z'))).toEqual([]);
    expect(decisions(await runSweep(deps, '2026-11-27T09:30:00.000Z'))).toEqual(['first prod']);
  });

  it('asks about same-named clusters of two accounts separately and confirms each instance once', async () => {
    const recording = createRecordingEcs();
    const asked: string[][] = [];
    const describeInstances = recording.ecs.describeInstances;
    recording.ecs.describeInstances = async (cluster, arns) => {
      asked.push(arns);
      return describeInstances(cluster, arns);
    };
    const { deps, slack } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'home');
    await handleEvent(deps, disconnectInAccount('210987654321'), 'member');
    await runSweep(deps, '2026-11-27T09:25:00.000Z');
    expect(asked.map((arns) => arns.map((arn) => arn.split(':')[4]))).toEqual([['123456789012'], ['210987654321']]);
    const opened = slack.captured.filter((c) => c.alert.transition === 'opened').map((c) => c.alert.incident.key);
    expect(opened.map((key) => key.split('/')[0]).sort()).toEqual(['123456789012', '210987654321']);
  });

  it('resolves an open lost-instance incident when ECS sees its agent again, even if no event said so', async () => {
    const recording = createRecordingEcs();
    const { deps, slack } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    await runSweep(deps, '2026-11-27T09:25:00.000Z');
    recording.ecs.describeInstances = async (_cluster, arns) =>
      arns.map((containerInstanceArn) => ({ containerInstanceArn, status: 'ACTIVE', agentConnected: true }));
    await runSweep(deps, '2026-11-27T09:40:00.000Z');
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened', 'resolved']);
    expect(await deps.store.listOpenIncidents()).toEqual([]);
  });

  it('re-delivers a resolved alert to the channel that missed it', async () => {
    const { deps, slack, sns } = testDeps();
    await handleEvent(deps, disconnect, 'disconnect');
    await runSweep(deps, '2026-11-27T09:25:00.000Z');
    const working = deps.channels;
    deps.channels = [createCaptureChannel('slack', { fail: true }), sns];
    await handleEvent(deps, demo[24], 'deregistered');
    deps.channels = working;
    await runSweep(deps, '2026-11-27T09:55:00.000Z');
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened', 'resolved']);
    expect(sns.captured.map((c) => c.alert.transition)).toEqual(['opened', 'resolved']);
    expect(await deps.store.listPendingOutboxes()).toEqual([]);
  });

  it('finishes a drain that failed retryably on a later sweep, and only that one', async () => {
    const recording = createRecordingEcs();
    const drain = recording.ecs.drainInstances;
    let throttled = true;
    recording.ecs.drainInstances = async (cluster, arns) =>
      throttled
        ? { ok: false, arns: [], error: 'ThrottlingException: Rate exceeded', retryable: true }
        : drain(cluster, arns);
    const { deps } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    const outcomes = async (at: string) =>
      (await runSweep(deps, at)).flatMap((e) => (e.effect === 'remediation' ? [e.outcome] : []));

    expect(await outcomes('2026-11-27T09:25:00.000Z')).toEqual(['failed']);
    throttled = false;
    expect(await outcomes('2026-11-27T09:26:00.000Z')).toEqual(['started']);
    expect(await outcomes('2026-11-27T09:27:00.000Z')).toEqual([]);
    expect(recording.drained).toEqual([instanceArn]);
  });
});

describe('Function: runSweep across accounts', () => {
  const HOME = '123456789012';
  const READ_ONLY = '210987654321';
  const STRANGER = '333333333333';
  const env = {
    LOOKOUT_HOME_ACCOUNT: HOME,
    LOOKOUT_HOME_REGION: 'us-east-1',
    LOOKOUT_MEMBER_ROLES: JSON.stringify({ accounts: { [READ_ONLY]: { regions: ['us-east-1'] } } }),
  };

  it('drains only where the monitor may act; elsewhere the alert says why, and no role means events only', async () => {
    const recording = createRecordingEcs();
    const { deps, slack } = testDeps(env, {});
    deps.ecs = createScopedEcsActions((scope) => {
      const reach = reachOf(deps.config.accounts, scope ?? { account: HOME, region: 'us-east-1' });
      return reach.kind === 'none' ? { unreachable: reach.reason } : recording.ecs;
    });
    await handleEvent(deps, disconnect, 'home');
    await handleEvent(deps, disconnectInAccount(READ_ONLY), 'read-only member');
    await handleEvent(deps, disconnectInAccount(STRANGER), 'no role');
    await runSweep(deps, '2026-11-27T09:25:00.000Z');

    expect(recording.drained).toEqual([instanceArn]);
    const opened = new Map(
      slack.captured.filter((c) => c.alert.transition === 'opened').map((c) => [c.alert.incident.account, c.alert]),
    );
    expect([...opened.keys()].sort()).toEqual([HOME, READ_ONLY, STRANGER]);
    expect(opened.get(READ_ONLY)?.details).toContain(
      `remediation skipped: not enabled for account ${READ_ONLY} (its member role is read-only)`,
    );
    const why = `no role registered for account ${STRANGER} in us-east-1`;
    expect(opened.get(STRANGER)?.details).toEqual(
      expect.arrayContaining([
        `Decided from the events alone (no reconnect within grace): ${why}`,
        `remediation skipped: ${why} (events only)`,
      ]),
    );
    // Later sweeps neither retry the skipped actions nor note them again.
    await runSweep(deps, '2026-11-27T09:26:00.000Z');
    expect(recording.drained).toEqual([instanceArn]);
    const notes = (await deps.store.listOpenIncidents()).flatMap((i) => i.notes ?? []);
    expect(notes.filter((n) => n.startsWith('remediation skipped'))).toHaveLength(2);
  });
});

describe('Function: runSweep, a lost instance after its drain', () => {
  it.each([
    // drained: ECS now says DRAINING, agent still disconnected → still lost, no "Resolved"
    { status: 'DRAINING', agentConnected: false, transitions: ['opened'], open: 1 },
    // the agent came back
    { status: 'DRAINING', agentConnected: true, transitions: ['opened', 'resolved'], open: 0 },
    // the instance left the cluster
    { status: 'INACTIVE', agentConnected: false, transitions: ['opened', 'resolved'], open: 0 },
    { status: 'MISSING', agentConnected: false, transitions: ['opened', 'resolved'], open: 0 },
  ])('ECS says $status (agent connected: $agentConnected) → $transitions', async (row) => {
    const recording = createRecordingEcs();
    const { deps, slack } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    await runSweep(deps, '2026-11-27T09:25:00.000Z');
    expect(recording.drained).toEqual([instanceArn]);
    recording.ecs.describeInstances = async (_cluster, arns) =>
      arns.map((containerInstanceArn) => ({
        containerInstanceArn,
        status: row.status,
        agentConnected: row.agentConnected,
      }));
    await runSweep(deps, '2026-11-27T09:26:00.000Z');
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(row.transitions);
    expect(await deps.store.listOpenIncidents()).toHaveLength(row.open);
  });

  it('reminds once after the repeat interval while the drained instance stays lost, then resolves when it leaves', async () => {
    const recording = createRecordingEcs();
    const { deps, slack } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    for (let minute = 25; minute <= 145; minute += 1) {
      const at = new Date(Date.parse('2026-11-27T09:00:00.000Z') + minute * 60_000).toISOString();
      await runSweep(deps, at);
    }
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened', 'repeated']);
    recording.ecs.describeInstances = async (_cluster, arns) =>
      arns.map((containerInstanceArn) => ({ containerInstanceArn, status: 'INACTIVE', agentConnected: false }));
    await runSweep(deps, '2026-11-27T11:30:00.000Z');
    const resolved = slack.captured.at(-1)!.alert;
    expect(resolved.transition).toBe('resolved');
    expect(recording.drained).toEqual([instanceArn]);
  });
});

describe('Function: runSweep, instance actions not yet done', () => {
  const sweepAt = (minute: number) => new Date(Date.parse('2026-11-27T09:00:00.000Z') + minute * 60_000).toISOString();

  it('drains once a lost instance whose confirming sweep died before recording the drain', async () => {
    const recording = createRecordingEcs();
    const { deps } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    const claim = deps.store.claimRemediation.bind(deps.store);
    deps.store.claimRemediation = async () => {
      throw new Error('Lambda timed out');
    };
    await expect(runSweep(deps, sweepAt(25))).rejects.toThrow('Lambda timed out');
    expect(await deps.store.listOpenIncidents()).toHaveLength(1);
    deps.store.claimRemediation = claim;
    for (const minute of [26, 27, 28]) await runSweep(deps, sweepAt(minute));
    expect(recording.drained).toEqual([instanceArn]);
  });

  const hostTerminated = JSON.parse(
    readFileSync(new URL('../../fixtures/events/instance-loss--host-terminated-service.json', import.meta.url), 'utf8'),
  );
  const terminatedInstance = String(hostTerminated.detail.containerInstanceArn);

  it.each([
    // still registered, agent gone: the configured action, once
    { status: 'ACTIVE', agentConnected: false, drained: [terminatedInstance], open: 1, note: undefined },
    // already deregistered by ECS: nothing to do, resolved with a note
    {
      status: 'INACTIVE',
      agentConnected: false,
      drained: [],
      open: 0,
      note: 'Instance left the cluster (INACTIVE): nothing left to drain',
    },
    { status: 'MISSING', agentConnected: false, drained: [], open: 0, note: undefined },
  ])('host terminated, ECS says $status → drained $drained', async (row) => {
    const recording = createRecordingEcs();
    const { deps } = testDeps({}, { ecs: recording.ecs });
    recording.ecs.describeInstances = async (_cluster, arns) =>
      arns.map((containerInstanceArn) => ({
        containerInstanceArn,
        status: row.status,
        agentConnected: row.agentConnected,
      }));
    await handleEvent(deps, hostTerminated, 'host-terminated');
    expect(recording.drained).toEqual([]);
    for (const minute of [27, 28, 29]) await runSweep(deps, `2026-03-14T09:${minute}:00.000Z`);
    expect(recording.drained).toEqual(row.drained);
    const open = await deps.store.listOpenIncidents();
    expect(open).toHaveLength(row.open);
    if (row.note) {
      const key = '123456789012/us-east-1/prod/instance/7b3d75d24627f0ce88d8841a22f473a5/instance-lost';
      expect((await deps.store.getIncident(key))?.notes).toContain(row.note);
    }
  });
});

describe('Function: runSweep, reads', () => {
  it('sends its independent reads together instead of one round trip after another', async () => {
    const { deps } = testDeps();
    await handleEvent(deps, disconnect, 'prod');
    // Each list read stays in flight until the test has seen which reads were asked before any answered.
    const store = deps.store;
    const asked: string[] = [];
    let answer: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const held =
      <A extends unknown[], R>(name: string, read: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        asked.push(name);
        await gate;
        return read(...args);
      };
    const sweeping = runSweep(
      {
        ...deps,
        store: {
          ...store,
          listDueDisconnects: held('due disconnects', store.listDueDisconnects),
          listOpenIncidents: held('open incidents', store.listOpenIncidents),
          listDueHooks: held('due hooks', store.listDueHooks),
        },
      },
      '2026-11-27T09:25:00.000Z',
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked.sort()).toEqual(['due disconnects', 'due hooks', 'open incidents']);
    answer();
    expect(decisions(await sweeping)).toEqual(['first prod']);
  });
});
