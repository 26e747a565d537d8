import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import type { Offset, Scenario } from './types.js';

/** A scenario file that cannot be used; the message names the file and the field. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

const OFFSET = /^(?:(\d+)\.)?(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/;

/** Milliseconds of an offset: "HH:MM", "HH:MM:SS" or "D.HH:MM" (the day form needs HH < 24); undefined if malformed. */
export function offsetMs(offset: Offset): number | undefined {
  const match = OFFSET.exec(offset.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  if (days !== undefined && Number(hours) >= 24) return undefined;
  return (((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds ?? 0)) * 1000;
}

const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
const OffsetText = v.pipe(
  v.string(),
  v.check((text) => offsetMs(text) !== undefined, 'expected an offset like "01:30", "01:30:15" or "1.02:00"'),
);
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const LaunchType = v.picklist(['EC2', 'FARGATE']);
const Tags = v.record(v.string(), v.string());

const Service = v.strictObject({
  name: Name,
  desired: Count,
  launchType: LaunchType,
  capacityProvider: v.optional(Name),
  circuitBreaker: v.optional(v.strictObject({ rollback: v.boolean() })),
  alarms: v.optional(v.strictObject({ rollback: v.boolean() })),
  sidecars: v.optional(v.array(Name)),
  tags: v.optional(Tags),
  loadBalancer: v.optional(
    v.strictObject({
      targetGroup: Name,
      deregistrationDelaySeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
    }),
  ),
});

const Job = v.strictObject({
  family: Name,
  everyMinutes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  firstAt: v.optional(OffsetText),
  runMinutes: v.pipe(v.number(), v.minValue(0)),
  launchType: LaunchType,
  capacityProvider: v.optional(Name),
  sidecars: v.optional(v.array(Name)),
  tags: v.optional(Tags),
});

const Cluster = v.strictObject({
  name: Name,
  instances: Count,
  azs: v.optional(v.array(Name)),
  instanceCpu: v.optional(v.pipe(v.number(), v.integer(), v.minValue(256))),
  services: v.array(Service),
  jobs: v.optional(v.array(Job)),
});

const Fleet = v.strictObject({
  account: v.optional(v.pipe(v.string(), v.regex(/^\d{12}$/, 'expected a 12-digit account id'))),
  region: v.optional(Name),
  clusters: v.pipe(v.array(Cluster), v.minLength(1)),
  accounts: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          account: v.pipe(v.string(), v.regex(/^\d{12}$/, 'expected a 12-digit account id')),
          region: Name,
        }),
      ),
      v.minLength(1),
    ),
  ),
  churn: v.optional(
    v.strictObject({
      agentFlapsPerHour: v.optional(v.pipe(v.number(), v.minValue(0))),
      deploysPerDay: v.optional(v.pipe(v.number(), v.minValue(0))),
      scalesPerDay: v.optional(v.pipe(v.number(), v.minValue(0))),
      userStopsPerDay: v.optional(v.pipe(v.number(), v.minValue(0))),
    }),
  ),
});

const at = { at: OffsetText, cluster: Name };
const target = { service: v.optional(Name), family: v.optional(Name) };

const Action = v.variant('do', [
  v.strictObject({
    ...at,
    do: v.literal('crash-loop'),
    service: Name,
    until: OffsetText,
    exitCode: v.optional(v.number()),
  }),
  v.strictObject({ ...at, ...target, do: v.literal('oom'), count: v.optional(Count) }),
  v.strictObject({ ...at, ...target, do: v.literal('app-exit'), exitCode: v.number(), count: v.optional(Count) }),
  v.strictObject({ ...at, do: v.literal('health-check-fail'), service: Name, until: OffsetText }),
  v.strictObject({
    ...at,
    do: v.literal('deploy'),
    service: Name,
    outcome: v.picklist(['good', 'image-pull', 'crash', 'start-failure', 'alarm', 'stuck', 'hook-fails', 'hook-waits']),
  }),
  v.strictObject({ ...at, do: v.literal('scale'), service: Name, desired: Count }),
  v.strictObject({ ...at, do: v.literal('approve-hook'), service: Name }),
  v.strictObject({ ...at, ...target, do: v.literal('user-stop') }),
  v.strictObject({ ...at, do: v.literal('agent-flap'), instance: Count, seconds: v.optional(v.number()) }),
  v.strictObject({
    ...at,
    do: v.literal('lose-instance'),
    instance: Count,
    until: v.optional(OffsetText),
    connectivityCheckSeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
  }),
  v.strictObject({ ...at, do: v.literal('runtime-hang'), instance: Count, until: v.optional(OffsetText) }),
  v.strictObject({ ...at, do: v.literal('daemon-rollout'), daemon: Name, outcome: v.picklist(['good', 'rollback']) }),
  v.strictObject({ ...at, do: v.literal('terminate-instance'), instance: Count }),
  v.strictObject({ ...at, do: v.literal('lose-az'), az: Name, until: v.optional(OffsetText) }),
  v.strictObject({ ...at, ...target, do: v.literal('spot-interrupt'), count: v.optional(Count) }),
  v.strictObject({ ...at, do: v.literal('capacity-short'), until: OffsetText }),
  v.strictObject({
    ...at,
    do: v.literal('fail-job-runs'),
    family: Name,
    until: OffsetText,
    how: v.picklist(['oom', 'app-exit', 'image-pull']),
  }),
]);

