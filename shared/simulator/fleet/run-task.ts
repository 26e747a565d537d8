import { ApiFault } from './api-errors.js';
import { sdkTask } from './api-shapes.js';
import { newTask } from './factory.js';
import { placeStandalone, runFate, runMs } from './jobs.js';
import type { SimCluster, SimTask } from './state.js';
import { findTaskDef } from './taskdefs.js';
import { launchTask } from './tasks.js';
import type { World } from './world.js';

const TOKEN_TTL_MS = 24 * 3_600_000;

/** A fault RunTask answers with while set (`setRunTaskFault`). */
export interface RunTaskFault {
  error?: string;
  failureReason?: string;
}

type Input = Record<string, unknown>;

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function validate(input: Input): void {
  const count = (input.count as number | undefined) ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw new ApiFault('InvalidParameterException', 'Count must be between 1 and 10.');
  }
  const token = input.clientToken as string | undefined;
  if (token !== undefined && (token.length > 64 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new ApiFault('InvalidParameterException', 'clientToken must be up to 64 ASCII characters (33-126).');
  }
  if (input.launchType && input.capacityProviderStrategy) {
    throw new ApiFault(
      'InvalidParameterException',
      'Specifying both a launch type and capacity provider strategy is not supported.',
    );
  }
  const startedBy = input.startedBy as string | undefined;
  if (startedBy !== undefined && (startedBy.length > 128 || !/^[A-Za-z0-9_/-]*$/.test(startedBy))) {
    throw new ApiFault(
      'InvalidParameterException',
      'startedBy may only contain letters, numbers, hyphens, underscores and forward slashes.',
    );
  }
  if (input.propagateTags === 'SERVICE') {
    throw new ApiFault('InvalidParameterException', 'Tags can only be propagated from a task definition for RunTask.');
  }
  for (const tag of (input.tags as Array<{ key?: string }> | undefined) ?? []) {
    if (tag.key?.startsWith('aws:'))
      throw new ApiFault('InvalidParameterException', 'Tag keys may not start with aws:.');
  }
}

/**
 * RunTask against the fleet: clientToken idempotency per cluster for 24 h (same parameters → the original
 * result, nothing new; different parameters → ConflictException naming the original tasks), `failures[]` with
 * HTTP 200 when nothing can be placed, tags (given and, with propagateTags TASK_DEFINITION, the definition's)
 * stored at creation. A started task runs like a job run of its family.
 */
export function runTask(
  world: World,
  cluster: SimCluster,
  input: Input,
  fault: RunTaskFault | undefined,
): Record<string, unknown> {
  validate(input);
  const token = input.clientToken as string | undefined;
  const { clientToken: _omit, ...params } = input;
  const fingerprint = stable(params);
  if (token) {
    const previous = cluster.tokens.get(token);
    if (previous && world.now - previous.at < TOKEN_TTL_MS) {
      if (previous.fingerprint !== fingerprint) {
        throw new ApiFault(
          'ConflictException',
          'The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.',
          { resourceIds: [...previous.taskArns] },
        );
      }
      recordRun(world, cluster, input, token, [], true);
      return {
        started: [],
        tasks: previous.taskArns.flatMap((arn) => {
          const task = cluster.tasks.get(arn);
          return task ? [sdkTask(task, true)] : [];
        }),
        failures: previous.failures.map((f) => ({ ...f })),
      };
    }
  }
  if (fault?.error) throw new ApiFault(fault.error, faultMessage(fault.error));
  const reference = String(input.taskDefinition ?? '');
  const def = findTaskDef(world, reference);
  if (!def) throw new ApiFault('ClientException', 'TaskDefinition not found.');
  const capacityProvider = (input.capacityProviderStrategy as Array<{ capacityProvider?: string }> | undefined)?.[0]
    ?.capacityProvider;
  const launchType = capacityProvider?.startsWith('FARGATE')
    ? 'FARGATE'
    : ((input.launchType as string | undefined) ?? def.launchType);
  const network = input.networkConfiguration as { awsvpcConfiguration?: { subnets?: string[] } } | undefined;
  if (def.launchType === 'FARGATE' && !network?.awsvpcConfiguration?.subnets?.length) {
    throw new ApiFault(
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
  if (def.launchType === 'EC2' && network) {
    throw new ApiFault(
      'InvalidParameterException',
      'Network Configuration is not valid for the given networkMode of this task definition.',
    );
  }
  if (launchType !== def.launchType) {
    throw new ApiFault('InvalidParameterException', `Task definition does not support launch_type ${launchType}.`);
  }
  const group = (input.group as string | undefined) ?? `family:${def.family}`;
  const tags: Record<string, string> = input.propagateTags === 'TASK_DEFINITION' ? { ...def.tags } : {};
  for (const tag of (input.tags as Array<{ key?: string; value?: string }> | undefined) ?? []) {
    if (tag.key) tags[tag.key] = tag.value ?? '';
  }
  const started: SimTask[] = [];
  const failures: Array<{ arn?: string; reason: string; detail?: string }> = [];
  const count = (input.count as number | undefined) ?? 1;
  for (let i = 0; i < count; i += 1) {
    if (fault?.failureReason) {
      failures.push({ arn: def.arn, reason: fault.failureReason });
      continue;
    }
    const placed = placeStandalone(world, cluster, def, group);
    if (!('az' in placed) || placed.az === undefined) {
      failures.push({ arn: cluster.instances[0]?.arn ?? cluster.arn, reason: placed.failure ?? 'RESOURCE:CPU' });
      continue;
    }
    const job = cluster.jobs.get(def.family);
    const task = newTask(world, {
      cluster,
      def,
      launchType: def.launchType,
      ...(capacityProvider ? { capacityProvider } : {}),
      ...('instance' in placed && placed.instance ? { instance: placed.instance } : {}),
      az: placed.az,
      group,
      ...(input.startedBy ? { startedBy: input.startedBy as string } : {}),
      ...(job ? { job } : {}),
      fate: runFate(world, job, job ? runMs(world, job.spec) : undefined),
      tags,
      ...(input.overrides ? { overrides: input.overrides as Record<string, unknown> } : {}),
      startedByMonitor: token !== undefined,
      ...(token ? { clientToken: token } : {}),
    });
    launchTask(world, task);
    started.push(task);
  }
  if (token) {
    cluster.tokens.set(token, { fingerprint, taskArns: started.map((t) => t.arn), failures, at: world.now });
  }
  recordRun(
    world,
    cluster,
    input,
    token,
    started.map((t) => t.arn),
    false,
    failures[0]?.reason,
  );
  return { tasks: started.map((t) => sdkTask(t, true)), failures, started: started.map((t) => t.arn) };
}

function recordRun(
  world: World,
  cluster: SimCluster,
  input: Input,
  token: string | undefined,
  started: string[],
  repeat: boolean,
  failure?: string,
): void {
  const reference = String(input.taskDefinition ?? '');
  const family =
    (reference.includes(':task-definition/') ? reference.split(':task-definition/')[1] : reference)?.split(':')[0] ??
    reference;
  world.record({
    kind: 'run-task',
    at: world.now,
    cluster: cluster.name,
    family,
    ...(token ? { clientToken: token } : {}),
    started,
    repeat,
    ...(failure ? { failure } : {}),
  });
}

function faultMessage(name: string): string {
  return name === 'AccessDeniedException'
    ? 'User is not authorized to perform: iam:PassRole on resource: ecsTaskExecutionRole'
    : `${name} (simulated)`;
}
