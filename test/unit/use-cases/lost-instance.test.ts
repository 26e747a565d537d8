import { describe, expect, it } from 'vitest';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import type { TaskEvent } from '../../../shared/domain/events/types.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import { createRecordingEcs, demoEvents, testDeps } from '../../helpers/pipeline.js';

const demo = demoEvents() as Array<Record<string, unknown> & { detail: Record<string, unknown> }>;
// Demo line 14: the agent of instance 1a2b… (i-0aa1bb2cc3dd4ee5f) disconnects at 09:20 and never returns.
const disconnect = demo[13]!;
const instanceArn = String(disconnect.detail.containerInstanceArn);
// Demo line 18: a cart task stopped because that host was terminated; used as the shape of a running task.
const hostTerminated = demo[17]!;

/** A task ECS still reports as RUNNING on the lost instance. */
function runningTask(id: string, group: string, startedBy?: string): TaskEvent {
  const event = structuredClone(hostTerminated);
  const taskArn = String(event.detail.taskArn).replace(/[0-9a-f]{32}$/, id);
  Object.assign(event.detail, { taskArn, group, startedBy, lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
  delete event.detail.stoppedReason;
  event.detail.taskDefinitionArn = String(event.detail.taskDefinitionArn).replace(
    'task-definition/cart',
    `task-definition/${group.replace(/^(family|service):/, '')}`,
  );
  const parsed = parseEcsEvent(event);
  if (parsed.kind !== 'task') throw new Error('fixture is not a task event');
  return { ...parsed, meta: { ...parsed.meta, time: '' } };
}

const job = runningTask('0000000000000000000000000000j0b1', 'family:nightly-report');
const service = runningTask('0000000000000000000000000000svc1', 'service:cart', 'ecs-svc/1');

describe('Function: runSweep on a confirmed lost instance', () => {
  it('drains the instance and replaces the opted-in standalone task it was running, not the service task', async () => {
    const recording = createRecordingEcs({ tasksOnInstances: [job, service] });
    const { deps, slack } = testDeps({ LOOKOUT_REPLACE_FAMILIES: 'nightly-report' }, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    const effects = await runSweep(deps, '2026-11-27T09:25:00.000Z');

    expect(recording.drained).toEqual([instanceArn]);
    expect(recording.runTasks.map((r) => r.taskDefinition)).toEqual([expect.stringContaining('nightly-report')]);
    const remediations = effects.flatMap((e) => (e.effect === 'remediation' ? [[e.action, e.outcome]] : []));
    expect(remediations).toEqual([
      ['drain-instance', 'started'],
      ['run-task', 'started'],
    ]);
    const [alert] = slack.captured;
    expect(alert?.alert.details.join('\n')).toMatch(/replacement/i);
  });

  it('does not start a second replacement when ECS later reports the task stopped with its host', async () => {
    const recording = createRecordingEcs({ tasksOnInstances: [job] });
    const { deps } = testDeps({ LOOKOUT_REPLACE_FAMILIES: 'nightly-report' }, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    await runSweep(deps, '2026-11-27T09:25:00.000Z');
    const stopped = structuredClone(hostTerminated);
    Object.assign(stopped.detail, { taskArn: job.taskArn, group: job.group, taskDefinitionArn: job.taskDefinitionArn });
    delete stopped.detail.startedBy;
    stopped.resources = [job.taskArn];
    const effects = await handleEvent(deps, stopped, 'host terminated');

    expect(recording.runTasks).toHaveLength(1);
    expect(effects.find((e) => e.effect === 'remediation')).toMatchObject({ outcome: 'already-done' });
  });

  it('notes on the incident when the tasks of the lost instance cannot be listed', async () => {
    const recording = createRecordingEcs();
    recording.ecs.runningTasksOn = async () => {
      throw new Error('AccessDeniedException: not authorized to perform ecs:ListTasks');
    };
    const { deps, slack } = testDeps({}, { ecs: recording.ecs });
    await handleEvent(deps, disconnect, 'disconnect');
    await runSweep(deps, '2026-11-27T09:25:00.000Z');
    expect(slack.captured[0]?.alert.details.join('\n')).toMatch(/Could not list the tasks of the lost instance/);
  });
});
