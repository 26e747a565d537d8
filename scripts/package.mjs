#!/usr/bin/env node
/**
 * Builds the bundles, packages the stack offline with osls (no AWS credentials or network needed) and
 * lints the CloudFormation with cfn-lint: `node scripts/package.mjs [osls options]`, stage from $STAGE.
 * Extra arguments go to `osls package`, e.g. `--param "clusters=prod"` or `--package <dir>`.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll, formatSizes } from './build.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const TEMPLATE = 'cloudformation-template-update-stack.json';
const MEMBER_TEMPLATE = 'infra/member-account-forwarder.yml';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** The directory osls writes to: `--package <dir>` when given, else .serverless. */
function packageDir(args) {
  const index = args.findIndex((arg) => arg === '--package' || arg.startsWith('--package='));
  if (index === -1) return '.serverless';
  const arg = args[index];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[index + 1] ?? '.serverless');
}

function requireCfnLint() {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('cfn-lint is not on PATH: install the dev tools with `pip install -r requirements-dev.txt`');
  }
}

async function main() {
  const args = process.argv.slice(2);
  const stage = process.env.STAGE || 'dev';
  requireCfnLint();

  let started = performance.now();
  console.log(formatSizes(await buildAll(root)));
  console.log(`build: ${Math.round(performance.now() - started)} ms`);

  started = performance.now();
  const osls = join(root, 'node_modules', '.bin', 'osls');
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  if (run(osls, ['package', '--stage', stage, ...args], env) !== 0) throw new Error('osls package failed');
  console.log(`osls package (stage ${stage}): ${Math.round(performance.now() - started)} ms`);

  started = performance.now();
  const template = join(packageDir(args), TEMPLATE);
  if (run('cfn-lint', [template, MEMBER_TEMPLATE]) !== 0) throw new Error(`cfn-lint found problems in ${template}`);
  console.log(`cfn-lint ${template} ${MEMBER_TEMPLATE}: clean, ${Math.round(performance.now() - started)} ms`);
}

try {
  await main();
} catch (error) {
  console.error(`package failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