const Fault = v.variant('do', [
  v.strictObject({
    at: OffsetText,
    do: v.literal('channel-outage'),
    channel: v.picklist(['slack', 'sns']),
    status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
    until: v.optional(OffsetText),
  }),
  v.strictObject({ at: OffsetText, do: v.literal('crash-sweep-after-confirm') }),
  v.strictObject({ at: OffsetText, do: v.literal('deny-run-task'), until: v.optional(OffsetText), reason: Name }),
]);

const Subject = v.union([
  v.strictObject({ service: Name }),
  v.strictObject({ family: Name }),
  v.strictObject({ instance: Count }),
  v.strictObject({ daemon: Name }),
]);

const ScenarioSchema = v.strictObject({
  name: v.pipe(Name, v.regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case words joined by "-"')),
  description: v.string(),
  seed: v.pipe(v.number(), v.integer()),
  duration: OffsetText,
  config: v.optional(
    v.record(v.pipe(v.string(), v.regex(/^LOOKOUT_[A-Z0-9_]+$/, 'expected a LOOKOUT_* name')), v.string()),
  ),
  delivery: v.optional(
    v.strictObject({
      duplicateRate: v.optional(Fraction),
      medianDelaySeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
      maxDelaySeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
      outlierRate: v.optional(Fraction),
    }),
  ),
  fleet: Fleet,
  actions: v.array(Action),
  faults: v.optional(v.array(Fault)),
  truth: v.strictObject({
    problems: v.array(
      v.strictObject({
        id: Name,
        kind: Name,
        cluster: Name,
        subject: Subject,
        from: OffsetText,
        until: v.optional(OffsetText),
        page: v.optional(v.boolean()),
      }),
    ),
    remediations: v.array(
      v.strictObject({
        action: v.picklist(['run-task', 'drain-instance', 'deregister-instance']),
        cluster: Name,
        family: v.optional(Name),
        instance: v.optional(Count),
        count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
        tags: v.optional(Tags),
      }),
    ),
    metrics: v.optional(v.record(Name, v.pipe(v.number(), v.minValue(0)))),
  }),
});

/** Names the first reference to a cluster, service, family or instance the fleet does not have. */
function danglingReference(scenario: Scenario): string | undefined {
  const clusters = new Map(scenario.fleet.clusters.map((c) => [c.name, c]));
  // Several accounts: every account/Region runs the same clusters, named `account/region/cluster`.
  for (const { account, region } of scenario.fleet.accounts ?? [])
    for (const c of scenario.fleet.clusters) clusters.set(`${account}/${region}/${c.name}`, c);
  if (scenario.fleet.accounts) for (const c of scenario.fleet.clusters) clusters.delete(c.name);
  const check = (
    path: string,
    ref: { cluster: string; service?: string; family?: string; instance?: number },
  ): string | undefined => {
    const cluster = clusters.get(ref.cluster);
    if (!cluster) return `${path}.cluster: no cluster "${ref.cluster}" in fleet.clusters`;
    if (ref.service !== undefined && !cluster.services.some((s) => s.name === ref.service))
      return `${path}.service: no service "${ref.service}" in cluster "${ref.cluster}"`;
    if (ref.instance !== undefined && ref.instance >= cluster.instances)
      return `${path}.instance: cluster "${ref.cluster}" has ${cluster.instances} instances (0-based index)`;
    return undefined;
  };
  const refs: Array<[string, Parameters<typeof check>[1]]> = [
    ...scenario.actions.map((a, i) => [`actions.${i}`, a] as [string, Parameters<typeof check>[1]]),
    ...scenario.truth.problems.map(
      (p, i) => [`truth.problems.${i}`, { cluster: p.cluster, ...p.subject }] as [string, Parameters<typeof check>[1]],
    ),
    ...scenario.truth.remediations.map(
      (r, i) => [`truth.remediations.${i}`, r] as [string, Parameters<typeof check>[1]],
    ),
  ];
  for (const [path, ref] of refs) {
    const problem = check(path, ref);
    if (problem) return problem;
  }
  const ids = scenario.truth.problems.map((p) => p.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  return repeated ? `truth.problems: id "${repeated}" is used twice` : undefined;
}

/** Validates parsed JSON as a scenario; `source` (a file name) prefixes every error. */
export function parseScenario(value: unknown, source: string): Scenario {
  const parsed = v.safeParse(ScenarioSchema, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new ScenarioError(`${source}: ${v.getDotPath(issue) ?? '(top level)'}: ${issue.message}`);
  }
  const scenario = parsed.output as Scenario;
  const dangling = danglingReference(scenario);
  if (dangling) throw new ScenarioError(`${source}: ${dangling}`);
  return scenario;
}

/** Reads and validates a scenario JSON file. */
export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseScenario(json, path);
}

/** Where the library's scenarios live (one JSON file each, named after the scenario). */
export const LIBRARY_DIR = fileURLToPath(new URL('./scenarios/', import.meta.url));

/** Every library scenario, in file-name order. */
export async function loadLibrary(): Promise<Scenario[]> {
  const files = (await readdir(LIBRARY_DIR)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(files.map((name) => loadScenario(join(LIBRARY_DIR, name))));
}
