import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isFatalAwsError } from '../../adapters/fleet/aws-errors.js';
import { createReportSources } from '../../adapters/fleet/create-report-sources.js';
import { createDynamoStateStore } from '../../adapters/state/dynamodb-store.js';
import { DEFAULT_REPORT_EXTRAS } from '../../domain/report/build-report.js';
import { type ReportFormat, renderReport } from '../../domain/report/render.js';
import type { FleetProgress } from '../../ports/fleet-reader.js';
import { clients } from '../../runtime/clients.js';
import { produceHealthReport } from '../../use-cases/health-report.js';
import { WINDOWS } from '../../use-cases/report/invocation-request.js';
import { cliConfig } from '../config.js';
import { type CliCommand, type CliIo, EXIT, UsageError } from '../types.js';

const FORMATS: readonly ReportFormat[] = ['table', 'json', 'markdown', 'slack', 'html'];

const USAGE = `Usage: ecs-lookout report [--cluster NAME]… [--service NAME]… [--window 1h|24h] [--format table|json|markdown|slack|html] [-o FILE]

Reads the ECS fleet (every cluster, or the named ones) and prints a health report: per cluster and
service HEALTHY / DEGRADED / CRITICAL (UNKNOWN for a cluster that could not be read) with the reasons,
ranked problems and counts. Failure counts come from the ECSLookout CloudWatch metrics, open incidents
from the state table when LOOKOUT_STATE_TABLE is set.

Uses the standard AWS credential chain and region (AWS_PROFILE, AWS_REGION, …); AWS_ENDPOINT_URL points
it at an emulator. Reads are rate limited to LOOKOUT_REPORT_RPS per ECS read category (default 10).

  --cluster NAME   a cluster to report on (repeatable; default: all, or LOOKOUT_CLUSTERS)
  --service NAME   only these services (repeatable)
  --window W       failure-count window: 1h (default) or 24h
  --format F       table (default), json, markdown, slack (Block Kit JSON) or html (one self-contained page)
  -o, --output F   write the report to file F instead of stdout

Exit codes: 0 healthy, 1 degraded, critical or unknown, 2 unusable arguments or no AWS credentials/region.`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      options: {
        cluster: { type: 'string', multiple: true },
        service: { type: 'string', multiple: true },
        window: { type: 'string', default: '1h' },
        format: { type: 'string', default: 'table' },
        output: { type: 'string', short: 'o' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function names(values: string[] | undefined, flag: string): string[] | undefined {
  if (values?.some((value) => value.trim() === '')) throw new UsageError(`${flag} needs a name`);
  return values?.length ? values.map((value) => value.trim()) : undefined;
}

function progressLine(io: CliIo): ((progress: FleetProgress) => void) | undefined {
  if (!io.stderrIsTTY) return undefined;
  return ({ clustersDone, clustersTotal, calls }) =>
    io.stderr(`\r\u001B[2Kreading clusters ${clustersDone}/${clustersTotal} (${calls} API calls)`);
}

/** `ecs-lookout report`: the health report from a laptop or a pipeline; exit 1 gates on problems. */
export const command: CliCommand = {
  name: 'report',
  usage: USAGE,
  async run(args, io) {
    const values = parse(args);
    if (!Object.hasOwn(WINDOWS, values.window))
      throw new UsageError(`--window must be 1h or 24h, not "${values.window}"`);
    const format = values.format as ReportFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const config = cliConfig(io.env);
    const clusters = names(values.cluster, '--cluster') ?? (config.clusters.length ? config.clusters : undefined);
    const sources = createReportSources({
      ecs: clients.ecs(),
      cloudwatch: clients.cloudwatch(),
      namespace: config.metricNamespace,
      ratePerSec: config.reportReads.readsPerSecond,
      concurrency: config.reportReads.concurrency,
    });
    const store = config.stateTable
      ? createDynamoStateStore({ client: clients.dynamo(), table: config.stateTable })
      : undefined;
    const onProgress = progressLine(io);
    let report: Awaited<ReturnType<typeof produceHealthReport>>;
    try {
      report = await produceHealthReport(
        { ...sources, store, policy: { ...config.report, ...DEFAULT_REPORT_EXTRAS }, clock: () => new Date() },
        {
          clusters,
          services: names(values.service, '--service'),
          windowMs: WINDOWS[values.window as keyof typeof WINDOWS],
        },
        onProgress,
      );
    } catch (error) {
      if (!isFatalAwsError(error)) throw error;
      io.stderr(
        `${onProgress ? '\n' : ''}ecs-lookout report: cannot call AWS: ${(error as Error).message.split('\n')[0]}\n`,
      );
      return EXIT.usage;
    }
    if (onProgress) io.stderr('\r\u001B[2K');
    const output = renderReport(report, format);
    const text = typeof output === 'string' ? output : `${JSON.stringify(output, null, 2)}\n`;
    if (values.output === undefined) io.stdout(text);
    else
      await writeFile(values.output, text).catch((error: Error) => {
        throw new UsageError(`cannot write ${values.output}: ${error.message}`);
      });
    return report.status === 'HEALTHY' ? EXIT.ok : EXIT.problem;
  },
};
