import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { type DecisionLine, isSearchableName } from '../../domain/decision-trail.js';
import type { DecisionLog, DecisionQuery } from '../../ports/decision-log.js';

/**
 * The Logs Insights query for the decisions about `name`: the stack's saved `why` query
 * (infra/resources/log-queries.yml) with NAME and its limit filled in (a test keeps the two the same).
 */
export function whyQuery(name: string, limit: number): string {
  if (!isSearchableName(name)) throw new Error(`not a name to search for: ${JSON.stringify(name)}`);
  return [
    'fields @timestamp, reason, transition, severity, category, detail, incident, summary',
    '| filter message = "decision"',
    `| filter incident like "${name}" or summary like "${name}" or detail like "${name}"`,
    '| sort @timestamp desc',
    `| limit ${limit}`,
  ].join('\n');
}

/** Options of the Logs Insights decision log. */
export interface InsightsDecisionLogOptions {
  client: CloudWatchLogsClient;
  /** The deciding functions' log groups. */
  logGroups: string[];
  /** First wait between two result polls; each next one is half as long again, up to 5 s. */
  pollMs?: number;
  /** Stops polling (and the query) when it aborts: the caller's deadline. */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

const RUNNING = new Set(['Scheduled', 'Running']);
const MAX_POLL_MS = 5_000;

/** `2026-12-01 14:02:11.123` (Logs Insights' UTC time; epoch milliseconds from some emulators) as ISO. */
function isoOf(timestamp: string | undefined): string {
  if (timestamp !== undefined && /^\d{10,}$/.test(timestamp)) return new Date(Number(timestamp)).toISOString();
  const iso = `${(timestamp ?? '').replace(' ', 'T')}Z`;
  return Number.isNaN(Date.parse(iso)) ? (timestamp ?? '') : new Date(iso).toISOString();
}

function lineOf(row: ResultField[]): DecisionLine {
  const field = (name: string) => row.find((f) => f.field === name)?.value;
  const line: DecisionLine = { at: isoOf(field('@timestamp')), reason: field('reason') ?? '?' };
  for (const name of ['transition', 'severity', 'category', 'detail', 'incident', 'summary'] as const) {
    const value = field(name);
    if (value !== undefined && value !== '') line[name] = value;
  }
  return line;
}

/**
 * A DecisionLog over CloudWatch Logs Insights: one StartQuery over the log groups, then GetQueryResults until
 * the query completes. A query that fails, is cancelled or times out on the service side rejects; so does
 * the caller's signal, after stopping the query (a running query keeps scanning, and costing, otherwise).
 */
export function createInsightsDecisionLog(options: InsightsDecisionLogOptions): DecisionLog {
  const { client, logGroups, signal } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async about(query: DecisionQuery) {
      const started = await client.send(
        new StartQueryCommand({
          logGroupNames: logGroups,
          startTime: Math.floor(query.fromMs / 1000),
          endTime: Math.ceil(query.toMs / 1000),
          queryString: whyQuery(query.name, query.limit),
          limit: query.limit,
        }),
        { abortSignal: signal },
      );
      const queryId = started.queryId;
      if (!queryId) throw new Error('Logs Insights started no query (no queryId)');
      let wait = options.pollMs ?? 500;
      try {
        for (;;) {
          if (signal?.aborted) throw signal.reason ?? new Error('aborted');
          const answer = await client.send(new GetQueryResultsCommand({ queryId }), { abortSignal: signal });
          const status = answer.status ?? 'Unknown';
          if (status === 'Complete') return (answer.results ?? []).map(lineOf);
          if (!RUNNING.has(status)) throw new Error(`the Logs Insights query ended ${status}`);
          await sleep(wait);
          wait = Math.min(MAX_POLL_MS, Math.round(wait * 1.5));
        }
      } catch (error) {
        if (signal?.aborted) await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
        throw error;
      }
    },
  };
}
