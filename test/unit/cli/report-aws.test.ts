import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCliAwsClients, type NetworkFailures } from '../../../shared/cli/aws.js';

// These run the real CLI in a child process against real sockets: no SDK mock, so what a pipeline sees is
// what is tested (exit code, the one line on stderr, and that the process ends).
const BIN = fileURLToPath(new URL('../../../shared/cli/bin.mjs', import.meta.url));
const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'lookout-home-'));
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };

/** Runs `ecs-lookout …` with only `env` (and an empty HOME, so no ~/.aws of the machine applies). */
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: EMPTY_HOME, AWS_EC2_METADATA_DISABLED: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A local TCP server that accepts connections and never answers; `stop` drops its connections and closes it. */
async function silentServer(): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return { port: typeof address === 'object' && address ? address.port : 0, stop };
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const { port, stop } = await silentServer();
  await stop();
  return port;
}

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

describe('report when AWS cannot be read (real process, real sockets)', () => {
  it('an endpoint that refuses connections: exit 2, one line naming it and what to check, no stack', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const run = await cli(['report'], { ...KEYS, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `ecs-lookout report: cannot connect to 127.0.0.1:${port} (connection refused): check AWS_ENDPOINT_URL (${endpoint})\n`,
    });
  }, 30_000);

  it('an endpoint that accepts and never answers: the --timeout deadline ends the run with exit 2', async () => {
    const { port, stop } = await silentServer();
    running.push(stop);
    const endpoint = `http://127.0.0.1:${port}`;
    const run = await cli(['report', '--timeout', '2s'], {
      ...KEYS,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
    });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `ecs-lookout report: no answer from ${endpoint} within --timeout 2s: check the network or proxy, or give a longer --timeout\n`,
    });
  }, 30_000);

  it('an unknown Region: exit 2, naming the Region to check', async () => {
    const run = await cli(['report'], { ...KEYS, AWS_REGION: 'xx-nowhere-9' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'ecs-lookout report: cannot resolve ecs.xx-nowhere-9.amazonaws.com: is the Region "xx-nowhere-9" a real AWS Region? Check AWS_REGION (or the profile\'s region) and DNS\n',
    );
  }, 30_000);

  it('AWS_PROFILE=nope: exit 2, naming the profile and how to check it', async () => {
    const run = await cli(['report'], { AWS_PROFILE: 'nope', AWS_REGION: 'us-east-1' });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'ecs-lookout report: no AWS credentials for profile "nope" (AWS_PROFILE): check that it exists (aws configure list-profiles) and is signed in (aws sso login --profile nope)\n',
    });
  }, 30_000);

  it('no Region at all: exit 2, saying where to set one', async () => {
    const run = await cli(['report'], KEYS);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'ecs-lookout report: no AWS Region: set AWS_REGION, or a region in the profile (aws configure set region …)\n',
    );
  }, 30_000);

  it('--debug adds the stack traces after the line', async () => {
    const port = await closedPort();
    const run = await cli(['report', '--debug'], {
      ...KEYS,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(2);
    const [line, ...stack] = run.stderr.trim().split('\n');
    expect(line).toMatch(/^ecs-lookout report: cannot connect to /);
    expect(stack.join('\n')).toMatch(/ECONNREFUSED[\s\S]*\n\s+at /);
  }, 30_000);
});

describe('Function: createCliAwsClients', () => {
  /** Clients pointed at a server that never answers, with the given limits. */
  async function clientsAgainstSilence(requestTimeoutMs: number, deadline: AbortSignal) {
    const { port, stop } = await silentServer();
    running.push(stop);
    vi.stubEnv('AWS_ENDPOINT_URL', `http://127.0.0.1:${port}`);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEYS.AWS_ACCESS_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', KEYS.AWS_SECRET_ACCESS_KEY);
    const failures: NetworkFailures = {};
    const clients = createCliAwsClients(
      { connectionTimeoutMs: 1_000, requestTimeoutMs, maxAttempts: 1, deadline },
      failures,
    );
    return { ...clients, failures };
  }

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('fails a request that gets no answer within requestTimeoutMs, and records it as a network failure', async () => {
    const { ecs, failures } = await clientsAgainstSilence(300, new AbortController().signal);
    const error = await ecs.send(new ListClustersCommand({})).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(failures.first).toMatchObject({ name: 'TimeoutError' });
  });

  it('aborts every request in flight when the deadline passes', async () => {
    const deadline = new AbortController();
    const { ecs, cloudwatch } = await clientsAgainstSilence(60_000, deadline.signal);
    const calls = [ecs.send(new ListClustersCommand({})), cloudwatch.send(new ListMetricsCommand({}))].map((call) =>
      call.catch((caught: unknown) => caught),
    );
    deadline.abort();
    const errors = await Promise.all(calls);
    expect(errors).toEqual([
      expect.objectContaining({ name: 'AbortError' }),
      expect.objectContaining({ name: 'AbortError' }),
    ]);
  });
});
