import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../../../shared/ports/ecs-actions.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { createRecordingEcs, demoEvents, testDeps, variant } from '../../helpers/pipeline.js';

// Demo line 20: Spot interruption notice of the opted-in (tagged) standalone job batch-etl on Fargate Spot.
const spot = demoEvents()[19] as Record<string, unknown>;
const NETWORK = { LOOKOUT_TASK_NETWORK: '{"prod":{"subnets":["subnet-1"],"securityGroups":["sg-1"]}}' };
const DENIED: ActionResult = {
  ok: false,
  arns: [],
  error: 'AccessDeniedException: not authorized to perform: iam:PassRole',
  retryable: false,
};

describe('Function: handleEvent, a refused replacement of an opted-in task', () => {
  it.each<{ name: string; env: Record<string, string>; runTask?: ActionResult; note: string }>([
    // the monitor's role may not pass the task role
    { name: 'RunTask denied', env: NETWORK, runTask: DENIED, note: 'Failed to start a replacement' },
    // RunTask answered HTTP 200 with failures[] (no capacity)
    {
      name: 'RunTask failures[]',
      env: NETWORK,
      runTask: { ok: false, arns: [], error: 'RESOURCE:FARGATE' },
      note: 'RESOURCE:FARGATE',
    },
    // a Fargate task with no network settings anywhere
    { name: 'no network', env: {}, note: 'no network settings for a Fargate replacement in cluster prod' },
    // a budget of 0
    { name: 'no budget', env: { ...NETWORK, LOOKOUT_REPLACE_BUDGET: '0' }, note: 'replacement budget is 0' },
  ])('$name → a warning page saying why', async ({ env, runTask, note }) => {
    const recording = createRecordingEcs(runTask ? { runTaskResult: runTask } : {});
    const { deps, slack, sns } = testDeps(env, { ecs: recording.ecs });
    await handleEvent(deps, spot, 'spot');
    expect(slack.captured.map((c) => [c.alert.transition, c.alert.severity])).toEqual([['opened', 'warning']]);
    expect(sns.captured).toHaveLength(1);
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.notes.join(' ')).toContain(note);
  });

  it('pages the over-budget interruptions, not the replaced ones, once per incident', async () => {
    const recording = createRecordingEcs();
    const { deps, slack } = testDeps({ ...NETWORK, LOOKOUT_REPLACE_BUDGET: '2' }, { ecs: recording.ecs });
    for (let i = 1; i <= 4; i++) await handleEvent(deps, variant(spot, i, `2026-11-27T09:4${i}:00Z`), `spot${i}`);
    expect(recording.runTasks).toHaveLength(2);
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened']);
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.notes.some((n) => n.startsWith('Not replaced: over budget'))).toBe(true);
  });

  it('replaced in time: nobody is paged', async () => {
    const recording = createRecordingEcs();
    const { deps, slack } = testDeps(NETWORK, { ecs: recording.ecs });
    await handleEvent(deps, spot, 'spot');
    expect(recording.runTasks).toHaveLength(1);
    expect(slack.captured).toEqual([]);
  });
});

describe('Function: handleEvent, dry-run takes the budget like a live run', () => {
  it.each([
    { mode: 'dry-run', would: ['would-start', 'would-start', 'would-start', 'over-budget', 'over-budget'] },
    { mode: 'on', would: ['started', 'started', 'started', 'over-budget', 'over-budget'] },
  ])('$mode, budget 3, five interruptions in one hour → $would', async ({ mode, would }) => {
    const recording = createRecordingEcs();
    const env = { ...NETWORK, LOOKOUT_REPLACE_BUDGET: '3', LOOKOUT_REMEDIATION_MODE: mode };
    const { deps } = testDeps(env, { ecs: recording.ecs });
    const outcomes: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const effects = await handleEvent(deps, variant(spot, i, `2026-11-27T09:4${i}:00Z`), `spot${i}`);
      for (const e of effects) if (e.effect === 'remediation') outcomes.push(e.outcome);
    }
    expect(outcomes).toEqual(would);
  });

  it('a live dry-run never eats the live budget', async () => {
    const { deps } = testDeps({ ...NETWORK, LOOKOUT_REPLACE_BUDGET: '3', LOOKOUT_REMEDIATION_MODE: 'dry-run' });
    for (let i = 1; i <= 3; i++) await handleEvent(deps, variant(spot, i, `2026-11-27T09:4${i}:00Z`), `spot${i}`);
    const liveKey = 'budget#123456789012/us-east-1/batch-etl#2026-11-27T09';
    expect(await deps.store.takeBudget(liveKey, 3, Date.parse('2026-11-28T00:00:00Z'))).toBe(true);
  });
});

describe('Function: handleEvent, replacements carry the original task tags', () => {
  /** The Spot interruption of `taskArn`, without tags in the event (as ECS sends it): ECS answers them. */
  function interruption(taskArn: string, time: string) {
    const event = structuredClone(spot) as { time: string; resources: string[]; detail: Record<string, unknown> };
    delete event.detail.tags;
    Object.assign(event.detail, { taskArn });
    event.resources = [taskArn];
    event.time = time;
    return event;
  }
  const original = String((spot as { detail: { taskArn: string } }).detail.taskArn);

  it('replaces a tag-opted-in job again after its replacement is interrupted, each with its tags', async () => {
    const tags = { 'ecs-lookout:replace': 'true', 'cost-center': 'analytics-4410', 'aws:ecs:clusterName': 'prod' };
    const recording = createRecordingEcs({ tags: { [original]: tags } });
    const { deps, slack } = testDeps(NETWORK, { ecs: recording.ecs });
    await handleEvent(deps, interruption(original, '2026-11-27T09:40:00Z'), 'first');
    expect(recording.runTasks).toHaveLength(1);
    const replacementArn = 'arn:aws:ecs:us-east-1:123456789012:task/x/1';
    await handleEvent(deps, interruption(replacementArn, '2026-11-27T09:55:00Z'), 'second');
    const expected = { 'ecs-lookout:replace': 'true', 'cost-center': 'analytics-4410' };
    expect(recording.runTasks.map((r) => r.tags)).toEqual([expected, expected]);
    expect(slack.captured).toEqual([]);
  });
});
