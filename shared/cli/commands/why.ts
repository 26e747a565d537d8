import { createInsightsDecisionLog } from '../../adapters/logs/insights-decision-log.js';
import {
  type DecisionLine,
  formatDecision,
  formatSummary,
  isSearchableName,
  namesWhole,
  summarizeTrail,
} from '../../domain/decision-trail.js';
import type { DecisionLog } from '../../ports/decision-log.js';
import { durationFlag, parseCommandArgs } from '../args.js';
import { createCliLogsClient, DEFAULT_AWS_LIMITS, type NetworkFailures } from '../aws.js';
import { DeadlineError, describeAwsFailure } from '../aws-failure.js';
import { type CliCommand, type CliIo, EXIT, UsageError } from '../types.js';

// The functions that decide: each logs one `decision` line per event or sweep finding.
const DECIDING = ['task-state-change', 'instance-state-change', 'service-event', 'grace-sweep'];
const MAX_SINCE = '90d';
const MAX_LIMIT = 10_000;

const USAGE = `Usage: ecs-lookout why NAME [--stage STAGE] [--since DURATION] [--limit N] [--json] [--timeout DURATION]

Why did (or didn't) NAME page? Searches the deployed monitor's logs for every decision about NAME (a
service name, a task ID or a container instance ID, matched whole: api is not orders-api) and prints
them newest first, each with its reason
(first, escalated, deduplicated, grace-pending, silenced, inhibited, …, see docs/incidents.md), then when
it paged and what was held back. One CloudWatch Logs Insights query over the deciding functions' log groups
(/aws/lambda/ecs-lookout-STAGE-task-state-change, -instance-state-change, -service-event, -grace-sweep):
it costs what it scans (USD 0.005 per GB), so keep --since short. Needs logs:StartQuery, logs:GetQueryResults
and logs:StopQuery on those log groups; uses the standard AWS credential chain and Region.

  --stage STAGE           the stage the stack was deployed with (default: LOOKOUT_STAGE, else dev)
  --since DURATION        how far back to look (default 24h, at most ${MAX_SINCE})
  --limit N               at most N decisions, newest first (default 500, at most ${MAX_LIMIT})
  --json                  one JSON object per decision, then {"summary": …}
  --timeout DURATION      give up after this long in all, exit 2 (default 2m)
  --log-group-prefix P    the log groups' common prefix (default /aws/lambda/ecs-lookout-STAGE-)

Exit codes: 0 decisions found; 1 none in the window; 2 unusable arguments, a log group that does not exist
(wrong stage?), or the logs could not be read.`;

/** Builds the decision log over the given log groups; tests pass their own. */
export type DecisionLogFactory = (logGroups: string[], signal: AbortSignal, network: NetworkFailures) => DecisionLog;

const insightsLog: DecisionLogFactory = (logGroups, signal, network) =>
  createInsightsDecisionLog({
    client: createCliLogsClient({ ...DEFAULT_AWS_LIMITS, deadline: signal }, network),
    logGroups,
    signal,
  });

function limitOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new UsageError(`--limit must be 1 to ${MAX_LIMIT}, not "${text}"`);
  return n;
}

function failureLine(error: unknown, network: NetworkFailures, io: CliIo, timeout: string, stage: string): string {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  if (name === 'ResourceNotFoundException') {
    return `a log group of stage "${stage}" does not exist (${message}): give the stage the stack was deployed with (--stage, or LOOKOUT_STAGE)`;
  }
  if (name === 'AccessDeniedException') {
    return `not allowed to search the logs (${message}): the credentials need logs:StartQuery, logs:GetQueryResults and logs:StopQuery`;
  }
  return (
    describeAwsFailure(error, network, { env: io.env, timeout }) ??
    `cannot search the logs: ${String(message ?? error).split('\n')[0]}`
  );
}

/** `ecs-lookout why NAME`, with an injectable decision log (tests). */
export function whyCommand(logFor: DecisionLogFactory = insightsLog, now: () => number = Date.now): CliCommand {
  return {
    name: 'why',
    usage: USAGE,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs({
        args,
        allowPositionals: true,
        options: {
          stage: { type: 'string' },
          since: { type: 'string', default: '24h' },
          limit: { type: 'string', default: '500' },
          json: { type: 'boolean', default: false },
          timeout: { type: 'string', default: '2m' },
          'log-group-prefix': { type: 'string' },
        },
      });
      const [name, ...extra] = positionals;
      if (name === undefined) throw new UsageError('give the NAME of a service, task or container instance');
      if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (one NAME at a time)`);
      if (!isSearchableName(name)) {
        throw new UsageError('NAME is a service name, task ID or container instance ID (letters, digits, - _ . : /)');
      }
      const stage = values.stage ?? io.env.LOOKOUT_STAGE ?? 'dev';
      if (!/^[A-Za-z0-9-]+$/.test(stage)) throw new UsageError(`--stage must be a stage name, not "${stage}"`);
      const sinceMs = durationFlag(values.since, '--since', { max: MAX_SINCE });
      const limit = limitOf(values.limit);
      const timeoutMs = durationFlag(values.timeout, '--timeout');
      const prefix = values['log-group-prefix'] ?? `/aws/lambda/ecs-lookout-${stage}-`;
      const logGroups = DECIDING.map((fn) => `${prefix}${fn}`);

      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(new DeadlineError('deadline passed')), timeoutMs);
      const network: NetworkFailures = {};
      const toMs = now();
      let found: DecisionLine[];
      let lines: DecisionLine[];
      try {
        found = await logFor(logGroups, deadline.signal, network).about({
          name,
          fromMs: toMs - sinceMs,
          toMs,
          limit,
        });
        // The query matches text; keep the decisions that name NAME whole (`api` is not `orders-api`).
        lines = found.filter((line) => namesWhole(line, name));
      } catch (error) {
        const cause = deadline.signal.aborted ? new DeadlineError('deadline passed') : error;
        throw new UsageError(failureLine(cause, network, io, values.timeout, stage), { cause: error });
      } finally {
        clearTimeout(timer);
      }
      const summary = summarizeTrail(lines);
      if (values.json) {
        for (const line of lines) io.stdout(`${JSON.stringify(line)}\n`);
        io.stdout(`${JSON.stringify({ summary: { ...summary, found: lines.length, logGroups } })}\n`);
      } else if (lines.length === 0) {
        io.stdout(
          `No decision mentions "${name}" in the last ${values.since} (${logGroups.length} log groups, prefix ${prefix}).\n`,
        );
      } else {
        const capped = found.length >= limit ? ` (the newest ${limit}; --limit for more)` : '';
        io.stdout(`Decisions about "${name}" in the last ${values.since}, newest first${capped}:\n`);
        for (const line of lines) io.stdout(`${formatDecision(line)}\n`);
        io.stdout(`\n${formatSummary(summary).join('\n')}\n`);
      }
      return lines.length > 0 ? EXIT.ok : EXIT.problem;
    },
  };
}

/** The registered command. */
export const command: CliCommand = whyCommand();
