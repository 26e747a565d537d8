import { describe, expect, it } from 'vitest';
import { createMemorySilences } from '../../../shared/adapters/state/silences.js';
import { silenceCommand } from '../../../shared/cli/commands/silence.js';
import { UsageError } from '../../../shared/cli/types.js';

function io(env: Record<string, string> = { LOOKOUT_STATE_TABLE: 'state', USER: 'alice' }) {
  const out: string[] = [];
  return {
    out,
    io: { stdout: (t: string) => out.push(t), stderr: () => {}, stdin: process.stdin, stderrIsTTY: false, env },
  };
}

describe('Command: silence', () => {
  it('adds, lists and removes a silence in the table it is given', async () => {
    const store = createMemorySilences();
    const tables: string[] = [];
    const command = silenceCommand(async (table) => {
      tables.push(table);
      return store;
    });
    const added = io();
    const add = ['add', '--cluster', 'prod', '--service', 'web', '--for', '2h', '--reason', 'load test'];
    expect(await command.run(add, added.io)).toBe(0);
    expect(added.out.join('')).toMatch(/^[0-9a-f]{8} {2}prod\/web {2}until .* UTC {2}by alice: load test\n$/);
    const id = added.out.join('').slice(0, 8);
    const listed = io();
    expect(await command.run(['list'], listed.io)).toBe(0);
    expect(listed.out.join('')).toBe(added.out.join(''));
    const removed = io();
    expect(await command.run(['remove', id], removed.io)).toBe(0);
    expect(removed.out.join('')).toBe(`removed silence ${id}\n`);
    expect(await command.run(['remove', id], io().io)).toBe(1);
    expect(tables).toEqual(['state', 'state', 'state', 'state']);
  });

  it.each([
    [['list'], {}, 'no state table'],
    [['add', '--cluster', 'prod', '--reason', 'x'], { LOOKOUT_STATE_TABLE: 'state' }, 'give for'],
    [['mute'], { LOOKOUT_STATE_TABLE: 'state' }, 'action'],
  ])('refuses %o with a usage error', async (args, env, message) => {
    const command = silenceCommand(async () => createMemorySilences());
    const run = command.run(args, io(env as Record<string, string>).io);
    await expect(run).rejects.toThrow(UsageError);
    await expect(command.run(args, io(env as Record<string, string>).io)).rejects.toThrow(message);
  });
});
