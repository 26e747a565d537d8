import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuiltBundle, buildFunctionBundles, buildLikeAFunction, floorSource, tempDir } from './support/bundles.js';
import { CHILD_ENV, firstInvocationTime, importTime } from './support/child-process.js';
import { demoEvents } from './support/events.js';
import { containerNamesOf, startFakeAws } from './support/fake-aws.js';
import { median, round } from './support/stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

const RUNS = 21;

/** As SQS hands a batch to an event function (the deployed path). */
function sqsBatch(event: unknown) {
  return {
    Records: [
      {
        messageId: 'bench-1',
        receiptHandle: 'rh-1',
        body: JSON.stringify(event),
        attributes: {},
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:ecs-lookout-bench',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

/** Each function's first invocation: a task failure, an agent disconnect, a deployment event, a sweep, a report. */
function firstEvents(): Record<string, unknown> {
  const demo = demoEvents();
  return {
    'task-state-change': sqsBatch(demo[3]),
    'instance-state-change': sqsBatch(demo[13]),
    'service-event': sqsBatch(demo[8]),
    'grace-sweep': {},
    'health-report': { mode: 'report', format: 'json' },
  };
}

interface Floors {
  /** Constructs the clients only: the floor of bytes and module init. */
  clients: BuiltBundle;
  /** Also sends one request with each: the floor of a first invocation. */
  firstCalls: BuiltBundle;
}

/** One floor per distinct client set (instance-state-change and service-event share theirs). */
async function floorsFor(bundles: Record<string, BuiltBundle>): Promise<Map<string, Floors>> {
  const floors = new Map<string, Floors>();
  for (const { clients } of Object.values(bundles)) {
    const key = clients.join(' ');
    if (floors.has(key)) continue;
    floors.set(key, {
      clients: await buildLikeAFunction({ source: floorSource(clients, false), name: 'floor' }),
      firstCalls: await buildLikeAFunction({ source: floorSource(clients, true), name: 'floor-calls' }),
    });
  }
  return floors;
}

const clientNames = (clients: string[]) => clients.map((c) => c.replace(/^client-/, '')).join(', ');

/** What a bundle's cold code holds beyond its floor's, largest first: `shared/domain 97.1 KB, …` (≥ 1 KB each). */
function overFloor(bundle: BuiltBundle, floor: BuiltBundle): string {
  const sources = new Set([...Object.keys(bundle.coldBySource), ...Object.keys(floor.coldBySource)]);
  const extra = [...sources]
    .map((source): [string, number] => [source, (bundle.coldBySource[source] ?? 0) - (floor.coldBySource[source] ?? 0)])
    .filter(([, bytes]) => bytes >= 1024)
    .sort((a, b) => b[1] - a[1]);
  return extra.map(([source, bytes]) => `${source} ${(bytes / 1024).toFixed(1)} KB`).join(', ');
}

/**
 * Each real function bundle (built as scripts/build.mjs builds it) against a floor built the same way from
 * only the SDK clients that function's cold-start code holds: bytes, module init, and the time to the end
 * of the first invocation, every AWS call answered by a local endpoint.
 */
const suite: BenchSuite = async () => {
  const bundles = await buildFunctionBundles();
  const floors = await floorsFor(bundles);
  // Task definitions log with awslogs, so the crash's alert reads its lines as a deployed function does.
  const aws = await startFakeAws({ containers: containerNamesOf(demoEvents()) });
  const dir = tempDir();
  const env = {
    ...CHILD_ENV,
    AWS_ENDPOINT_URL: aws.url,
    LOOKOUT_METRICS_MODE: 'emf',
  };
  const eventFiles: Record<string, string> = {};
  for (const [name, event] of Object.entries(firstEvents())) {
    eventFiles[name] = join(dir, `${name}.json`);
    writeFileSync(eventFiles[name], JSON.stringify(event));
  }
  const noEvent = join(dir, 'none.json');
  writeFileSync(noEvent, '{}');
  const samples: Record<string, { wall: number[]; cpu: number[]; first: number[] }> = {};
  const sample = (key: string) => {
    samples[key] ??= { wall: [], cpu: [], first: [] };
    return samples[key];
  };
  try {
    // Interleaved: round r measures every bundle once, so load on the machine is shared out evenly.
    for (let r = 0; r <= RUNS; r++) {
      const measured: Array<[string, BuiltBundle, string]> = [
        ...Object.entries(bundles).map(([name, b]): [string, BuiltBundle, string] => [
          name,
          b,
          eventFiles[name] ?? noEvent,
        ]),
        ...[...floors.entries()].flatMap(
          ([key, f]): Array<[string, BuiltBundle, string]> => [
            [`floor:${key}`, f.clients, noEvent],
            [`floor-calls:${key}`, f.firstCalls, noEvent],
          ],
        ),
      ];
      for (const [key, bundle, eventFile] of measured) {
        const time = importTime(bundle.index);
        const first = key.startsWith('floor:') ? undefined : await firstInvocationTime(bundle.index, eventFile, env);
        if (r === 0) continue; // warm-up round: file cache, first spawn
        sample(key).wall.push(time.wallMs);
        sample(key).cpu.push(time.cpuMs);
        if (first) sample(key).first.push(first.wallMs);
      }
    }
  } finally {
    await aws.close();
  }
  const figures: BenchFigure[] = [];
  for (const [name, bundle] of Object.entries(bundles)) {
    const key = bundle.clients.join(' ');
    const floor = floors.get(key);
    if (!floor) continue;
    const own = sample(name);
    const base = sample(`floor:${key}`);
    const calls = sample(`floor-calls:${key}`);
    const floorLabel = `bundle that only constructs its clients (${clientNames(bundle.clients)})`;
    const [ms, baseMs] = [median(own.wall), median(base.wall)];
    const [cpuMs, baseCpu] = [median(own.cpu), median(base.cpu)];
    const [firstMs, baseFirst] = [median(own.first), median(calls.first)];
    figures.push(
      {
        id: `cold-start.${name}`,
        label: `${name}: module init`,
        value: round(ms, 1),
        unit: 'ms',
        baseline: { label: floorLabel, value: round(baseMs, 1), unit: 'ms' },
        ratio: round(ms / baseMs, 2),
        note:
          `median of ${RUNS} fresh node processes, performance.now() around await import(bundle), interleaved with ` +
          "the floor; both built as scripts/build.mjs builds a function; wall time moves with the machine's load",
      },
      {
        id: `cold-start.${name}.cpu`,
        label: `${name}: module init, CPU time`,
        value: round(cpuMs, 1),
        unit: 'ms',
        baseline: { label: 'its clients only', value: round(baseCpu, 1), unit: 'ms' },
        ratio: round(cpuMs / baseCpu, 2),
        note: 'process.cpuUsage() around the same import: steadier than wall time on a shared machine',
      },
      {
        id: `cold-start.${name}.bytes`,
        label: `${name}: bundle size at cold start`,
        value: bundle.coldBytes,
        unit: 'bytes',
        baseline: { label: 'its clients only, built the same way', value: floor.clients.coldBytes, unit: 'bytes' },
        ratio: round(bundle.coldBytes / floor.clients.coldBytes, 2),
        note:
          `index.mjs and the chunks it imports statically; ${bundle.totalBytes} bytes with the chunks loaded only ` +
          `on demand (SDK credential providers other than the environment's, the ECS actions, the health ` +
          `check's pipeline, the PutMetricData sink of LOOKOUT_METRICS_MODE=api); the floor is the clients the ` +
          `cold code holds, constructed as the runtime does; sending one request per client it weighs ` +
          `${floor.firstCalls.coldBytes} bytes (a client carries its service's schemas and error classes). Over ` +
          `the floor: ${overFloor(bundle, floor.clients)}; the rest is the chunks' import and export lines`,
      },
      {
        id: `cold-start.${name}.first-invocation`,
        label: `${name}: cold start to the end of the first invocation`,
        value: round(firstMs, 1),
        unit: 'ms',
        baseline: { label: 'its clients only, one request each', value: round(baseFirst, 1), unit: 'ms' },
        ratio: round(firstMs / baseFirst, 2),
        note:
          `median of ${RUNS} fresh node processes, from import to the handler's return; the function runs its ` +
          'deployed configuration (DynamoDB state, SNS, Slack URL from SSM, EMF metrics) with every AWS call ' +
          'and the Slack POST answered by a local endpoint, on one event (an SQS batch of one for the event ' +
          'functions); the floor imports, constructs the same clients and sends one request with each',
      },
    );
  }
  return figures;
};

export default suite;
