import type { JobSpec } from '../types.js';
import { newTask } from './factory.js';
import { fargateAz, placeOnInstance } from './instances.js';
import { offsetMs } from './offset.js';
import type { Fate, SimCluster, SimJob, SimTask, SimTaskDef } from './state.js';
import { registerFamily } from './taskdefs.js';
import { essentialExit, isLive, launchTask } from './tasks.js';
import type { World } from './world.js';

/** `startedBy` of scheduled runs: EventBridge rule targets are believed to use `events-rule/<rule>` (ecs-events.md §2). */
export function jobStartedBy(spec: JobSpec): string {
  return `events-rule/${spec.family}-schedule`.slice(0, 128);
}

/** The job's launch type: a FARGATE* capacity provider means Fargate. */
export function jobLaunchType(spec: JobSpec): 'EC2' | 'FARGATE' {
  return spec.capacityProvider?.startsWith('FARGATE') ? 'FARGATE' : spec.launchType;
}

/** Registers the job's family and schedules its runs from `firstAt` (default one period in) every `everyMinutes`. */
export function createJob(world: World, cluster: SimCluster, spec: JobSpec, epoch: number): SimJob {
  registerFamily(world, spec.family, jobLaunchType(spec), spec.sidecars ?? [], spec.tags ?? {});
  const job: SimJob = { spec, cluster, pendingFaults: [] };
  const period = Math.max(1, spec.everyMinutes) * 60_000;
  const first = epoch + (spec.firstAt ? offsetMs(spec.firstAt) : period);
  const tick = (at: number) => {
    world.at(at, () => {
      startRun(world, job);
      tick(at + period);
    });
  };
  tick(first);
  return job;
}

/** What a run of the family does: succeed after its run time, unless a failure window or pending fault applies. */
export function runFate(world: World, job: SimJob | undefined, runMs: number | undefined): Fate {
  const failAfter = () => Math.max(5_000, Math.floor((runMs ?? 600_000) * world.between(0.2, 0.8)));
  const pending = job?.pendingFaults.shift();
  if (pending)
    return {
      kind: 'exit',
      afterMs: failAfter(),
      exitCode: pending.exitCode,
      oom: pending.oom,
      cause: pending.oom ? 'oom' : 'app-exit',
    };
  const window = job?.failWindow;
  if (job && window && world.now < window.until) {
    if (window.how === 'image-pull') {
      const image = world.taskDefs.get(job.spec.family)?.at(-1)?.containers[0]?.image ?? job.spec.family;
      const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${image}: not found`;
      return { kind: 'fail-start', reason, containerReason: reason, cause: 'image-pull' };
    }
    const oom = window.how === 'oom';
    return { kind: 'exit', afterMs: failAfter(), exitCode: oom ? 137 : 1, oom, cause: oom ? 'oom' : 'app-exit' };
  }
  return runMs === undefined ? { kind: 'run' } : { kind: 'finish', afterMs: runMs };
}

/** Run time of one healthy run (±10 %). */
export function runMs(world: World, spec: JobSpec): number {
  return Math.round(spec.runMinutes * 60_000 * world.between(0.9, 1.1));
}

/** Where a standalone task of `def` goes: an instance (EC2) or an AZ (Fargate); a failure reason if none. */
export function placeStandalone(world: World, cluster: SimCluster, def: SimTaskDef, group: string) {
  if (def.launchType === 'FARGATE') {
    const az = fargateAz(world, cluster, group);
    return az ? { az } : { failure: 'RESOURCE:FARGATE' };
  }
  const placed = placeOnInstance(world, cluster, group);
  return typeof placed === 'string' ? { failure: placed } : { az: placed.az, instance: placed };
}

function startRun(world: World, job: SimJob): void {
  const def = world.taskDefs.get(job.spec.family)?.at(-1);
  if (!def) return;
  const group = `family:${job.spec.family}`;
  const placed = placeStandalone(world, job.cluster, def, group);
  if (!('az' in placed) || placed.az === undefined) return;
  const task: SimTask = newTask(world, {
    cluster: job.cluster,
    def,
    launchType: def.launchType,
    ...(job.spec.capacityProvider ? { capacityProvider: job.spec.capacityProvider } : {}),
    ...('instance' in placed && placed.instance ? { instance: placed.instance } : {}),
    az: placed.az,
    group,
    startedBy: jobStartedBy(job.spec),
    job,
    fate: runFate(world, job, runMs(world, job.spec)),
    tags: { ...def.tags },
  });
  launchTask(world, task);
}

/** `oom` / `app-exit` on a family: the running runs exit now; with none in flight, the next runs do. */
export function failRuns(
  world: World,
  cluster: SimCluster,
  family: string,
  count: number,
  exitCode: number,
  oom: boolean,
): void {
  const running = [...cluster.tasks.values()].filter(
    (t) => t.def.family === family && !t.service && isLive(t) && t.lastStatus === 'RUNNING',
  );
  for (const task of running.slice(0, count)) essentialExit(world, task, exitCode, oom, oom ? 'oom' : 'app-exit');
  const job = cluster.jobs.get(family);
  for (let i = running.length; i < count && job; i += 1) job.pendingFaults.push({ exitCode, oom });
}
