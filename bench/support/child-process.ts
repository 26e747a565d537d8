import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** A clean environment for measured children: region, fake credentials, the minimal LOOKOUT_* settings. */
export const CHILD_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOOKOUT_STATE_TABLE: 'ecs-lookout-bench',
  LOOKOUT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ecs-lookout-alerts',
  LOOKOUT_SLACK_WEBHOOK_PARAM: '/ecs-lookout/slack-webhook',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

const MARK = '__bench_result__=';

/** Prints a child's result on its own marked line, so other output on stdout can't be mistaken for it. */
export function reportToParent(result: unknown): void {
  process.stdout.write(`\n${MARK}${JSON.stringify(result)}\n`);
}

/** Runs `node args…` (env: CHILD_ENV) and returns the result it reported, or throws with its stderr. */
export function runChild<T>(args: string[], timeoutMs = 60_000, env = CHILD_ENV): T {
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: timeoutMs });
  const line = child.stdout?.split('\n').find((l) => l.startsWith(MARK));
  if (child.status !== 0 || !line) {
    const why = (child.stderr || child.error?.message || `exit ${child.status}`).trim().split('\n').slice(-3);
    throw new Error(`child ${args.slice(-1)[0]} failed: ${why.join(' | ')}`);
  }
  return JSON.parse(line.slice(MARK.length)) as T;
}

// Runs in a fresh `node`: only the import is timed, not Node's own start-up.
const IMPORT_TIMER = `
const cpu = process.cpuUsage();
const started = performance.now();
await import(process.argv[1]);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write('\\n${MARK}' + JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000 }) + '\\n');
`;

/** Time a fresh `node` process spends in `await import(bundle)` (module evaluation included): wall and CPU. */
export function importTime(bundle: string): { wallMs: number; cpuMs: number } {
  return runChild(['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(bundle).href]);
}

/** runChild without blocking this process, so a server here (the fake AWS endpoint) can answer the child. */
export function runChildAsync<T>(args: string[], timeoutMs = 60_000, env = CHILD_ENV): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let stderr = '';
    // Only the marked line matters: keep what follows the last mark (or a mark's length, in case one is split
    // across chunks), so a chatty child (EMF metrics on stdout) can't fill this process's memory.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      tail += chunk;
      const marked = tail.lastIndexOf(MARK);
      tail = marked >= 0 ? tail.slice(marked) : tail.slice(-MARK.length);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = tail.split('\n')[0] ?? '';
      if (code !== 0 || !result.startsWith(MARK)) {
        const why = (stderr || `exit ${code}`).trim().split('\n').slice(-3);
        reject(new Error(`child ${args.slice(-1)[0]} failed: ${why.join(' | ')}`));
        return;
      }
      resolve(JSON.parse(result.slice(MARK.length)) as T);
    });
  });
}

// Runs in a fresh `node`: from the import to the end of the first invocation (a function's handler, or a
// floor bundle's invoke()), with the event read from the file in argv[2].
const FIRST_INVOCATION_TIMER = `
import { readFileSync } from 'node:fs';
const event = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const context = { functionName: 'bench', awsRequestId: 'bench-1', getRemainingTimeInMillis: () => 60000 };
const cpu = process.cpuUsage();
const started = performance.now();
const module = await import(process.argv[1]);
if (module.handler) await module.handler(event, context); else await module.invoke();
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write('\\n${MARK}' + JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000 }) + '\\n');
`;

/** Time a fresh `node` spends importing `bundle` and running its first invocation on the event in `eventFile`. */
export function firstInvocationTime(
  bundle: string,
  eventFile: string,
  env: Record<string, string>,
): Promise<{ wallMs: number; cpuMs: number }> {
  return runChildAsync(
    ['--input-type=module', '-e', FIRST_INVOCATION_TIMER, pathToFileURL(bundle).href, eventFile],
    60_000,
    env,
  );
}
