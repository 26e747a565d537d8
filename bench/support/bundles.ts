import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../../scripts/build.mjs';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Functions with a handler.ts, by name. */
export function functionNames(): string[] {
  const dir = join(ROOT, 'functions');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

/** Bundle path of a function in dist/. */
export const bundlePath = (name: string) => join(ROOT, 'dist', name, 'index.mjs');

/**
 * Rebuilds dist/ with scripts/build.mjs when a bundle is missing or older than the sources it is built
 * from. Resolves to a note: '' when dist/ was fresh or rebuilt, else why the bundles measured may be stale.
 */
export function ensureBundles(): string {
  const sources = Math.max(
    ...['functions', 'shared', 'package-lock.json', 'scripts/build.mjs'].map((p) => newestMtime(join(ROOT, p))),
  );
  const bundles = functionNames().map((name) =>
    existsSync(bundlePath(name)) ? statSync(bundlePath(name)).mtimeMs : 0,
  );
  if (bundles.length > 0 && Math.min(...bundles) >= sources) return '';
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status === 0) return '';
  const reason = (result.stderr || result.stdout || 'no output').trim().split('\n').slice(-1)[0];
  return `scripts/build.mjs failed (${reason}); measured the bundles already in dist/, which may be stale`;
}

/**
 * Copies every function bundle into a private temporary directory (bundles are self-contained), so a
 * rebuild of dist/ by someone else during the measurement can't pull a file away. Name → copied path.
 */
export function snapshotBundles(): { bundles: Record<string, string>; note: string } {
  let note = ensureBundles();
  if (functionNames().some((name) => !existsSync(bundlePath(name)))) note = ensureBundles() || note;
  const dir = tempDir();
  const bundles: Record<string, string> = {};
  for (const name of functionNames()) {
    if (!existsSync(bundlePath(name))) continue;
    mkdirSync(join(dir, name));
    bundles[name] = join(dir, name, 'index.mjs');
    copyFileSync(bundlePath(name), bundles[name]);
  }
  return { bundles, note };
}

const MINIMAL_ENTRY = `
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
const RETRY = { retryMode: 'adaptive', maxAttempts: 5 };
export const clients = [
  new ECSClient(RETRY), new CloudWatchClient(RETRY), new SNSClient({ maxAttempts: 4 }),
  new DynamoDBClient(RETRY), new SSMClient(RETRY), new CloudWatchLogsClient({ maxAttempts: 2 }),
];
`;

let scratch: string | undefined;

/** A fresh directory for bench artefacts, inside one scratch directory that is removed when the process exits. */
export function tempDir(): string {
  if (!scratch) {
    const root = mkdtempSync(join(tmpdir(), 'lookout-bench-'));
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
    scratch = root;
  }
  return mkdtempSync(join(scratch, 'run-'));
}

/** Bundles `entry` (a file, or source text) into `outfile` with the settings of scripts/build.mjs. */
export async function bundleLikeTheFunctions(entry: { file: string } | { source: string }, outfile: string) {
  await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: ROOT, loader: 'js' as const, sourcefile: 'entry.mjs' } }),
    ...BUNDLE_OPTIONS,
    outfile,
  });
}

/** Builds, into a temporary directory, a bundle that only constructs the SDK clients the functions use. */
export async function buildMinimalBundle(): Promise<string> {
  const outfile = join(tempDir(), 'index.mjs');
  await bundleLikeTheFunctions({ source: MINIMAL_ENTRY }, outfile);
  return outfile;
}
