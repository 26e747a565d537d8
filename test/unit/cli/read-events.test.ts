import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readEventInputs } from '../../../shared/cli/read-events.js';
import { UsageError } from '../../../shared/cli/types.js';
import { fakeIo } from './fake-io.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lookout-read-'));
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('Function: readEventInputs', () => {
  it('reads one event from a JSON file, named by its path', async () => {
    const path = file('one.json', '{"id":"a"}');
    expect(await readEventInputs([path], fakeIo())).toEqual([{ input: path, value: { id: 'a' } }]);
  });

  it('names array entries path#index and JSONL lines path#line-index, skipping blank lines', async () => {
    // Prepare
    const array = file('many.json', '[{"id":"a"},{"id":"b"}]');
    const lines = file('stream.jsonl', '{"id":"c"}\n\n{"id":"d"}\n');

    // Act
    const inputs = await readEventInputs([array, lines], fakeIo());

    // Assess
    expect(inputs.map((item) => item.input)).toEqual([`${array}#0`, `${array}#1`, `${lines}#0`, `${lines}#2`]);
    expect(inputs.map((item) => (item.value as { id: string }).id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('recurses into directories, keeping only *.json and *.jsonl, sorted', async () => {
    // Prepare
    mkdirSync(join(dir, 'b'));
    file('b/z.json', '1');
    file('a.jsonl', '2');
    file('notes.md', '# not an event');
    file('c.JSON', '3');

    // Act
    const inputs = await readEventInputs([dir], fakeIo());

    // Assess
    expect(inputs).toEqual([
      { input: join(dir, 'a.jsonl#0'), value: 2 },
      { input: join(dir, 'b/z.json'), value: 1 },
      { input: join(dir, 'c.JSON'), value: 3 },
    ]);
  });

  it('reads stdin as JSON, or as JSON Lines when it is not one document', async () => {
    expect(await readEventInputs(['-'], fakeIo({ stdin: '[1,2]' }))).toEqual([
      { input: 'stdin#0', value: 1 },
      { input: 'stdin#1', value: 2 },
    ]);
    expect(await readEventInputs(['-'], fakeIo({ stdin: '{"a":1}\n{"b":2}\n' }))).toEqual([
      { input: 'stdin#0', value: { a: 1 } },
      { input: 'stdin#1', value: { b: 2 } },
    ]);
  });

  it.each([
    // name, content, message pattern
    ['broken.json', '{"id":', /broken\.json: invalid JSON \(/],
    ['empty.json', '  ', /empty\.json: empty input, expected JSON/],
    ['lines.jsonl', '{"ok":1}\n{nope}\n', /lines\.jsonl line 2: invalid JSON \(/],
  ])('throws a one-line UsageError naming %s', async (name, content, message) => {
    const path = file(name, content);
    const error = await readEventInputs([path], fakeIo()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('throws a UsageError naming a path that does not exist', async () => {
    const missing = join(dir, 'missing.json');
    await expect(readEventInputs([missing], fakeIo())).rejects.toThrow(
      new UsageError(`cannot read ${missing} (ENOENT: no such file or directory, stat '${missing}')`),
    );
  });
});
