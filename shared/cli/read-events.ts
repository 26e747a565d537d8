import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type EventInput, errorMessage, fileEvents, stdinEvents } from './event-stream.js';
import type { CliIo } from './types.js';
import { UsageError } from './types.js';

export type { EventInput } from './event-stream.js';

const EVENT_FILE_EXTENSIONS = new Set(['.json', '.jsonl']);

/**
 * `*.json` and `*.jsonl` files under a directory, recursively, in a stable (code point) order. Symbolic links
 * are followed, each real directory and file once: a link back up the tree (a loop) is not walked again, and
 * two links to one file give its events once.
 */
async function eventFilesUnder(directory: string, seen: Set<string>): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => undefined);
    if (real === undefined || seen.has(real)) return;
    seen.add(real);
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (error) {
      throw new UsageError(`cannot read directory ${dir} (${errorMessage(error)})`);
    }
    for (const entry of entries.sort()) {
      const path = join(dir, entry);
      // Broken links and sockets named *.json are not event files.
      const stats = await stat(path).catch(() => undefined);
      if (stats?.isDirectory()) await walk(path);
      else if (stats?.isFile() && EVENT_FILE_EXTENSIONS.has(extname(entry).toLowerCase())) {
        const realFile = await realpath(path);
        if (seen.has(realFile)) continue;
        seen.add(realFile);
        files.push(path);
      }
    }
  };
  await walk(directory);
  return files.sort();
}

async function* inputsOf(path: string, io: Pick<CliIo, 'stdin'>, seen: Set<string>): AsyncGenerator<EventInput[]> {
  if (path === '-') {
    yield* stdinEvents(io.stdin);
    return;
  }
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read ${path} (${errorMessage(error)})`);
  }
  if (!isDirectory) {
    yield* fileEvents(path);
    return;
  }
  const files = await eventFilesUnder(path, seen);
  if (files.length === 0) throw new UsageError(`${path}: no *.json or *.jsonl files in this directory`);
  for (const file of files) yield* fileEvents(file);
}

/**
 * Events from files (one event, an array, or JSON Lines, told by content), directories (recursively) or `-`
 * (stdin), in order, as they are read, in runs (the events of one chunk of text read): JSON Lines is parsed a line
 * at a time, so a long stream is never all in memory. Throws UsageError naming the path (and line) that can't be
 * read or parsed when the reading reaches it, after the events before it; and at the end for input with no events
 * at all.
 */
export async function* streamEventRuns(paths: string[], io: Pick<CliIo, 'stdin'>): AsyncGenerator<EventInput[]> {
  const seen = new Set<string>();
  let any = false;
  for (const path of paths) {
    for await (const run of inputsOf(path, io, seen)) {
      any = true;
      yield run;
    }
  }
  if (!any) throw new UsageError('no events in the input');
}

/**
 * Every event of the input (see streamEventRuns), read before any is returned: a path or line that can't be
 * read or parsed throws before anything is done with the others.
 */
export async function readEventInputs(paths: string[], io: Pick<CliIo, 'stdin'>): Promise<EventInput[]> {
  const inputs: EventInput[] = [];
  // One by one: a one-document file is a single run, and spreading a large array into push overflows the stack.
  for await (const run of streamEventRuns(paths, io)) for (const input of run) inputs.push(input);
  return inputs;
}
