import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a webhook POST needs of `fetch`'s request options. */
export interface PostInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  redirect?: 'error' | 'follow' | 'manual';
  signal?: AbortSignal;
}

/** The part of `fetch`'s Response that the Slack channels read. */
export interface PostResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; entries(): Iterable<[string, string]> };
  arrayBuffer(): Promise<ArrayBuffer>;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** A `fetch`-shaped POST: the global `fetch` fits, and so does httpPost. */
export type PostFunction = (url: string | URL, init?: PostInit) => Promise<PostResponse>;

function answer(url: URL, response: IncomingMessage, body: Buffer): PostResponse {
  const status = response.statusCode ?? 0;
  const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : (value ?? null));
  const text = body.toString('utf8');
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: response.statusMessage ?? '',
    url: url.href,
    headers: {
      get: (name) => header(response.headers[name.toLowerCase()]),
      entries: () =>
        Object.entries(response.headers).flatMap(([name, value]) => {
          const joined = header(value);
          return joined === null ? [] : [[name, joined] as [string, string]];
        }),
    },
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    json: async () => JSON.parse(text),
    text: async () => text,
  };
}

/**
 * One request with node:http(s), failing as `fetch` fails (TypeError "fetch failed" with the cause; the
 * signal's reason on abort; a redirect is an error, as with `redirect: 'error'`). Node's global `fetch`
 * loads undici on its first call, about 40 ms of a cold start; node:http is already loaded by the SDK.
 */
export const httpPost: PostFunction = (url, init = {}) =>
  new Promise<PostResponse>((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const target = new URL(url);
    const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
    const failed = (cause: unknown) =>
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause }));
    const req = send(target, { method: init.method ?? 'GET', headers: init.headers, signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', failed);
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && init.redirect !== 'manual') {
          failed(new Error(`unexpected redirect (HTTP ${status})`));
          return;
        }
        resolve(answer(target, response, Buffer.concat(chunks)));
      });
    });
    req.on('error', failed);
    req.end(typeof init.body === 'string' ? init.body : undefined);
  });
