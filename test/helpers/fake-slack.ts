/**
 * A local stand-in for Slack's incoming-webhook endpoint: answers scripted responses in order
 * (the last one repeats) and records every request. Listens on 127.0.0.1 on a free port.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

/** One scripted answer: a status with body and headers, or a hang (no answer until the server closes). */
export type FakeSlackReply = { status: number; body?: string; headers?: Record<string, string> } | { hang: true };

/** Answers Slack gives, for readable scripts. */
export const SLACK_REPLIES = {
  ok: { status: 200, body: 'ok' },
  rateLimited: (retryAfterSeconds: string) => ({
    status: 429,
    body: 'rate_limited',
    headers: { 'Retry-After': retryAfterSeconds },
  }),
  serverError: { status: 500, body: 'internal_error' },
  invalidBlocks: { status: 400, body: 'invalid_blocks' },
  noService: { status: 404, body: 'no_service' },
  hang: { hang: true },
} satisfies Record<string, FakeSlackReply | ((...args: string[]) => FakeSlackReply)>;

/** A request the fake received. */
export interface FakeSlackRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed JSON body, or undefined when it isn't JSON. */
  json: unknown;
}

/** A running fake; `url` is the webhook URL to use, `close()` must be awaited in afterEach/afterAll. */
export interface FakeSlack {
  url: string;
  requests: FakeSlackRequest[];
  close(): Promise<void>;
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function answer(response: ServerResponse, reply: Exclude<FakeSlackReply, { hang: true }>): void {
  response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
  response.end(reply.body ?? '');
}

/** Starts a fake Slack webhook server that replies with `script` in order. */
export async function startFakeSlack(
  script: FakeSlackReply[],
  path = '/services/T000/B000/XXXXSECRET',
): Promise<FakeSlack> {
  const requests: FakeSlackRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
        json: parse(body),
      });
      const reply = script[Math.min(requests.length - 1, script.length - 1)] ?? SLACK_REPLIES.ok;
      if ('hang' in reply) return;
      answer(response, reply);
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    close,
  };
}
