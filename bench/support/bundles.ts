import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_OPTIONS, splitOptions } from '../../scripts/build.mjs';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Functions with a handler.ts, by name. */
export function functionNames(): string[] {
  const dir = join(ROOT, 'functions');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

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

/** Bundles `entry` (a file, or source text) into `outfile` with the settings of scripts/build.mjs, unsplit. */
export async function bundleLikeTheFunctions(entry: { file: string } | { source: string }, outfile: string) {
  await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: ROOT, loader: 'js' as const, sourcefile: 'entry.mjs' } }),
    ...BUNDLE_OPTIONS,
    outfile,
  });
}

/** A bundle built exactly as scripts/build.mjs builds a function: index.mjs, on-demand code in chunks/. */
export interface BuiltBundle {
  /** Path of index.mjs. */
  index: string;
  /** Bytes a cold start loads: index.mjs and the chunks it imports statically. */
  coldBytes: number;
  /** Bytes of every file, on-demand chunks included. */
  totalBytes: number;
  /** The AWS SDK clients in the cold-start code, as package names without `@aws-sdk/` (`client-ecs`, …). */
  clients: string[];
  /** Bytes of the cold-start code by where it comes from: an npm package, or `shared/<layer>` of the app. */
  coldBySource: Record<string, number>;
}

/** Where an esbuild input comes from: its npm package (`@aws-sdk/client-ssm`), or the app's `shared/<layer>`. */
function sourceOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (pkg?.[1]) return pkg[1];
  return /^(shared\/[^/]+|functions)\//.exec(input)?.[1] ?? 'other';
}

function describeOutput(metafile: Metafile): Omit<BuiltBundle, 'index'> {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith('/index.mjs')) ?? '';
  const cold = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const path = stack.pop() ?? '';
    if (cold.has(path) || !outputs[path]) continue;
    cold.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement') stack.push(imported.path);
  }
  const clients = new Set<string>();
  const coldBySource: Record<string, number> = {};
  for (const path of cold) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
      const match = /node_modules\/@aws-sdk\/(client-[\w-]+)\//.exec(input);
      if (match?.[1]) clients.add(match[1]);
      const source = sourceOf(input);
      coldBySource[source] = (coldBySource[source] ?? 0) + bytesInOutput;
    }
  }
  const bytes = (paths: Iterable<string>) => [...paths].reduce((sum, path) => sum + (outputs[path]?.bytes ?? 0), 0);
  return {
    coldBytes: bytes(cold),
    totalBytes: bytes(Object.keys(outputs)),
    clients: [...clients].sort(),
    coldBySource,
  };
}

/** Builds `entry` (a file, or source text) as a function bundle into a fresh temporary directory. */
export async function buildLikeAFunction(
  entry: { file: string } | { source: string; name: string },
): Promise<BuiltBundle> {
  const dir = tempDir();
  const file = 'file' in entry ? entry.file : join(dir, `${entry.name}.mjs`);
  if (!('file' in entry)) writeFileSync(file, entry.source);
  const outdir = join(dir, 'bundle');
  const nodePaths = [join(ROOT, 'node_modules')];
  const result = await build({ ...splitOptions(file, outdir), absWorkingDir: ROOT, nodePaths, metafile: true });
  if (!result.metafile) throw new Error(`esbuild gave no metafile for ${file}`);
  return { index: join(outdir, 'index.mjs'), ...describeOutput(result.metafile) };
}

/** Builds every function's real bundle (the settings of scripts/build.mjs), by function name. */
export async function buildFunctionBundles(): Promise<Record<string, BuiltBundle>> {
  const bundles: Record<string, BuiltBundle> = {};
  for (const name of functionNames()) {
    bundles[name] = await buildLikeAFunction({ file: join(ROOT, 'functions', name, 'handler.ts') });
  }
  return bundles;
}

/** How the runtime builds each client (shared/runtime/clients/*), and a harmless first call for the floor. */
const CLIENTS: Record<string, { name: string; config: string; call: string; input?: string }> = {
  'client-ecs': { name: 'ECSClient', config: 'RETRY', call: 'ListClustersCommand' },
  'client-cloudwatch': { name: 'CloudWatchClient', config: 'RETRY', call: 'ListMetricsCommand' },
  'client-cloudwatch-logs': {
    name: 'CloudWatchLogsClient',
    config: '{ maxAttempts: 2 }',
    call: 'DescribeLogGroupsCommand',
  },
  'client-sns': { name: 'SNSClient', config: '{ maxAttempts: 4 }', call: 'ListTopicsCommand' },
  'client-ssm': { name: 'SSMClient', config: 'RETRY', call: 'GetParameterCommand', input: "{ Name: 'bench' }" },
  'client-secrets-manager': { name: 'SecretsManagerClient', config: 'RETRY', call: 'ListSecretsCommand' },
  'client-dynamodb': { name: 'DynamoDBClient', config: 'RETRY', call: 'ListTablesCommand' },
};

/**
 * Source of a floor bundle: it only constructs `clients` (as the runtime does). With `firstCalls`, it also
 * exports `invoke()`, which sends one request with each client: the least a first invocation costs.
 */
export function floorSource(clients: string[], firstCalls: boolean): string {
  const known = clients.filter((client) => CLIENTS[client]).map((client) => ({ pkg: client, ...CLIENTS[client]! }));
  const imports = known.map((c) => `import { ${c.name}${firstCalls ? `, ${c.call}` : ''} } from '@aws-sdk/${c.pkg}';`);
  const made = known.map((c) => `new ${c.name}(${c.config})`);
  const lines = [
    ...imports,
    "const RETRY = { retryMode: 'adaptive', maxAttempts: 5 };",
    `export const clients = [${made.join(', ')}];`,
  ];
  if (firstCalls) {
    const calls = known.map((c, i) => `await clients[${i}].send(new ${c.call}(${c.input ?? '{}'}));`);
    lines.push(`export async function invoke() {\n  ${calls.join('\n  ')}\n}`);
  }
  return `${lines.join('\n')}\n`;
}
