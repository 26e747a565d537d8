#!/usr/bin/env node
/**
 * Generates the reference parts of docs/configuration.md and docs/cli.md from the code's own definitions: the
 * LOOKOUT_* variables of shared/domain/config-variables.ts and the commands (summaries and --help texts) of
 * shared/cli/main.ts. Only the block between `<!-- generated:start -->` and `<!-- generated:end -->` is
 * rewritten, so prose around it stays hand-written.
 * Usage: node scripts/gen-docs.mjs [--check] [--docs DIR]. --check writes nothing and exits 1 when a page
 * differs from what would be generated; exit 1 also when a page has no markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const START = '<!-- generated:start (npm run docs; do not edit by hand) -->';
const END = '<!-- generated:end -->';

// A `|` or a newline in a definition would break the table.
const cell = (text) =>
  String(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

/** The configuration table, one row per variable in definition order. */
async function configReference() {
  const { CONFIG_VARIABLES } = await tsImport('../shared/domain/config-variables.ts', import.meta.url);
  const rows = Object.entries(CONFIG_VARIABLES).map(([name, variable]) => {
    const fallback = variable.default === undefined ? `(${variable.unset ?? 'none'})` : `\`${variable.default}\``;
    return `| \`${name}\` | ${cell(fallback)} | ${cell(variable.meaning)} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The CLI reference: the top-level help, then each command's summary and its whole --help text. */
async function cliReference() {
  const { COMMANDS, HELP } = await tsImport('../shared/cli/main.ts', import.meta.url);
  const sections = ['```text', HELP, '```'];
  for (const [name, { summary, load }] of Object.entries(COMMANDS)) {
    const { command } = await load();
    sections.push('', `### \`${name}\``, '', `${summary[0].toUpperCase()}${summary.slice(1)}.`, '');
    sections.push('```text', command.usage, '```');
  }
  return sections.join('\n');
}

/** Page text with the generated block replaced; undefined when the markers are missing. */
export function replaceBlock(page, block) {
  const start = page.indexOf(START);
  const end = page.indexOf(END, start + START.length);
  if (start < 0 || end < 0) return undefined;
  return `${page.slice(0, start + START.length)}\n${block}\n${page.slice(end)}`;
}

async function main() {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, docs: { type: 'string', default: join(root, 'docs') } },
  });
  const pages = [
    ['configuration.md', await configReference()],
    ['cli.md', await cliReference()],
  ];
  let failed = 0;
  for (const [name, block] of pages) {
    const path = join(values.docs, name);
    const page = readFileSync(path, 'utf8');
    const updated = replaceBlock(page, block);
    if (updated === undefined) {
      console.error(`gen-docs: ${path} has no ${START} … ${END} block`);
      failed++;
    } else if (updated === page) {
      console.log(`gen-docs: ${path} is up to date`);
    } else if (values.check) {
      console.error(`gen-docs: ${path} differs from the code's definitions; run \`npm run docs\``);
      failed++;
    } else {
      writeFileSync(path, updated);
      console.log(`gen-docs: ${path} written`);
    }
  }
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
