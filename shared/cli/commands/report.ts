import { writeFile } from 'node:fs/promises';
import { describeAwsError } from '../../adapters/fleet/aws-errors.js';
import { createReportSources } from '../../adapters/fleet/create-report-sources.js';
import { createDynamoStateStore } from '../../adapters/state/dynamodb-store.js';
import { DEFAULT_REPORT_EXTRAS } from '../../domain/report/build-report.js';
import { type ReportFormat, renderReport } from '../../domain/report/render.js';
import type { HealthReport } from '../../domain/report/types.js';
import type { FleetProgress } from '../../ports/fleet-reader.js';
import { registryFleetReader } from '../../runtime/account-report-sources.js';
import { produceHealthReport } from '../../use-cases/health-report.js';
import { WINDOWS } from '../../use-cases/report/invocation-request.js';
import { durationFlag, parseCommandArgs } from '../args.js';
import { createCliAwsClients, DEFAULT_AWS_LIMITS, type NetworkFailures } from '../aws.js';
import { DeadlineError, describeAwsFailure } from '../aws-failure.js';
import { cliConfig } from '../config.js';
import { applyGate, clustersNotFound, servicesNotFound } from '../report-gate.js';
import { type CliCommand, type CliIo, EXIT, UsageError } from '../types.js';

const FORMATS: readonly ReportFormat[] = ['table', 'json', 'markdown', 'slack', 'html'];
const DEFAULT_TIMEOUT = '2m';

const USAGE = `Usage: ecs-lookout report [--cluster NAME]… [--service NAME]… [--window 1h|24h]
                          [--format table|json|markdown|slack|html] [-o FILE]
                          [--grace DURATION] [--timeout DURATION]

Reads the ECS fleet (every cluster, or the named ones) and prints a health report: per cluster and
service HEALTHY / DEGRADED / CRITICAL (UNKNOWN for a cluster that could not be read) with the reasons,
ranked problems and counts. Failure counts come from the ECSLookout CloudWatch metrics, open incidents
from the state table when LOOKOUT_STATE_TABLE is set.

Uses the standard AWS credential chain and region (AWS_PROFILE, AWS_REGION, …); AWS_ENDPOINT_URL points
it at an emulator. Reads are rate limited to LOOKOUT_REPORT_RPS per ECS read category (default 10).
Each AWS request times out (${DEFAULT_AWS_LIMITS.connectionTimeoutMs / 1000} s to connect, ${DEFAULT_AWS_LIMITS.requestTimeoutMs / 1000} s to answer, ${DEFAULT_AWS_LIMITS.maxAttempts} attempts).

  --cluster NAME      a cluster to report on (repeatable; default: all, or LOOKOUT_CLUSTERS); a name
                      that does not exist is an error (exit 2)
  --service NAME      only these services (repeatable); the status is theirs alone, and a name that
                      no cluster has is an error (exit 2)
  --window W          failure-count window: 1h (default) or 24h
  --format F          table (default), json, markdown, slack (Block Kit JSON) or html (one page)
  -o, --output FILE   write the report to FILE instead of stdout
  --grace DURATION    don't judge a deployment younger than this on tasks still starting or a rollout
                      in progress (e.g. 5m right after a deploy); failures count at once. Default 0
  --timeout DURATION  give up after this long in all, exit 2 (default ${DEFAULT_TIMEOUT})
  --account ID        only this account of LOOKOUT_MEMBER_ROLES (repeatable; default: every registered one)
  --region R          only this Region (repeatable); with --role-arn, the Regions to read (default: AWS_REGION)
  --role-arn ARN      read another account through this role (a member stack's), instead of the registry
  --external-id ID    the ExternalId that role asks for

Exit codes: 0 healthy; 1 degraded, critical or unknown; 2 unusable arguments, a cluster or service not
found, or AWS could not be read (no credentials or Region, network, DNS, deadline): one line on stderr says
why.`;

function parse(args: string[]) {
  return parseCommandArgs({
    args,
    allowPositionals: false,
    options: {
      cluster: { type: 'string', multiple: true },
      service: { type: 'string', multiple: true },
      window: { type: 'string', default: '1h' },
      format: { type: 'string', default: 'table' },
      output: { type: 'string', short: 'o' },
      grace: { type: 'string', default: '0s' },
      timeout: { type: 'string', default: DEFAULT_TIMEOUT },
      account: { type: 'string', multiple: true },
      region: { type: 'string', multiple: true },
      'role-arn': { type: 'string' },
      'external-id': { type: 'string' },
    },
  }).values;
}

function names(values: string[] | undefined, flag: string): string[] | undefined {
  if (values?.some((value) => value.trim() === '')) throw new UsageError(`${flag} needs a name`);
  return values?.length ? values.map((value) => value.trim()) : undefined;
}

function progressLine(io: CliIo): ((progress: FleetProgress) => void) | undefined {
  if (!io.stderrIsTTY) return undefined;
  const write = io.rawStderr ?? io.stderr;
  return ({ clustersDone, clustersTotal, calls }) =>
    write(`\r\u001B[2Kreading clusters ${clustersDone}/${clustersTotal} (${calls} API calls)`);
}

