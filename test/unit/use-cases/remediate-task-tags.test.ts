import { describe, expect, it } from 'vitest';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { createRecordingEcs, demoEvents, testDeps, variant } from '../../helpers/pipeline.js';

// Demo line 20: Spot interruption of the standalone job batch-etl on Fargate Spot; its tags removed, so ECS is asked.
const tagged = demoEvents()[19] as { detail: Record<string, unknown> };
const spot = structuredClone(tagged);
delete spot.detail.tags;
const NETWORK = { LOOKOUT_TASK_NETWORK: '{"prod":{"subnets":["subnet-1"],"securityGroups":["sg-1"]}}' };
const TIMES = ['2026-11-27T09:41:00Z', '2026-11-27T09:42:00Z', '2026-11-27T09:43:00Z', '2026-11-27T09:44:00Z'];

/** The recording ECS double, counting the ListTagsForResource calls per task. */
function countingEcs(tags: Record<string, Record<string, string>>) {
  const recording = createRecordingEcs({ tags });
  const asked: string[] = [];
  const ecs = {
    ...recording.ecs,
    taskTags: (arn: string) => {
      // Alert routing asks for the task definition's tags (once per hour): only task ARNs are remediation's.
      if (arn.includes(':task/')) asked.push(arn);
      return recording.ecs.taskTags(arn);
    },
  };
  return { ...recording, ecs, asked };
}

const tasks = TIMES.map((time, i) => variant(spot, i + 1, time));
const arnOf = (event: Record<string, unknown>) => String((event.detail as { taskArn: string }).taskArn);

describe('Function: remediateTask asks ECS for the tags of a task only when the answer matters', () => {
  it('opted in by family: asked for the replacements that run (tags copied), not for those over budget', async () => {
    const team = { team: 'data' };
    const ecs = countingEcs(Object.fromEntries(tasks.map((t) => [arnOf(t), team])));
    const env = { ...NETWORK, LOOKOUT_REPLACE_BUDGET: '2', LOOKOUT_REPLACE_FAMILIES: 'batch-etl' };
    const { deps, slack } = testDeps(env, { ecs: ecs.ecs });
    for (const [i, task] of tasks.entries()) await handleEvent(deps, task, `spot${i}`);
    expect(ecs.runTasks.map((r) => r.tags)).toEqual([team, team]);
    expect(ecs.asked).toEqual(tasks.slice(0, 2).map(arnOf));
    // The over-budget ones still page (once, for the incident), with the reason as a note.
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened']);
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.notes.some((n) => n.startsWith('Not replaced: over budget'))).toBe(true);
  });

  it('opted in by tag only: asked once per task, one answer for the opt-in and the copy; over budget still pages', async () => {
    const optIn = { 'ecs-lookout:replace': 'true', team: 'data' };
    const ecs = countingEcs(Object.fromEntries(tasks.map((t) => [arnOf(t), optIn])));
    const { deps, slack } = testDeps({ ...NETWORK, LOOKOUT_REPLACE_BUDGET: '2' }, { ecs: ecs.ecs });
    for (const [i, task] of tasks.entries()) await handleEvent(deps, task, `spot${i}`);
    expect(ecs.asked).toEqual(tasks.map(arnOf));
    expect(ecs.runTasks.map((r) => r.tags)).toEqual([optIn, optIn]);
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened']);
  });

  it('not opted in by any means: asked, nothing replaced, nobody paged', async () => {
    const ecs = countingEcs({});
    const { deps, slack } = testDeps(NETWORK, { ecs: ecs.ecs });
    await handleEvent(deps, tasks[0], 'spot0');
    expect(ecs.asked).toEqual([arnOf(tasks[0]!)]);
    expect(ecs.runTasks).toEqual([]);
    expect(slack.captured).toEqual([]);
  });

  it('the event carries its tags: ECS is not asked', async () => {
    const ecs = countingEcs({});
    const { deps } = testDeps(NETWORK, { ecs: ecs.ecs });
    await handleEvent(deps, variant(tagged, 1, TIMES[0]!), 'spot0');
    expect(ecs.asked).toEqual([]);
    expect(ecs.runTasks).toHaveLength(1);
  });
});
