import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../../shared/domain/config-variables.js';
import { parseConfig } from '../../../shared/runtime/config.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/gen-docs.mjs', import.meta.url));
const DOCS = fileURLToPath(new URL('../../../docs', import.meta.url));

/** Runs gen-docs with `args`; the exit code and what it printed. */
function genDocs(...args: string[]): { code: number; output: string } {
  try {
    const stdout = execFileSync(process.execPath, [SCRIPT, ...args], { stdio: 'pipe', encoding: 'utf8' });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, output: failed.stdout + failed.stderr };
  }
}

/** A scratch copy of the two generated pages. */
function scratchDocs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gen-docs-'));
  for (const page of ['configuration.md', 'cli.md']) cpSync(join(DOCS, page), join(dir, page));
  return dir;
}

/** The names parseConfig asks the environment for. */
function variablesRead(): string[] {
  const names = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_, name) => {
      if (typeof name === 'string') names.add(name);
      return undefined;
    },
  });
  parseConfig(env);
  return [...names].sort();
}

describe('generated reference pages', () => {
  it('docs/configuration.md and docs/cli.md are what `npm run docs` generates from the code', () => {
    const { code, output } = genDocs('--check');
    expect(output).toContain('configuration.md is up to date');
    expect(output).toContain('cli.md is up to date');
    expect(code).toBe(0);
  }, 30_000);

  it('--check fails and names the page when it was edited by hand, and leaves it alone', () => {
    const dir = scratchDocs();
    const path = join(dir, 'configuration.md');
    const edited = readFileSync(path, 'utf8').replace(
      '`LOOKOUT_REPLACE_BUDGET` | `3`',
      '`LOOKOUT_REPLACE_BUDGET` | `5`',
    );
    writeFileSync(path, edited);
    const { code, output } = genDocs('--check', '--docs', dir);
    expect(code).toBe(1);
    expect(output).toMatch(/configuration\.md differs from the code's definitions; run `npm run docs`/);
    expect(readFileSync(path, 'utf8')).toBe(edited);
    expect(genDocs('--docs', dir).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(join(DOCS, 'configuration.md'), 'utf8'));
  }, 30_000);

  it('fails on a page without the generated block', () => {
    const dir = scratchDocs();
    writeFileSync(join(dir, 'cli.md'), '# CLI\n');
    const { code, output } = genDocs('--check', '--docs', dir);
    expect(code).toBe(1);
    expect(output).toMatch(/cli\.md has no <!-- generated:start/);
  }, 30_000);
});

describe('CONFIG_VARIABLES (the configuration reference)', () => {
  it('describes exactly the variables parseConfig reads', () => {
    expect(Object.keys(CONFIG_VARIABLES).sort()).toEqual(variablesRead());
  });

  it.each(Object.entries(CONFIG_VARIABLES).filter(([, variable]) => variable.default !== undefined))(
    '%s: the documented default gives the configuration an unset variable gives',
    (name, variable) => {
      expect(parseConfig({ [name]: variable.default })).toEqual(parseConfig({}));
    },
  );
});
