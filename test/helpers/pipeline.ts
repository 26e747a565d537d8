import { readFileSync } from 'node:fs';
import { createCaptureChannel } from '../../shared/adapters/capture/capture-channel.js';
import { createMemorySink } from '../../shared/adapters/metrics/memory-sink.js';
import { createMemoryStateStore } from '../../shared/adapters/state/memory-store.js';
import type { TaskEvent } from '../../shared/domain/events/types.js';
import type { ActionResult, EcsActions, RunTaskRequest } from '../../shared/ports/ecs-actions.js';
import { parseConfig } from '../../shared/runtime/config.js';
import type { PipelineDeps } from '../../shared/use-cases/pipeline-deps.js';

/** The demo stream's events, parsed. */
export function demoEvents(): unknown[] {
  const text = readFileSync(new URL('../fixtures/demo/bad-deploy-day.jsonl', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** A fake EcsActions that records every call; `runTask` honours clientToken like AWS (same token → same task). */
export function createRecordingEcs(
  options: {
    runTaskResult?: ActionResult;
    tasksOnInstances?: TaskEvent[];
    /** Tags of tasks by ARN, as ListTagsForResource answers; tasks started by runTask get the tags it was given. */
    tags?: Record<string, Record<string, string>>;
  } = {},
) {
  const runTasks: RunTaskRequest[] = [];
  const drained: string[] = [];
  const started = new Map<string, string>();
  const tagsByArn = new Map(Object.entries(options.tags ?? {}));
  const ecs: EcsActions = {
    async runTask(request) {
      runTasks.push(request);
      if (options.runTaskResult) return options.runTaskResult;
      const arn = started.get(request.clientToken) ?? `arn:aws:ecs:us-east-1:123456789012:task/x/${started.size + 1}`;
      started.set(request.clientToken, arn);
      if (request.tags) tagsByArn.set(arn, request.tags);
      return { ok: true, arns: [arn] };
    },
    async drainInstances(_cluster, arns) {
      drained.push(...arns);
      return { ok: true, arns };
    },
    async deregisterInstance(_cluster, arn) {
      return { ok: true, arns: [arn] };
    },
    async describeInstances(_cluster, arns) {
      // Like ECS: a drained instance is DRAINING, its agent (lost) still disconnected.
      return arns.map((containerInstanceArn) => ({
        containerInstanceArn,
        status: drained.includes(containerInstanceArn) ? 'DRAINING' : 'ACTIVE',
        agentConnected: false,
      }));
    },
    async taskTags(taskArn) {
      return tagsByArn.get(taskArn) ?? {};
    },
    async runningTasksOn(_cluster, containerInstanceArn) {
      return (options.tasksOnInstances ?? []).filter((t) => t.containerInstanceArn === containerInstanceArn);
    },
  };
  return { ecs, runTasks, drained, tasksStarted: () => started.size };
}

/** In-memory pipeline dependencies for tests; `env` sets LOOKOUT_* configuration. */
export function testDeps(env: Record<string, string> = {}, overrides: Partial<PipelineDeps> = {}) {
  const slack = createCaptureChannel('slack');
  const sns = createCaptureChannel('sns');
  const metrics = createMemorySink();
  const deps: PipelineDeps = {
    config: parseConfig(env),
    store: createMemoryStateStore(),
    channels: [slack, sns],
    metrics,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    deadline: () => Date.now() + 10_000,
    clock: () => new Date('2026-11-27T12:00:00Z'),
    ...overrides,
  };
  return { deps, slack, sns, metrics };
}

/** A copy of `event` with a new task ARN suffix, version and time (distinct failures of one service). */
export function variant(event: unknown, n: number, time: string): Record<string, unknown> {
  const copy = structuredClone(event) as { time: string; resources: string[]; detail: Record<string, unknown> };
  const arn = `${String(copy.detail.taskArn).slice(0, -4)}${String(n).padStart(4, '0')}`;
  copy.detail.taskArn = arn;
  copy.resources = [arn];
  copy.time = time;
  return copy;
}
