import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpPost } from '../../../../shared/adapters/slack/http-post.js';

let server: Server | undefined;

/** A local server answering every request with `status`, `headers` and `body`, recording what it got. */
async function serve(status: number, headers: Record<string, string>, body: string) {
  const got: Array<{ method?: string; contentType?: string; body: string }> = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      got.push({
        method: request.method,
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks).toString(),
      });
      response.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('Function: httpPost answers and fails as fetch does', () => {
  it('sends the body and headers; reads status, headers and text', async () => {
    const { url, got } = await serve(429, { 'retry-after': '3' }, 'rate_limited');
    const response = await httpPost(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"text":"hi"}',
    });
    expect(got).toEqual([{ method: 'POST', contentType: 'application/json', body: '{"text":"hi"}' }]);
    expect([response.ok, response.status, response.headers.get('Retry-After')]).toEqual([false, 429, '3']);
    expect(await response.text()).toBe('rate_limited');
  });

  it('2xx is ok', async () => {
    const { url } = await serve(200, {}, 'ok');
    const response = await httpPost(url, { method: 'POST', body: '{}' });
    expect([response.ok, await response.text(), response.headers.get('retry-after')]).toEqual([true, 'ok', null]);
  });

  it('a redirect with redirect: error fails like fetch', async () => {
    const { url } = await serve(302, { location: 'https://elsewhere.example/' }, '');
    await expect(httpPost(url, { method: 'POST', body: '{}', redirect: 'error' })).rejects.toThrow('fetch failed');
  });

  it('a refused connection: TypeError "fetch failed" with the cause code', async () => {
    const { url } = await serve(200, {}, 'ok');
    server?.close();
    const error = await httpPost(url, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('an aborted signal rejects with its reason', async () => {
    const { url } = await serve(200, {}, 'ok');
    const signal = AbortSignal.abort(new DOMException('too slow', 'TimeoutError'));
    await expect(httpPost(url, { method: 'POST', body: '{}', signal })).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
