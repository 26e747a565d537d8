import { describe, expect, it } from 'vitest';
import { createCaptureChannel } from '../../../shared/adapters/capture/capture-channel.js';
import { DeliveryError } from '../../../shared/use-cases/effects.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import { createRecordingEcs, demoEvents, testDeps, variant } from '../../helpers/pipeline.js';

const demo = demoEvents();
// Demo line 4: orders-api task, essential container "api" exited 1 (containers[0] is a healthy sidecar).
const crash = demo[3] as Record<string, unknown>;
// Demo line 20: Spot interruption notice of the opted-in (tagged) standalone job batch-etl on Fargate Spot.
const spot = demo[19] as Record<string, unknown>;
const NETWORK = { LOOKOUT_TASK_NETWORK: '{"prod":{"subnets":["subnet-1"],"securityGroups":["sg-1"]}}' };

const decisions = (effects: Awaited<ReturnType<typeof handleEvent>>) =>
  effects.flatMap((e) => (e.effect === 'decision' ? [e.reason] : []));

describe('Function: handleEvent', () => {
  it('opens an incident on the first failure and alerts both channels once', async () => {
    const { deps, slack, sns, metrics } = testDeps();
    const effects = await handleEvent(deps, crash, 'crash');
    expect(decisions(effects)).toEqual(['first']);
    expect(slack.captured).toHaveLength(1);
    expect(sns.captured).toHaveLength(1);
    expect(slack.captured[0]?.alert.transition).toBe('opened');
    expect(metrics.total('TaskFailures', { Cluster: 'prod', Service: 'orders-api', Category: 'app-exit' })).toBe(1);
    expect(metrics.total('IncidentsOpened', { Category: 'app-exit' })).toBe(1);
    expect(metrics.total('AlertDeliveries', { Outcome: 'delivered' })).toBe(2);
  });

  it('treats a redelivered event as a duplicate: no alert, no metric beyond the duplicate count', async () => {
    const { deps, slack, metrics } = testDeps();
    await handleEvent(deps, crash, 'first');
    const effects = await handleEvent(deps, structuredClone(crash), 'again');
    expect(decisions(effects)).toEqual(['duplicate']);
    expect(slack.captured).toHaveLength(1);
    expect(metrics.total('TaskFailures')).toBe(1);
    expect(metrics.total('EventsProcessed', { Outcome: 'duplicate' })).toBe(1);
  });

  /** The crash as ECS reports it over time: each status of the one task is a new version. */
  const statusOf = (version: number, lastStatus: string) => {
    const event = structuredClone(crash) as { detail: Record<string, unknown> };
    Object.assign(event.detail, { version, lastStatus });
    return event;
  };

  it.each([
    // RUNNING (desired STOPPED), DEPROVISIONING, STOPPED: one task, one failure
    { statuses: ['RUNNING', 'DEPROVISIONING', 'STOPPED'], failures: 1 },
    { statuses: ['RUNNING', 'STOPPED'], failures: 1 },
    { statuses: ['STOPPED'], failures: 1 },
  ])('counts a failed task once in TaskFailures over its statuses $statuses', async ({ statuses, failures }) => {
    const { deps, metrics } = testDeps();
    for (const [i, status] of statuses.entries()) await handleEvent(deps, statusOf(10 + i, status), status);
    expect(metrics.total('TaskFailures')).toBe(failures);
    expect(metrics.total('EventsProcessed', { Outcome: 'processed' })).toBe(statuses.length);
  });

  it('logs and counts malformed input as invalid without throwing', async () => {
    const { deps, slack, metrics } = testDeps();
    const effects = await handleEvent(deps, { source: 'aws.ecs', 'detail-type': 'ECS Task State Change' }, 'bad');
    expect(effects[0]).toMatchObject({ effect: 'decision', category: 'invalid', reason: 'ignored' });
    expect(slack.captured).toHaveLength(0);
    expect(metrics.total('EventsProcessed', { Outcome: 'invalid' })).toBe(1);
  });

  it('ignores clusters outside LOOKOUT_CLUSTERS', async () => {
    const { deps, slack } = testDeps({ LOOKOUT_CLUSTERS: 'staging' });
    const effects = await handleEvent(deps, crash, 'crash');
    expect(effects[0]).toMatchObject({ reason: 'ignored' });
    expect(slack.captured).toHaveLength(0);
  });

  it('delivers to SNS when Slack fails, and the invocation succeeds', async () => {
    const sns = createCaptureChannel('sns');
    const { deps, metrics } = testDeps({}, { channels: [createCaptureChannel('slack', { fail: true }), sns] });
    await expect(handleEvent(deps, crash, 'crash')).resolves.toBeDefined();
    expect(sns.captured).toHaveLength(1);
    expect(metrics.total('AlertDeliveries', { Channel: 'slack', Outcome: 'failed' })).toBe(1);
  });

  it('fails the invocation when no channel delivered, and the retry delivers the same transition once', async () => {
    const failing = [createCaptureChannel('slack', { fail: true }), createCaptureChannel('sns', { fail: true })];
    const { deps } = testDeps({}, { channels: failing });
    await expect(handleEvent(deps, crash, 'crash')).rejects.toBeInstanceOf(DeliveryError);
    const slack = createCaptureChannel('slack');
    const sns = createCaptureChannel('sns');
    deps.channels = [slack, sns];
    await handleEvent(deps, crash, 'platform retry');
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened']);
    expect(sns.captured.map((c) => c.alert.transition)).toEqual(['opened']);
    await handleEvent(deps, crash, 'late duplicate');
    expect(slack.captured).toHaveLength(1);
  });

  it('lets the sweep re-deliver to the channel that failed, without resending to the one that succeeded', async () => {
    const sns = createCaptureChannel('sns');
    const { deps } = testDeps({}, { channels: [createCaptureChannel('slack', { fail: true }), sns] });
    await handleEvent(deps, crash, 'crash');
    const slack = createCaptureChannel('slack');
    deps.channels = [slack, sns];
    await runSweep(deps, '2026-11-27T09:05:00.000Z');
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened']);
    expect(sns.captured).toHaveLength(1);
  });

  it('escalates to a crash loop at the third failure within 10 minutes', async () => {
    const { deps, slack } = testDeps();
    await handleEvent(deps, variant(crash, 1, '2026-11-27T09:01:00Z'), 'a');
    await handleEvent(deps, variant(crash, 2, '2026-11-27T09:03:00Z'), 'b');
    const third = await handleEvent(deps, variant(crash, 3, '2026-11-27T09:05:00Z'), 'c');
    expect(decisions(third)).toEqual(['escalated']);
    expect(slack.captured.map((c) => [c.alert.transition, c.alert.severity])).toEqual([
      ['opened', 'warning'],
      ['escalated', 'critical'],
    ]);
  });
});

