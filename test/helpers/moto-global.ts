import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the moto_server started for this test run, e.g. `http://127.0.0.1:41234`. */
    motoEndpoint: string;
  }
}

const READY_TIMEOUT_MS = 30_000;
const INSTALL_HINT = 'moto_server not found: pip install -r requirements-dev.txt';

/** A loopback port nobody is listening on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  let spawnError: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    spawnError = error.code === 'ENOENT' ? new Error(INSTALL_HINT) : error;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    if (spawnError) throw spawnError;
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}:\n${output()}`);
    if (await answers(url)) return;
  }
  throw new Error(`moto_server did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    // Negative pid: the whole process group, so the pyenv shim's python child goes too.
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/**
 * Vitest globalSetup: starts one moto_server on a free loopback port for the whole run and provides
 * its URL as `inject('motoEndpoint')` and `process.env.MOTO_ENDPOINT`. An already-running server can
 * be reused by setting MOTO_ENDPOINT before starting vitest.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const external = process.env.MOTO_ENDPOINT;
  if (external && (await answers(external))) {
    project.provide('motoEndpoint', external);
    return () => {};
  }

  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', url.split(':')[2]!], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    stop(child);
    throw error;
  }
  // Request logs are noise once it is up; keep draining so the pipe never fills.
  child.stdout?.removeListener('data', keep);
  child.stderr?.removeListener('data', keep);
  child.stdout?.resume();
  child.stderr?.resume();

  project.provide('motoEndpoint', url);
  process.env.MOTO_ENDPOINT = url;
  return () => stop(child);
}
