import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { type EventInput, readEventInputs, streamEventRuns } from '../../../shared/cli/read-events.js';
import { UsageError } from '../../../shared/cli/types.js';
import { fakeIo } from './fake-io.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lookout-stream-'));
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The events a stream yields (in runs) before it ends or throws, and what it threw. */
async function drain(stream: AsyncIterable<EventInput[]>): Promise<{ inputs: EventInput[]; error?: unknown }> {
  const inputs: EventInput[] = [];
  try {
    for await (const run of stream) inputs.push(...run);
  } catch (error) {
    return { inputs, error };
  }
  return { inputs };
}

// Longer than one read of the file (256 KiB) and than the buffer itself, with characters of two to four bytes.
const LONG = 'é😀€x'.repeat(100_000);

describe('Function: streamEventRuns', () => {
  it('yields the events before a line that is not JSON, then throws naming the file and line', async () => {
    // Prepare
    const path = file('cut.jsonl', '{"id":"a"}\n\n{"id":"b"}\n{"id": nope}\n{"id":"c"}\n');

    // Act
    const { inputs, error } = await drain(streamEventRuns([path], fakeIo()));

    // Assess
    expect(inputs).toEqual([
      { input: `${path}#0`, value: { id: 'a' } },
      { input: `${path}#2`, value: { id: 'b' } },
    ]);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${path} line 4, column 8: invalid JSON (unexpected "n")`);
  });

  it('reads the paths in order and meets a missing one only when it gets there', async () => {
    const first = file('first.jsonl', '{"id":"a"}\n{"id":"b"}\n');
    const missing = join(dir, 'missing.jsonl');
    const { inputs, error } = await drain(streamEventRuns([first, missing], fakeIo()));
    expect(inputs.map((item) => item.input)).toEqual([`${first}#0`, `${first}#1`]);
    expect((error as Error).message).toMatch(/^cannot read .*missing\.jsonl \(ENOENT/);
  });

  it('keeps lines and characters whole across reads, whatever their length', async () => {
    // Prepare: lines longer than a read, multi-byte characters on every read boundary, CRLF, no final newline
    const values = [{ long: LONG }, { n: 1 }, { long: `${LONG}!` }, { last: 'ü' }];
    const path = file(
      'long.jsonl',
      `${JSON.stringify(values[0])}\r\n${values
        .slice(1)
        .map((v) => JSON.stringify(v))
        .join('\n')}`,
    );

    // Act
    const inputs = await readEventInputs([path], fakeIo());

    // Assess
    expect(inputs).toEqual(values.map((value, index) => ({ input: `${path}#${index}`, value })));
  });

  it('tells JSON Lines from one document however far apart its first two lines are', async () => {
    // Prepare: JSON Lines whose second event is a read away; a one-line array longer than a read; a single line
    const blanks = '\n'.repeat(300_000);
    const lines = file('far.jsonl', `{"id":"a"}${blanks}{"id":"b"}`);
    const array = file('array.json', JSON.stringify([{ long: LONG }, { id: 'c' }]));
    const single = file('single.jsonl', `\n\n${JSON.stringify({ long: LONG })}\n\n`);

    // Act
    const inputs = await readEventInputs([lines, array, single], fakeIo());

    // Assess
    expect(inputs.map((item) => item.input)).toEqual([
      `${lines}#0`,
      `${lines}#300000`,
      `${array}#0`,
      `${array}#1`,
      single,
    ]);
    expect(inputs.map((item) => (item.value as { long?: string }).long?.length ?? 0)).toEqual([
      0,
      0,
      LONG.length,
      0,
      LONG.length,
    ]);
  });

  it('reads stdin as it arrives, a character split between two chunks kept whole, a byte order mark dropped', async () => {
    // Prepare: "é" is two bytes; the first chunk ends between them
    const bytes = Buffer.from('\uFEFF{"name":"é"}\n{"name":"b"}\n');
    const split = bytes.indexOf(Buffer.from('é')) + 1;
    const io = { ...fakeIo(), stdin: Readable.from([bytes.subarray(0, split), bytes.subarray(split)]) };

    // Act
    const inputs = await readEventInputs(['-'], io);

    // Assess
    expect(inputs).toEqual([
      { input: 'stdin#0', value: { name: 'é' } },
      { input: 'stdin#1', value: { name: 'b' } },
    ]);
  });

  it('reads a one-document array of 300,000 events (one run) without overflowing the stack', async () => {
    const path = file('many.json', JSON.stringify(new Array(300_000).fill(1)));
    const inputs = await readEventInputs([path], fakeIo());
    expect(inputs).toHaveLength(300_000);
    expect(inputs.at(-1)).toEqual({ input: `${path}#299999`, value: 1 });
  });

  it('takes a first line that only JSON.parse accepts as its own, as the whole-file reading does', async () => {
    // A no-break space is whitespace to String#trim but not to JSON: that first line is not JSON, the file is one
    // (broken) document
    const path = file('nbsp.jsonl', '\u00A0{"id":"a"}\n{"id":"b"}\n');
    await expect(readEventInputs([path], fakeIo())).rejects.toThrow(/nbsp\.jsonl line 1, column 1: invalid JSON/);
  });
});
