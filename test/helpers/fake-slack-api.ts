/**
 * A local stand-in for Slack's Web API (chat.postMessage, chat.update), answering as Slack does: HTTP 200
 * with `{ ok, … }` bodies, `{ ok: false, error }` for errors, and 429 with Retry-After when rate-limited. It
 * keeps the channel's messages and threads, so tests assert what a workspace would show. Listens on
 * 127.0.0.1 on a free port; `apiBase` is what the channel uses instead of https://slack.com/api/.
 */
import { createServer, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

/** The one bot token the fake accepts. */
export const FAKE_BOT_TOKEN = 'xoxb-1111-2222-fake';
/** The channel that exists in the fake workspace. */
export const FAKE_CHANNEL = 'C0ALERTS';

/** A one-shot fault for the next call of a method. */
export type FakeApiFault = { error: string } | { status: 429; retryAfter: string } | { status: number };

/** A message as the workspace keeps it. */
export interface FakeMessage {
  ts: string;
  channel: string;
  text: string;
  threadTs?: string;
  broadcast?: boolean;
  attachments?: Array<{ color?: string; blocks?: unknown[] }>;
  blocks?: unknown[];
  /** How many times chat.update rewrote it. */
  edits: number;
}

/** A call the fake received, with the time it arrived (epoch ms). */
export interface FakeApiCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
  at: number;
}

/** A running fake Web API. */
export interface FakeSlackApi {
  apiBase: string;
  calls: FakeApiCall[];
  /** Messages by ts, in posting order. */
  messages: Map<string, FakeMessage>;
  /** Queues a fault for the next call(s) of `method`, answered in order before normal service resumes. */
  fail(method: string, ...faults: FakeApiFault[]): void;
  /** Deletes a message, as a person in the channel may. */
  remove(ts: string): void;
  /** Root messages (not thread replies) in posting order. */
  roots(): FakeMessage[];
  /** The replies in a root's thread, in order. */
  replies(rootTs: string): FakeMessage[];
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function reply(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

function send(response: ServerResponse, answer: Reply): void {
  response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  response.end(JSON.stringify(answer.body));
}

function validBlocks(blocks: unknown): boolean {
  return (
    blocks === undefined ||
    (Array.isArray(blocks) &&
      blocks.length <= 50 &&
      blocks.every((block) => typeof block === 'object' && block !== null && 'type' in block))
  );
}

/** Starts the fake Web API. */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: FakeApiCall[] = [];
  const messages = new Map<string, FakeMessage>();
  const faults = new Map<string, FakeApiFault[]>();
  let clock = 1_700_000_000_000;

  const handle = (method: string, args: Record<string, unknown>): Reply => {
    const fault = faults.get(method)?.shift();
    if (fault && 'error' in fault) return reply(200, { ok: false, error: fault.error });
    if (fault && fault.status === 429 && 'retryAfter' in fault) {
      return reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': fault.retryAfter });
    }
    if (fault) return reply(fault.status, { ok: false, error: 'internal_error' });
    if (args.channel !== FAKE_CHANNEL) return reply(200, { ok: false, error: 'channel_not_found' });
    const attachments = args.attachments as FakeMessage['attachments'];
    const blockSets = [args.blocks, ...(attachments ?? []).map((a) => a.blocks)];
    if (!blockSets.every(validBlocks)) return reply(200, { ok: false, error: 'invalid_blocks' });
    const text = typeof args.text === 'string' ? args.text : '';
    if (!text && !args.blocks && !attachments) return reply(200, { ok: false, error: 'no_text' });
    if (method === 'chat.postMessage') {
      const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
      if (threadTs && !messages.has(threadTs)) return reply(200, { ok: false, error: 'thread_not_found' });
      clock += 1;
      const ts = `${Math.floor(clock / 1000)}.${String(clock % 1000).padStart(6, '0')}`;
      const message: FakeMessage = { ts, channel: FAKE_CHANNEL, text, edits: 0 };
      if (threadTs) message.threadTs = threadTs;
      if (args.reply_broadcast === true) message.broadcast = true;
      if (attachments) message.attachments = attachments;
      if (Array.isArray(args.blocks)) message.blocks = args.blocks;
      messages.set(ts, message);
      return reply(200, { ok: true, channel: FAKE_CHANNEL, ts, message: { text, ts } });
    }
    if (method === 'chat.update') {
      const existing = messages.get(String(args.ts));
      if (!existing) return reply(200, { ok: false, error: 'message_not_found' });
      const next: FakeMessage = { ...existing, text, edits: existing.edits + 1 };
      if (attachments) next.attachments = attachments;
      if (Array.isArray(args.blocks)) next.blocks = args.blocks;
      messages.set(existing.ts, next);
      return reply(200, { ok: true, channel: FAKE_CHANNEL, ts: existing.ts, text });
    }
    return reply(200, { ok: false, error: 'unknown_method' });
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = (request.url ?? '').replace(/^\/api\//, '');
      let args: Record<string, unknown> = {};
      try {
        args = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        send(response, reply(200, { ok: false, error: 'invalid_json' }));
        return;
      }
      calls.push({ method, args, authorization: request.headers.authorization, at: Date.now() });
      const authorised = request.headers.authorization === `Bearer ${FAKE_BOT_TOKEN}`;
      send(response, authorised ? handle(method, args) : reply(200, { ok: false, error: 'invalid_auth' }));
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    apiBase: `http://127.0.0.1:${port}/api/`,
    calls,
    messages,
    fail(method, ...more) {
      faults.set(method, [...(faults.get(method) ?? []), ...more]);
    },
    remove(ts) {
      messages.delete(ts);
    },
    roots: () => [...messages.values()].filter((m) => !m.threadTs),
    replies: (rootTs) => [...messages.values()].filter((m) => m.threadTs === rootTs),
    close,
  };
}
