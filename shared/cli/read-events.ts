import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { findJsonError } from './json-error.js';
import type { CliIo } from './types.js';
import { UsageError } from './types.js';

/** One event read from the command line: where it came from (`path`, `path#index`, `stdin#line`) and its JSON value. */
export interface EventInput {
  input: string;
  value: unknown;
}

const EVENT_FILE_EXTENSIONS = new Set(['.json', '.jsonl']);

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
}

/** `name line 3, column 7: invalid JSON (unexpected "}")`; never quotes the input itself. */
function invalidJson(name: string, text: string, firstLine = 1): UsageError {
  const place = findJsonError(text) ?? { line: 1, column: 1, found: 'something JSON.parse refused' };
  const line = place.line + firstLine - 1;
  return new UsageError(`${name} line ${line}, column ${place.column}: invalid JSON (unexpected ${place.found})`);
}

function fromJsonLines(lines: string[], name: string): EventInput[] {
  const inputs: EventInput[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      inputs.push({ input: `${name}#${index}`, value: JSON.parse(line) });
    } catch {
      throw invalidJson(name, line, index + 1);
    }
  }
  return inputs;
}

/** A JSON document is one event, or an array of events named `name#index`. */
function fromJsonDocument(value: unknown, name: string): EventInput[] {
  if (!Array.isArray(value)) return [{ input: name, value }];
  return value.map((item, index) => ({ input: `${name}#${index}`, value: item }));
}

/** True when the first non-blank line is a whole JSON value by itself and more lines follow: JSON Lines. */
function looksLikeJsonLines(lines: string[]): boolean {
  const filled = lines.filter((line) => line.trim() !== '');
  if (filled.length < 2) return false;
  try {
    JSON.parse(filled[0] as string);
    return true;
  } catch {
    return false;
  }
}

/**
 * Events of one input, its format told by its content (never by its name): one JSON document (an event, or an
 * array of events), or JSON Lines. Empty input is an error: a gate fed nothing must not pass.
 */
function parseText(raw: string, name: string): EventInput[] {
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new UsageError(`${name}: empty input, expected JSON or JSON Lines events`);
  const lines = text.split('\n');
  if (looksLikeJsonLines(lines)) return fromJsonLines(lines, name);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson(name, text);
  }
  if (Array.isArray(value) && value.length === 0) throw new UsageError(`${name}: an empty array, no events`);
  return fromJsonDocument(value, name);
}

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path} (${errorMessage(error)})`);
  }
}

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

async function inputsOf(path: string, io: CliIo, seen: Set<string>): Promise<EventInput[]> {
  if (path === '-') return parseText(await readStdin(io), 'stdin');
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read ${path} (${errorMessage(error)})`);
  }
  if (!isDirectory) return parseText(await readTextFile(path), path);
  const files = await eventFilesUnder(path, seen);
  if (files.length === 0) throw new UsageError(`${path}: no *.json or *.jsonl files in this directory`);
  const inputs: EventInput[] = [];
  for (const file of files) inputs.push(...parseText(await readTextFile(file), file));
  return inputs;
}

/**
 * Reads events from files (one event, an array, or JSON Lines, told by content), directories (recursively) or
 * `-` (stdin). Throws UsageError naming the path (and line) that can't be read or parsed, and for input with
 * no events at all.
 */
export async function readEventInputs(paths: string[], io: CliIo): Promise<EventInput[]> {
  const inputs: EventInput[] = [];
  const seen = new Set<string>();
  for (const path of paths) inputs.push(...(await inputsOf(path, io, seen)));
  if (inputs.length === 0) throw new UsageError('no events in the input');
  return inputs;
}