/** Rejects with a DeadlineError when the signal aborts. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(new DeadlineError('deadline passed')), { once: true });
  });
}

/**
 * Why AWS could not be read, when it could not: the read failed, or every cluster came back unknown after a
 * network failure (nothing was read, so the gate cannot judge). Undefined when the report stands.
 */
function readFailure(report: HealthReport | undefined, error: unknown, network: NetworkFailures) {
  if (report === undefined) return { error };
  const clusters = report.clusters;
  if (network.first && clusters.length > 0 && clusters.every((cluster) => cluster.status === 'UNKNOWN')) {
    return { error: network.first };
  }
  return undefined;
}

/** `ecs-lookout report`: the health report from a laptop or a pipeline; exit 1 gates on problems. */
/** `--role-arn` (and `--external-id`): read that role's account in the given Regions, else AWS_REGION's. */
function roleOption(values: ReturnType<typeof parse>, regions: string[] | undefined, env: CliIo['env']) {
  const roleArn = values['role-arn'];
  const externalId = values['external-id'];
  if (roleArn === undefined) {
    if (externalId !== undefined) throw new UsageError('--external-id needs --role-arn');
    return undefined;
  }
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn))
    throw new UsageError(`--role-arn must be an IAM role ARN, not "${roleArn}"`);
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!regions && !region) throw new UsageError('--role-arn needs --region or AWS_REGION');
  return { roleArn, regions: regions ?? [region!], ...(externalId ? { externalId } : {}) };
}

export const command: CliCommand = {
  name: 'report',
  usage: USAGE,
  async run(args, io) {
    const values = parse(args);
    if (!Object.hasOwn(WINDOWS, values.window))
      throw new UsageError(`--window must be 1h or 24h, not "${values.window}"`);
    const format = values.format as ReportFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const graceMs = durationFlag(values.grace, '--grace', { allowZero: true });
    const timeoutMs = durationFlag(values.timeout, '--timeout');
    const services = names(values.service, '--service');
    const config = cliConfig(io.env);
    const clusters = names(values.cluster, '--cluster') ?? (config.clusters.length ? config.clusters : undefined);

    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const network: NetworkFailures = {};
    const aws = createCliAwsClients({ ...DEFAULT_AWS_LIMITS, deadline: deadline.signal }, network);
    const sources = createReportSources({
      ecs: aws.ecs,
      cloudwatch: aws.cloudwatch,
      namespace: config.metricNamespace,
      ratePerSec: config.reportReads.readsPerSecond,
      concurrency: config.reportReads.concurrency,
    });
    // Every registered account and Region (LOOKOUT_MEMBER_ROLES), or one role's account (--role-arn).
    const regions = names(values.region, '--region');
    const role = roleOption(values, regions, io.env);
    sources.fleet = registryFleetReader({
      home: () => aws.ecs,
      registry: config.accounts,
      reads: config.reportReads,
      role,
    });
    const store = config.stateTable
      ? createDynamoStateStore({ client: aws.dynamo, table: config.stateTable })
      : undefined;
    const onProgress = progressLine(io);
    let report: HealthReport | undefined;
    let failure: unknown;
    try {
      report = await Promise.race([
        produceHealthReport(
          {
            ...sources,
            store,
            policy: { ...config.report, ...DEFAULT_REPORT_EXTRAS },
            clock: () => new Date(),
            accounts: config.accounts,
          },
          {
            clusters,
            services,
            accounts: names(values.account, '--account'),
            regions: role ? undefined : regions,
            windowMs: WINDOWS[values.window as keyof typeof WINDOWS],
          },
          onProgress,
        ),
        whenAborted(deadline.signal),
      ]);
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
      deadline.abort();
      if (onProgress) (io.rawStderr ?? io.stderr)('\r\u001B[2K');
    }
    const failed = readFailure(report, failure, network);
    if (failed || report === undefined) {
      const context = { env: io.env, timeout: values.timeout };
      const why =
        describeAwsFailure(failed?.error, network, context) ??
        `cannot read the fleet: ${describeAwsError(failed?.error)}`;
      throw new UsageError(why, { cause: failed?.error });
    }
    const noCluster = clustersNotFound(report);
    if (noCluster.length > 0) {
      throw new UsageError(`no cluster ${noCluster.map((name) => `"${name}"`).join(', ')} in this account and Region`);
    }
    const missing = services ? servicesNotFound(report, services) : [];
    if (missing.length > 0) {
      const where = clusters ? `cluster ${clusters.join(', ')}` : 'any cluster';
      throw new UsageError(`no service ${missing.map((name) => `"${name}"`).join(', ')} in ${where}`);
    }
    const judged = applyGate(report, { services, graceMs });
    const output = renderReport(judged, format);
    const text = typeof output === 'string' ? output : `${JSON.stringify(output, null, 2)}\n`;
    if (values.output === undefined) io.stdout(text);
    else
      await writeFile(values.output, text).catch((error: Error) => {
        throw new UsageError(`cannot write ${values.output}: ${error.message}`);
      });
    return judged.status === 'HEALTHY' ? EXIT.ok : EXIT.problem;
  },
};
