import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import type { Category } from '../domain/classify/types.js';
import { parseDuration } from '../domain/duration.js';
import type { Silence } from '../domain/incidents/silences.js';
import type { SilenceStore } from '../ports/silences.js';

/** What one silence command asks for (the CLI's arguments, or a Lambda invocation's `silence` payload). */
export type SilenceRequest =
  | {
      action: 'add';
      cluster: string;
      service?: string;
      categories?: Category[];
      /** How long from now (`2h`, `90m`), or an ISO end time. */
      for?: string;
      until?: string;
      reason: string;
      by?: string;
    }
  | { action: 'list' }
  | { action: 'remove'; id: string };

/** Thrown for a request that cannot be carried out; the message names the field. */
export class SilenceRequestError extends Error {
  override name = 'SilenceRequestError';
}

/** The longest a silence may last: a forgotten one must not hide a week of outages. */
export const MAX_SILENCE_MS = 7 * 24 * 60 * 60_000;

const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255));
const Request = v.variant('action', [
  v.object({
    action: v.literal('add'),
    cluster: Name,
    service: v.optional(Name),
    categories: v.optional(v.array(Name)),
    for: v.optional(Name),
    until: v.optional(Name),
    reason: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
    by: v.optional(Name),
  }),
  v.object({ action: v.literal('list') }),
  v.object({ action: v.literal('remove'), id: Name }),
]);

/** Parses a silence request (`{ action: add|list|remove, … }`); errors name the field. */
export function parseSilenceRequest(input: unknown): SilenceRequest {
  const parsed = v.safeParse(Request, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new SilenceRequestError(`${v.getDotPath(issue) ?? 'silence'}: ${issue.message}`);
  }
  return parsed.output as SilenceRequest;
}

function endOf(request: Extract<SilenceRequest, { action: 'add' }>, nowMs: number): number {
  if (request.for !== undefined) {
    const ms = parseDuration(request.for);
    if (ms === undefined || ms <= 0) throw new SilenceRequestError(`for: "${request.for}" is not a duration (2h, 90m)`);
    return nowMs + ms;
  }
  if (request.until !== undefined) {
    const at = Date.parse(request.until);
    if (Number.isNaN(at) || at <= nowMs)
      throw new SilenceRequestError(`until: "${request.until}" is not a future time`);
    return at;
  }
  throw new SilenceRequestError('give for (a duration) or until (a time)');
}

/** The result of a silence command: the silences it added, listed or removed. */
export interface SilenceOutcome {
  action: SilenceRequest['action'];
  silences: Silence[];
  removed?: boolean;
}

/** Carries out a silence request against the store; `by` is who asks when the request does not say. */
export async function runSilenceCommand(
  store: SilenceStore,
  request: SilenceRequest,
  nowMs: number,
  by: string,
): Promise<SilenceOutcome> {
  if (request.action === 'list') return { action: 'list', silences: await store.list(nowMs) };
  if (request.action === 'remove') return { action: 'remove', silences: [], removed: await store.remove(request.id) };
  const until = endOf(request, nowMs);
  if (until - nowMs > MAX_SILENCE_MS) throw new SilenceRequestError('a silence lasts at most 7 days');
  const silence: Silence = {
    id: randomUUID().slice(0, 8),
    cluster: request.cluster,
    from: new Date(nowMs).toISOString(),
    until: new Date(until).toISOString(),
    reason: request.reason,
    by: request.by ?? by,
  };
  if (request.service) silence.service = request.service;
  if (request.categories?.length) silence.categories = request.categories;
  await store.put(silence);
  return { action: 'add', silences: [silence] };
}

/** One line per silence: `3f2a9c1e  prod/web  until 2026-03-02 14:00 UTC  by alice: load test`. */
export function silenceLine(silence: Silence): string {
  const where = `${silence.cluster}${silence.service ? `/${silence.service}` : ''}`;
  const what = silence.categories?.length ? ` [${silence.categories.join(', ')}]` : '';
  const until = silence.until.slice(0, 16).replace('T', ' ');
  return `${silence.id}  ${where}${what}  until ${until} UTC  by ${silence.by}: ${silence.reason}`;
}
