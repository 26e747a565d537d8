import { clusterNameFromArn, familyFromTaskDefinitionArn, resourceIdFromArn } from '../../domain/arn.js';
import { clientTokenFor } from '../../domain/remediation/run-task-request.js';
import type { FleetHistoryEntry } from '../fleet/history.js';
import type { ApiCall, ExpectedRemediation } from '../types.js';

/** Remediations that should not have happened, or should have and did not; every field should be 0. */
export interface WrongRemediations {
  /** Extra task starts for one failure (beyond the first), and extra drains/deregistrations of one instance. */
  duplicates: number;
  /** Replacements of tasks that stopped for a cause that would stop the replacement too (OOM, image pull, start failure). */
  deterministicReplaced: number;
  /** Replacements of tasks whose essential container exited 0 (the run had finished). */
  successesRerun: number;
  /** Expected remediations (scenario truth, including the tags a RunTask must carry) that no successful call carried out. */
  expectedMissing: number;
  /** Task starts that replace no stopped task of the fleet's history, nor one stranded on a lost instance. */
  unexplained: number;
  /**
   * Remediations beyond what the scenario expects: replacements of a family (or drains, deregistrations of
   * instances) past the expected count. The truth is exact, not a minimum: draining a healthy instance or
   * replacing past the budget is wrong even when the expected ones happened.
   */
  unexpected: number;
}

/** A run with every remediation right: what a passing scenario scores. */
export const NO_WRONG_REMEDIATIONS: Readonly<WrongRemediations> = Object.freeze({
  duplicates: 0,
  deterministicReplaced: 0,
  successesRerun: 0,
  expectedMissing: 0,
  unexplained: 0,
  unexpected: 0,
});

/** Stop causes whose replacement would fail the same way. */
export const DETERMINISTIC_CAUSES: ReadonlySet<string> = new Set(['oom', 'image-pull', 'start-failure']);

type StoppedTask = Extract<FleetHistoryEntry, { kind: 'task-stopped' }>;
type StartedTask = Extract<FleetHistoryEntry, { kind: 'task-started' }>;
type InstanceChange = Extract<FleetHistoryEntry, { kind: 'instance' }>;

const GONE: ReadonlySet<InstanceChange['change']> = new Set([
  'agent-disconnected',
  'host-lost',
  'terminated',
  'deregistered',
]);
const BACK: ReadonlySet<InstanceChange['change']> = new Set(['agent-connected', 'host-back']);

/** True when the task's instance was gone (agent or host lost) at `at`: its tasks are stranded, not stopped. */
function stranded(task: StartedTask | undefined, history: readonly FleetHistoryEntry[], at: number): boolean {
  if (task?.instance === undefined) return false;
  let gone = false;
  for (const entry of history) {
    if (entry.kind !== 'instance' || entry.at > at) continue;
    if (entry.cluster !== task.cluster || entry.instance !== task.instance) continue;
    if (GONE.has(entry.change)) gone = true;
    if (BACK.has(entry.change)) gone = false;
  }
  return gone;
}

/** A run that finished: the job's own success, or its essential container exiting 0. */
const finishedRun = (task: StoppedTask) => task.stopCause === 'job-success' || task.exitCode === 0;

const commandOf = (call: ApiCall) => call.command.replace(/Command$/, '');
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const idOf = (arn: string) => resourceIdFromArn(arn);

interface Start {
  at: number;
  cluster: string;
  family: string;
  token: string;
  started: number;
  tags: Record<string, string>;
}

/** RunTask's `tags` ([{ key, value }]) as a record. */
function tagsOf(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(value.map((tag: { key?: unknown; value?: unknown }) => [text(tag?.key), text(tag?.value)]));
}

/** RunTask calls that started tasks (a repeat with the same client token starts none). */
function taskStarts(calls: readonly ApiCall[]): Start[] {
  return calls
    .filter((call) => commandOf(call) === 'RunTask' && !call.error && (call.started?.length ?? 0) > 0)
    .map((call) => ({
      at: call.at,
      cluster: clusterNameFromArn(text(call.input.cluster)) || text(call.input.cluster) || 'default',
      family: familyFromTaskDefinitionArn(text(call.input.taskDefinition)),
      token: text(call.input.clientToken),
      started: call.started?.length ?? 0,
      tags: tagsOf(call.input.tags),
    }));
}

/** Successful drains and deregistrations, one entry per instance per call: `cluster` and instance id. */
function instanceWrites(calls: readonly ApiCall[], action: 'drain-instance' | 'deregister-instance') {
  return calls.flatMap((call) => {
    if (call.error) return [];
    const cluster = clusterNameFromArn(text(call.input.cluster)) || text(call.input.cluster) || 'default';
    const command = commandOf(call);
    if (
      action === 'drain-instance' &&
      command === 'UpdateContainerInstancesState' &&
      call.input.status === 'DRAINING'
    ) {
      const arns = Array.isArray(call.input.containerInstances) ? call.input.containerInstances.map(text) : [];
      return arns.map((arn) => ({ cluster, instance: idOf(arn) }));
    }
    if (action === 'deregister-instance' && command === 'DeregisterContainerInstance') {
      return [{ cluster, instance: idOf(text(call.input.containerInstance)) }];
    }
    return [];
  });
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Judges remediation from what ECS saw (the API calls) and why tasks really stopped (fleet history), never
 * from what the monitor says it did. A task start is tied to the failure it replaces by its client token,
 * which the monitor derives from the stopped task's ARN (ECS's idempotency key for RunTask).
 */
