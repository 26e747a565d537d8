import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('recurses into directories, keeping only *.json and *.jsonl, sorted (a one-line file is one document)', async () => {
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
      { input: join(dir, 'a.jsonl'), value: 2 },
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
    ['broken.json', '{"id":', /broken\.json line 1, column 7: invalid JSON \(unexpected end of input\)$/],
    ['empty.json', '  \n', /empty\.json: empty input, expected JSON or JSON Lines events$/],
    ['lines.jsonl', '{"ok":1}\n{nope}\n', /lines\.jsonl line 2, column 2: invalid JSON \(unexpected "n"\)$/],
    ['pretty.json', '{\n  "a": 1,\n  "b": 2,\n}\n', /pretty\.json line 4, column 1: invalid JSON \(unexpected "}"\)$/],
    ['none.json', '[]', /none\.json: an empty array, no events$/],
  ])('throws a one-line UsageError naming %s and the line, not a byte position', async (name, content, message) => {
    const path = file(name, content);
    const error = await readEventInputs([path], fakeIo()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/\n|position/);
  });

  it('tells the format from the content, whatever the file is called', async () => {
    // Prepare: JSON Lines in a .json file, an array in a .jsonl file, one event in a file with no extension
    const lines = file('stream.json', '{"id":"a"}\n{"id":"b"}\n');
    const array = file('array.jsonl', '[{"id":"c"},\n {"id":"d"}]');
    const single = file('event', '{\n  "id": "e"\n}\n');

    // Act
    const inputs = await readEventInputs([lines, array, single], fakeIo());

    // Assess
    expect(inputs).toEqual([
      { input: `${lines}#0`, value: { id: 'a' } },
      { input: `${lines}#1`, value: { id: 'b' } },
      { input: `${array}#0`, value: { id: 'c' } },
      { input: `${array}#1`, value: { id: 'd' } },
      { input: single, value: { id: 'e' } },
    ]);
  });

  it('never quotes input bytes in an error: a terminal escape in a broken file stays out of the message', async () => {
    const path = file('hostile.json', '{"id": "\u001b]0;owned\u0007\u001b[2J"');
    const error = (await readEventInputs([path], fakeIo()).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(`${path} line 1, column 9: invalid JSON (unexpected character U+001B)`);
  });

  it.each([
    [
      'a directory with no event files',
      () => mkdirSync(join(dir, 'empty')) ?? join(dir, 'empty'),
      /no \*\.json or \*\.jsonl files/,
    ],
    ['empty stdin', () => '-', /stdin: empty input/],
  ])('throws a UsageError for %s', async (_, path, message) => {
    await expect(readEventInputs([path()], fakeIo({ stdin: '' }))).rejects.toThrow(message);
  });

  it('follows a symbolic link loop once and reads a file reached through two links once', async () => {
    // Prepare: dir/a/e.json, dir/a/loop -> dir (a loop), dir/b -> dir/a (the same files again)
    mkdirSync(join(dir, 'a'));
    file('a/e.json', '{"id":"e"}');
    symlinkSync(dir, join(dir, 'a', 'loop'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));

    // Act
    const inputs = await readEventInputs([dir], fakeIo());

    // Assess
    expect(inputs).toEqual([{ input: join(dir, 'a/e.json'), value: { id: 'e' } }]);
  });

  it('throws a UsageError naming a path that does not exist', async () => {
    const missing = join(dir, 'missing.json');
    await expect(readEventInputs([missing], fakeIo())).rejects.toThrow(
      new UsageError(`cannot read ${missing} (ENOENT: no such file or directory, stat '${missing}')`),
    );
  });
});
