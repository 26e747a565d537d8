import type { TaskEvent } from '../events/types.js';

/**
 * A task ECS still counts as running on a confirmed lost instance, as the stop event that will follow:
 * classified as `instance-loss`, it gets the same plan, claim and clientToken as the real event, so the
 * replacement started now is not started again when ECS finally reports the task stopped.
 */
export function taskOfLostInstance(task: TaskEvent, host: string, now: string): TaskEvent {
  return {
    ...task,
    meta: { ...task.meta, time: now },
    desiredStatus: 'STOPPED',
    stoppedReason: `Host EC2 (instance ${host}) lost: its ECS agent stayed disconnected past the grace period`,
  };
}
