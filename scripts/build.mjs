#!/usr/bin/env node
/**
 * Bundles every function (functions/<name>/handler.ts) into dist/<name>/index.mjs with esbuild:
 * ESM, node20, minified, AWS SDK bundled. Code a function loads only on demand (`import()`, e.g. the
 * PutMetricData sink of LOOKOUT_METRICS_MODE=api) goes to dist/<name>/chunks/, outside the cold start.
 * Prints each bundle's size: what a cold start loads (index.mjs and the chunks it imports statically) and the
 * code left for later. Fails if serverless.yml names a function whose handler.ts is missing.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(import.meta.url), '../..');

// A guard for CommonJS dependencies that call require() inside an ESM bundle.
const REQUIRE_BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/** esbuild settings of every function bundle: ESM for node20, SDK bundled (module-first), minified. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  mainFields: ['module', 'main'],
  legalComments: 'none',
  sourcemap: false,
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
};

/** Function names: every functions/<name>/ that has a handler.ts. */
export function discoverFunctions(dir = root) {
  const functionsDir = join(dir, 'functions');
  if (!existsSync(functionsDir)) return [];
  return readdirSync(functionsDir)
    .filter((name) => statSync(join(functionsDir, name)).isDirectory())
    .filter((name) => existsSync(join(functionsDir, name, 'handler.ts')))
    .sort();
}

/** Function names serverless.yml expects, read from its `handler: dist/<name>/index.handler` lines. */
export function expectedFunctions(dir = root) {
  const config = readFileSync(join(dir, 'serverless.yml'), 'utf8');
  return [...config.matchAll(/^\s*handler:\s*dist\/([\w-]+)\/index\.handler\s*$/gm)].map((match) => match[1]).sort();
}

/** Options that put a function's on-demand code in `chunks/` beside its `index.mjs`, in `outdir`. */
export function splitOptions(entry, outdir) {
  return {
    ...BUNDLE_OPTIONS,
    entryPoints: [{ in: entry, out: 'index' }],
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  };
}

/** Bytes a cold start loads (index.mjs and every chunk it imports statically) and bytes loaded only on demand. */
export function coldAndOnDemand(metafile) {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith('/index.mjs'));
  const cold = new Set();
  const stack = [entry];
  while (stack.length > 0) {
    const path = stack.pop();
    if (cold.has(path) || !outputs[path]) continue;
    cold.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement') stack.push(imported.path);
  }
  const sum = (paths) => paths.reduce((total, path) => total + outputs[path].bytes, 0);
  const all = Object.keys(outputs);
  return { cold: sum([...cold]), onDemand: sum(all.filter((path) => !cold.has(path))), coldFiles: cold.size };
}

/** Builds one bundle; resolves to its cold-start and on-demand sizes in bytes. */
async function bundle(dir, name) {
  const outdir = join(dir, 'dist', name);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({ ...splitOptions(join(dir, 'functions', name, 'handler.ts'), outdir), metafile: true });
  return coldAndOnDemand(result.metafile);
}

/** Builds all bundles; throws when a handler serverless.yml needs is missing. Returns name → sizes. */
export async function buildAll(dir = root) {
  const found = discoverFunctions(dir);
  const missing = expectedFunctions(dir).filter((name) => !found.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `missing handler(s): ${missing.map((name) => `functions/${name}/handler.ts`).join(', ')} ` +
        '(serverless.yml deploys them; each must export `handler`)',
    );
  }
  if (found.length === 0) throw new Error('no functions/<name>/handler.ts found');
  const sizes = await Promise.all(found.map(async (name) => [name, await bundle(dir, name)]));
  return Object.fromEntries(sizes);
}

/** Size table, one row per bundle: cold-start bytes (and files), on-demand bytes. */
export function formatSizes(sizes) {
  const rows = Object.entries(sizes).map(([name, { cold, onDemand, coldFiles }]) => [
    `dist/${name}/`,
    String(cold),
    (cold / 1024).toFixed(1),
    String(coldFiles),
    String(onDemand),
  ]);
  const header = ['bundle', 'cold-start bytes', 'KiB', 'files', 'on-demand bytes'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    const sizes = await buildAll();
    console.log(formatSizes(sizes));
    console.log(`built ${Object.keys(sizes).length} bundles in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