export function scoreRemediations(input: {
  calls: readonly ApiCall[];
  history: readonly FleetHistoryEntry[];
  expected: readonly ExpectedRemediation[];
  instanceArns: Record<string, string[]>;
}): WrongRemediations {
  const starts = taskStarts(input.calls);
  const stopped = input.history.filter((entry): entry is StoppedTask => entry.kind === 'task-stopped');
  const stoppedByToken = new Map(stopped.map((task) => [clientTokenFor(task.taskArn), task]));
  const wrong: WrongRemediations = { ...NO_WRONG_REMEDIATIONS };
  const startedByToken = new Map(
    input.history
      .filter((entry): entry is StartedTask => entry.kind === 'task-started')
      .map((task) => [clientTokenFor(task.taskArn), task]),
  );
  const startsByToken = new Map<string, { started: number; at: number }>();
  for (const start of starts) {
    const seen = startsByToken.get(start.token);
    startsByToken.set(start.token, { started: (seen?.started ?? 0) + start.started, at: seen?.at ?? start.at });
  }
  // Replacements of a real, transient failure: the ones the truth's expected counts are about.
  const legit = new Set<string>();
  for (const [token, { started, at }] of startsByToken) {
    wrong.duplicates += started - 1;
    const replaced = stoppedByToken.get(token);
    // A task still running on a lost instance may be replaced before ECS stops it (the sweep does).
    if (!replaced) {
      if (stranded(startedByToken.get(token), input.history, at)) legit.add(token);
      else wrong.unexplained += 1;
    } else if (DETERMINISTIC_CAUSES.has(replaced.stopCause)) wrong.deterministicReplaced += 1;
    else if (finishedRun(replaced)) wrong.successesRerun += 1;
    else legit.add(token);
  }
  const writes = {
    'drain-instance': instanceWrites(input.calls, 'drain-instance'),
    'deregister-instance': instanceWrites(input.calls, 'deregister-instance'),
  };
  for (const list of Object.values(writes)) {
    for (const times of countBy(list, (w) => `${w.cluster}/${w.instance}`).values()) wrong.duplicates += times - 1;
  }
  const legitStarts = starts.filter((start) => legit.has(start.token));
  wrong.unexpected = beyondExpected(legitStarts, writes, input.expected, input.instanceArns);
  for (const expected of input.expected) {
    const want = expected.count ?? 1;
    let done: number;
    if (expected.action === 'run-task') {
      const tokens = starts.filter(
        (s) =>
          s.cluster === expected.cluster &&
          (expected.family === undefined || s.family === expected.family) &&
          Object.entries(expected.tags ?? {}).every(([key, value]) => s.tags[key] === value),
      );
      done = new Set(tokens.map((s) => s.token)).size;
    } else {
      const arn =
        expected.instance === undefined ? undefined : input.instanceArns[expected.cluster]?.[expected.instance];
      const instances = writes[expected.action].filter(
        (w) => w.cluster === expected.cluster && (arn === undefined || w.instance === idOf(arn)),
      );
      done = new Set(instances.map((w) => w.instance)).size;
    }
    wrong.expectedMissing += Math.max(0, want - done);
  }
  return wrong;
}

/**
 * Distinct replacements of real failures per (cluster, family), and distinct instances drained or deregistered,
 * past what is expected (wrong replacements are already counted under their own kind).
 */
function beyondExpected(
  starts: readonly Start[],
  writes: Record<'drain-instance' | 'deregister-instance', Array<{ cluster: string; instance: string }>>,
  expected: readonly ExpectedRemediation[],
  instanceArns: Record<string, string[]>,
): number {
  let extra = 0;
  const families = new Map<string, Set<string>>();
  for (const start of starts) {
    const key = `${start.cluster}/${start.family}`;
    families.set(key, (families.get(key) ?? new Set()).add(start.token));
  }
  for (const [key, tokens] of families) {
    const allowed = expected
      .filter((e) => e.action === 'run-task' && key === `${e.cluster}/${e.family ?? key.split('/')[1]}`)
      .reduce((total, e) => total + (e.count ?? 1), 0);
    extra += Math.max(0, tokens.size - allowed);
  }
  for (const action of ['drain-instance', 'deregister-instance'] as const) {
    const acted = new Set(writes[action].map((w) => `${w.cluster}/${w.instance}`));
    const wanted = expected.filter((e) => e.action === action);
    const named = new Set(
      wanted.flatMap((e) => {
        const arn = e.instance === undefined ? undefined : instanceArns[e.cluster]?.[e.instance];
        return arn ? [`${e.cluster}/${idOf(arn)}`] : [];
      }),
    );
    const unnamed = wanted.filter((e) => e.instance === undefined).reduce((total, e) => total + (e.count ?? 1), 0);
    const others = [...acted].filter((instance) => !named.has(instance)).length;
    extra += Math.max(0, others - unnamed);
  }
  return extra;
}
