import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { azOutage, SPOT_FAMILIES } from './support/az-outage.js';
import { buildLikeAFunction, ROOT, tempDir } from './support/bundles.js';
import { CHILD_ENV, runChildAsync } from './support/child-process.js';
import { containerNamesOf, startFakeAws } from './support/fake-aws.js';
import { median, round } from './support/stats.js';
import type { BenchSuite } from './types.js';

const RUNS = 3;
const MIB = 1024 * 1024;
const FUNCTION = 'task-state-change';
// The deployed event source mapping's batch size (serverless.yml).
const BATCH_SIZE = 100;

// Runs in a fresh `node`: the real bundle's handler on the burst, as SQS batches in arrival order.
const CHILD = `
import { readFileSync } from 'node:fs';
const KIB = 1024;
const { handler } = await import(process.argv[1]);
const loadedRss = process.resourceUsage().maxRSS * KIB;
const events = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const size = Number(process.argv[3]);
const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 60000 };
let failed = 0;
for (let start = 0; start < events.length; start += size) {
  const Records = events.slice(start, start + size).map((event, i) => ({
    messageId: 'm-' + (start + i), receiptHandle: 'rh', body: JSON.stringify(event), attributes: {},
    messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q',
    awsRegion: 'us-east-1',
  }));
  const result = await handler({ Records }, context);
  failed += result.batchItemFailures.length;
}
process.stdout.write('\\n__bench_result__=' + JSON.stringify({
  loadedRss, peakRss: process.resourceUsage().maxRSS * KIB, heapUsed: process.memoryUsage().heapUsed,
  events: events.length, failed,
}) + '\\n');
`;

interface ChildResult {
  loadedRss: number;
  peakRss: number;
  heapUsed: number;
  events: number;
  failed: number;
}

/** Peak RSS of the real task-state-change bundle handling the AZ-outage burst, against the same process once loaded. */
const suite: BenchSuite = async () => {
  const dir = tempDir();
  const input = join(dir, 'burst.json');
  const { events } = azOutage();
  writeFileSync(input, JSON.stringify(events));
  const bundle = await buildLikeAFunction({ file: join(ROOT, 'functions', FUNCTION, 'handler.ts') });
  // Task definitions log with awslogs: each failure's alert reads its log lines, as deployed.
  const aws = await startFakeAws({ containers: containerNamesOf(events) });
  const env: Record<string, string> = {
    ...CHILD_ENV,
    AWS_ENDPOINT_URL: aws.url,
    LOOKOUT_STATE_TABLE: '',
    LOOKOUT_REPLACE_FAMILIES: SPOT_FAMILIES.byConfig.join(','),
  };
  const runs: ChildResult[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const args = ['--input-type=module', '-e', CHILD, pathToFileURL(bundle.index).href, input, String(BATCH_SIZE)];
      runs.push(await runChildAsync<ChildResult>(args, 300_000, env));
    }
  } finally {
    await aws.close();
  }
  const peak = median(runs.map((r) => r.peakRss));
  const loaded = median(runs.map((r) => r.loadedRss));
  const heap = median(runs.map((r) => r.heapUsed));
  return [
    {
      id: 'memory.peak-rss',
      label: `Peak RSS handling the AZ-outage burst (${FUNCTION} bundle)`,
      value: round(peak / MIB, 1),
      unit: 'MiB',
      baseline: { label: 'same process after loading the bundle', value: round(loaded / MIB, 1), unit: 'MiB' },
      ratio: round(peak / loaded, 2),
      note:
        `the real ${FUNCTION} bundle (built as scripts/build.mjs builds it) in a fresh node, its handler given the ` +
        `${runs[0]?.events ?? 0} deliveries as SQS batches of ${BATCH_SIZE}; state in memory (LOOKOUT_STATE_TABLE ` +
        'unset: every incident and dedup mark held in the process, an upper bound for a Lambda, whose state is in ' +
        'DynamoDB), SNS, Slack (URL from SSM) and ECS answered by a local endpoint, EMF metrics on stdout; ' +
        `maxRSS from process.resourceUsage(), median of ${RUNS} children; heap used at the end ` +
        `${round(heap / MIB, 1)} MiB; ${runs[0]?.failed ?? 0} messages reported failed`,
    },
  ];
};

export default suite;
