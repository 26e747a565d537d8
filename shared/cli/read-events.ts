import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { CliIo } from './types.js';
import { UsageError } from './types.js';

/** One event read from the command line: where it came from (`path`, `path#index`, `stdin#line`) and its JSON value. */
export interface EventInput {
  input: string;
  value: unknown;
}

type Format = 'json' | 'jsonl' | 'auto';

const EVENT_FILE_EXTENSIONS = new Set(['.json', '.jsonl']);

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function errorMessage(error: unknown): string {
  return firstLine(error instanceof Error ? error.message : String(error));
}

function fromJsonLines(text: string, name: string): EventInput[] {
  const inputs: EventInput[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      inputs.push({ input: `${name}#${index}`, value: JSON.parse(line) });
    } catch (error) {
      throw new UsageError(`${name} line ${index + 1}: invalid JSON (${errorMessage(error)})`);
    }
  }
  return inputs;
}

/** A JSON document is one event, or an array of events named `name#index`. */
function fromJsonDocument(value: unknown, name: string): EventInput[] {
  if (!Array.isArray(value)) return [{ input: name, value }];
  return value.map((item, index) => ({ input: `${name}#${index}`, value: item }));
}

function parseText(raw: string, name: string, format: Format): EventInput[] {
  const text = raw.replace(/^\uFEFF/, '');
  if (format === 'jsonl') return fromJsonLines(text, name);
  if (text.trim() === '') throw new UsageError(`${name}: empty input, expected JSON`);
  try {
    return fromJsonDocument(JSON.parse(text), name);
  } catch (error) {
    // Without an extension to go by, a document that is not one JSON value may be JSON Lines.
    if (format === 'auto' && text.trim().includes('\n')) return fromJsonLines(text, name);
    throw new UsageError(`${name}: invalid JSON (${errorMessage(error)})`);
  }
}

function formatOf(path: string): Format {
  const extension = extname(path).toLowerCase();
  if (extension === '.jsonl') return 'jsonl';
  return extension === '.json' ? 'json' : 'auto';
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

/** `*.json` and `*.jsonl` files under a directory, recursively, in a stable (code point) order. */
async function eventFilesUnder(directory: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(directory, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot read directory ${directory} (${errorMessage(error)})`);
  }
  const files = entries.filter((entry) => EVENT_FILE_EXTENSIONS.has(extname(entry).toLowerCase()));
  const paths = files.map((entry) => join(directory, entry)).sort();
  const regular: string[] = [];
  for (const path of paths) {
    // Broken links and sockets named *.json are not event files.
    const stats = await stat(path).catch(() => undefined);
    if (stats?.isFile()) regular.push(path);
  }
  return regular;
}

async function inputsOf(path: string, io: CliIo): Promise<EventInput[]> {
  if (path === '-') return parseText(await readStdin(io), 'stdin', 'auto');
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read ${path} (${errorMessage(error)})`);
  }
  if (!isDirectory) return parseText(await readTextFile(path), path, formatOf(path));
  const inputs: EventInput[] = [];
  for (const file of await eventFilesUnder(path))
    inputs.push(...parseText(await readTextFile(file), file, formatOf(file)));
  return inputs;
}

/**
 * Reads events from files (one event or an array), JSON Lines files, directories (recursively) or `-` (stdin).
 * Throws UsageError naming the path (and line) that can't be read or parsed.
 */
export async function readEventInputs(paths: string[], io: CliIo): Promise<Array<{ input: string; value: unknown }>> {
  const inputs: EventInput[] = [];
  for (const path of paths) inputs.push(...(await inputsOf(path, io)));
  return inputs;
}
