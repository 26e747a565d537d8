import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/main.js';
import { fakeIo } from './fake-io.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('Function: main', () => {
  it.each([[['--version']], [['-V']], [['replay', '--version']]])('prints the version for %j', async (args) => {
    const io = fakeIo();
    expect(await main(args, io)).toBe(0);
    expect(io.out()).toBe(`ecs-lookout ${VERSION}\n`);
  });

  it.each([
    [
      ['report', '--window', '1h', '--window', '24h'],
      'ecs-lookout report: --window was given more than once; give it once',
    ],
    [
      ['report', '--format', 'json', '--format=table'],
      'ecs-lookout report: --format was given more than once; give it once',
    ],
    [
      ['preview', '--channel', 'slack', '--channel', 'sns', 'x.json'],
      'ecs-lookout preview: --channel was given more than once; give it once',
    ],
  ])('refuses a single-value flag given twice, %j, with exit 2', async (args, message) => {
    const io = fakeIo();
    expect(await main(args, io)).toBe(2);
    expect(io.err()).toBe(`${message}\n`);
  });

  it('accepts a repeatable flag given twice', async () => {
    const io = fakeIo();
    // --cluster is repeatable; the run then fails later (an empty --service), not on the repetition.
    expect(await main(['report', '--cluster', 'a', '--cluster', 'b', '--service', ' '], io)).toBe(2);
    expect(io.err()).toBe('ecs-lookout report: --service needs a name\n');
  });

  it('strips control characters from what it prints about the input', async () => {
    const io = fakeIo();
    expect(await main(['classify', '/nonexistent/\u001b]0;pwned\u0007\u001b[2J.json'], io)).toBe(2);
    expect(io.err()).toBe(
      "ecs-lookout classify: cannot read /nonexistent/]0;pwned[2J.json (ENOENT: no such file or directory, stat '/nonexistent/]0;pwned[2J.json')\n",
    );
  });
});
