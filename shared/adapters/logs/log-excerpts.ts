import { type CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { type ContainerDefinition, DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { logStreamConsoleUrl } from '../../domain/alerts/links.js';
import { resourceIdFromArn } from '../../domain/arn.js';
import type { LogExcerpts } from '../../ports/log-excerpts.js';
import { fitLogLines } from './fit-log-lines.js';

/** Options of the log-excerpt reader. */
export interface LogExcerptsOptions {
  ecs: ECSClient;
  logs: CloudWatchLogsClient;
  /** How long a task definition's container definitions are reused; default 15 min (they are immutable). */
  cacheMs?: number;
  now?: () => number;
}

const DEFAULT_CACHE_MS = 15 * 60_000;
const MAX_CACHED = 200;

type Empty = { lines: string[]; consoleUrl?: string };

/** Resolves to `fallback` once `signal` aborts, so a call that ignores the signal still can't hold us. */
function onAbort(signal: AbortSignal, fallback: () => Empty): Promise<Empty> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(fallback());
    else signal.addEventListener('abort', () => resolve(fallback()), { once: true });
  });
}

/**
 * Reads the last lines of a container's `awslogs` stream: DescribeTaskDefinition (cached per ARN) for the
 * log group, region and stream prefix, then GetLogEvents from the end. Bounded by `timeoutMs`; resolves
 * to no lines on any error or unsupported driver, with the console URL whenever the stream is known.
 */
export function createLogExcerpts(options: LogExcerptsOptions): LogExcerpts {
  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { containers: ContainerDefinition[]; expiresAt: number }>();

  async function containerDefinitions(arn: string, signal: AbortSignal): Promise<ContainerDefinition[]> {
    const hit = cache.get(arn);
    if (hit && now() < hit.expiresAt) return hit.containers;
    const output = await options.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }), {
      abortSignal: signal,
    });
    const containers = output.taskDefinition?.containerDefinitions ?? [];
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(arn, { containers, expiresAt: now() + cacheMs });
    return containers;
  }

  return {
    async lastLines(input) {
      if (input.maxLines <= 0 || input.timeoutMs <= 0) return { lines: [] };
      const signal = AbortSignal.timeout(input.timeoutMs);
      let consoleUrl: string | undefined;
      const work = async (): Promise<Empty> => {
        const definition = (await containerDefinitions(input.taskDefinitionArn, signal)).find(
          (container) => container.name === input.container,
        );
        const config = definition?.logConfiguration;
        const group = config?.options?.['awslogs-group'];
        const prefix = config?.options?.['awslogs-stream-prefix'];
        // Without a prefix the stream is named after the container id, which events don't carry.
        if (config?.logDriver !== 'awslogs' || !group || !prefix) return { lines: [] };
        const stream = `${prefix}/${input.container}/${resourceIdFromArn(input.taskArn)}`;
        const clientRegion = await options.logs.config.region();
        const region = config.options?.['awslogs-region'] ?? clientRegion;
        consoleUrl = logStreamConsoleUrl(region, group, stream);
        if (region !== clientRegion) return { lines: [], consoleUrl };
        const output = await options.logs.send(
          new GetLogEventsCommand({
            logGroupName: group,
            logStreamName: stream,
            startFromHead: false,
            limit: Math.min(input.maxLines, 10_000),
          }),
          { abortSignal: signal },
        );
        const messages = (output.events ?? []).map((event) => event.message ?? '');
        return { lines: fitLogLines(messages, input.maxLines), consoleUrl };
      };
      const fallback = () => (consoleUrl ? { lines: [], consoleUrl } : { lines: [] });
      return Promise.race([work().catch(fallback), onAbort(signal, fallback)]);
    },
  };
}