describe('Function: handleEvent remediation', () => {
  it('starts exactly one replacement for an opted-in standalone task even when the event arrives three times', async () => {
    const recording = createRecordingEcs();
    const { deps } = testDeps(NETWORK, { ecs: recording.ecs });
    for (let i = 0; i < 3; i++) await handleEvent(deps, structuredClone(spot), `spot#${i}`);
    expect(recording.runTasks).toHaveLength(1);
    expect(recording.runTasks[0]).toMatchObject({
      cluster: expect.stringContaining('prod'),
      taskDefinition: expect.stringContaining('task-definition/batch-etl:3'),
      network: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
    });
    expect(recording.runTasks[0]?.clientToken.length).toBeLessThanOrEqual(64);
  });

  it('does not replace again when the final STOPPED event of the same task follows the Spot notice', async () => {
    const recording = createRecordingEcs();
    const { deps } = testDeps(NETWORK, { ecs: recording.ecs });
    await handleEvent(deps, demo[19], 'notice');
    const effects = await handleEvent(deps, demo[20], 'stopped');
    expect(recording.runTasks).toHaveLength(1);
    expect(effects.find((e) => e.effect === 'remediation')).toMatchObject({ outcome: 'already-done' });
  });

  it('records a RunTask failure (HTTP 200 with failures[]) as a failed remediation', async () => {
    const recording = createRecordingEcs({ runTaskResult: { ok: false, arns: [], error: 'RESOURCE:FARGATE' } });
    const { deps, metrics } = testDeps(NETWORK, { ecs: recording.ecs });
    const effects = await handleEvent(deps, spot, 'spot');
    expect(effects.find((e) => e.effect === 'remediation')).toMatchObject({ outcome: 'failed' });
    expect(metrics.total('Remediations', { Action: 'run-task', Outcome: 'failed' })).toBe(1);
  });

  it('stops replacing a family once its hourly budget is spent', async () => {
    const recording = createRecordingEcs();
    const { deps } = testDeps({ ...NETWORK, LOOKOUT_REPLACE_BUDGET: '2' }, { ecs: recording.ecs });
    const outcomes: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const effects = await handleEvent(deps, variant(spot, i, `2026-11-27T09:4${i}:00Z`), `spot${i}`);
      const remediation = effects.find((e) => e.effect === 'remediation');
      outcomes.push(remediation?.effect === 'remediation' ? remediation.outcome : 'none');
    }
    expect(outcomes).toEqual(['started', 'started', 'over-budget']);
    expect(recording.runTasks).toHaveLength(2);
    // Past the budget nothing will run, so nothing is claimed (a read, no write).
    const third = (variant(spot, 3, '2026-11-27T09:43:00Z') as { detail: { taskArn: string } }).detail.taskArn;
    expect(await deps.store.getClaim(`run-task#${third}`)).toBeUndefined();
    const first = (variant(spot, 1, '2026-11-27T09:41:00Z') as { detail: { taskArn: string } }).detail.taskArn;
    expect(await deps.store.getClaim(`run-task#${first}`)).toMatchObject({ status: 'done' });
  });

  it('finishes the remediation on the platform retry when the first attempt died mid-way', async () => {
    const recording = createRecordingEcs();
    const runTask = recording.ecs.runTask;
    let calls = 0;
    recording.ecs.runTask = async (request) => {
      calls++;
      // The first call dies with the request's fate unknown, as a Lambda timeout or a lost response would.
      if (calls === 1) throw new Error('socket hang up');
      return runTask(request);
    };
    const { deps } = testDeps(NETWORK, { ecs: recording.ecs });
    await expect(handleEvent(deps, spot, 'attempt 1')).rejects.toThrow('socket hang up');
    const retry = await handleEvent(deps, spot, 'attempt 2');
    expect(retry.find((e) => e.effect === 'remediation')).toMatchObject({ outcome: 'started' });
    expect(new Set(recording.runTasks.map((r) => r.clientToken)).size).toBe(1);
    expect(recording.tasksStarted()).toBe(1);
  });

  it('does nothing in mode off and only reports in dry-run', async () => {
    const recording = createRecordingEcs();
    const off = testDeps({ ...NETWORK, LOOKOUT_REMEDIATION_MODE: 'off' }, { ecs: recording.ecs });
    expect((await handleEvent(off.deps, spot, 'spot')).some((e) => e.effect === 'remediation')).toBe(false);
    const dry = testDeps({ ...NETWORK, LOOKOUT_REMEDIATION_MODE: 'dry-run' }, { ecs: recording.ecs });
    const effects = await handleEvent(dry.deps, spot, 'spot');
    expect(effects.find((e) => e.effect === 'remediation')).toMatchObject({ mode: 'dry-run', outcome: 'would-start' });
    expect(recording.runTasks).toHaveLength(0);
  });
});
