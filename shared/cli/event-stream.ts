import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { findJsonError } from './json-error.js';
import { UsageError } from './types.js';

/** One event read from the command line: where it came from (`path`, `path#index`, `stdin#line`) and its JSON value. */
export interface EventInput {
  input: string;
  value: unknown;
}

// Bytes read from a file at a time: a read's fixed cost is nothing per event, and the text stays below V8's
// large-object size (128 KiB): larger texts go to a space only full collections free, and a 256 KiB read raised a
// 10k-event replay's peak RSS by about 10 MiB (1 MiB reads by 20 MiB).
const CHUNK_BYTES = 64 * 1024;
const OPEN_BRACE = 123;
const NEWLINE = 10;

/** The first line of an error's message (Node's fs messages are one line; anything else is cut there). */
export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
}

/** `name line 3, column 7: invalid JSON (unexpected "}")`; never quotes the input itself. */
function invalidJson(name: string, text: string, firstLine = 1): UsageError {
  const place = findJsonError(text) ?? { line: 1, column: 1, found: 'something JSON.parse refused' };
  const line = place.line + firstLine - 1;
  return new UsageError(`${name} line ${line}, column ${place.column}: invalid JSON (unexpected ${place.found})`);
}

/** A JSON document is one event, or an array of events named `name#index`. */
function fromJsonDocument(value: unknown, name: string): EventInput[] {
  if (!Array.isArray(value)) return [{ input: name, value }];
  return value.map((item, index) => ({ input: `${name}#${index}`, value: item }));
}

/**
 * Events of an input that is one JSON document (an event, or an array of events), its byte order mark dropped.
 * Empty input is an error: a gate fed nothing must not pass.
 */
function documentEvents(text: string, name: string): EventInput[] {
  if (text.trim() === '') throw new UsageError(`${name}: empty input, expected JSON or JSON Lines events`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson(name, text);
  }
  if (Array.isArray(value) && value.length === 0) throw new UsageError(`${name}: an empty array, no events`);
  return fromJsonDocument(value, name);
}

/** The event on line `index` (0-based) of JSON Lines input, or undefined for a blank line. */
function lineInput(line: string, index: number, name: string): EventInput | undefined {
  // An event's line starts with its brace: no blank check for it (a trim copies the line).
  if (line.charCodeAt(0) !== OPEN_BRACE && line.trim() === '') return undefined;
  try {
    return { input: `${name}#${index}`, value: JSON.parse(line) };
  } catch {
    throw invalidJson(name, line, index + 1);
  }
}

/**
 * The text of a file in runs of whole lines (the last run is what follows the last newline), read `CHUNK_BYTES`
 * at a time into one buffer: a read is decoded up to its last newline and the bytes after it move to the front
 * for the next read, so no character is cut (a newline byte is never part of another UTF-8 character) and no
 * decoder state is kept. Reads are synchronous (a read-ahead stream's hand-off to the thread pool and back cost
 * about 7% of a replay's CPU: replay has nothing to do while it waits for its input anyway), and the event loop
 * gets a turn after each run, so V8's collector tasks still run between them (without it, peak RSS grew ~30 MiB).
 */
async function* fileTexts(path: string): AsyncGenerator<string> {
  const fail = (error: unknown) => new UsageError(`cannot read ${path} (${errorMessage(error)})`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw fail(error);
  }
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  // Bytes at the front of `buffer` after the last newline read so far.
  let held = 0;
  try {
    for (;;) {
      if (held === buffer.length) buffer = Buffer.concat([buffer], buffer.length * 2);
      let size: number;
      try {
        size = readSync(fd, buffer, held, buffer.length - held, null);
      } catch (error) {
        throw fail(error);
      }
      if (size === 0) break;
      const end = held + size;
      const cut = buffer.lastIndexOf(NEWLINE, end - 1) + 1;
      if (cut > 0) yield buffer.toString('utf8', 0, cut);
      await new Promise(setImmediate);
      held = buffer.copy(buffer, 0, cut, end);
    }
  } finally {
    closeSync(fd);
  }
  if (held > 0) yield buffer.toString('utf8', 0, held);
}

/** The text of a stream (stdin) as it arrives, decoded as UTF-8. */
async function* streamTexts(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) yield typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Tells the format of an input from its first text: JSON Lines when its first non-blank line is a JSON value by
 * itself and another non-blank line follows (an input that ends before telling has one line at most: a document). Fed the text as it grows, it
 * looks at each character once (a one-line document of many megabytes is not scanned again per chunk).
 */
class FormatSniffer {
  private lineStart = 0;
  private searched = 0;
  private firstEnd = -1;
  private checked = 0;

  /** True (JSON Lines) or false (one document) once `text` tells, undefined while it does not yet. */
  tell(text: string): boolean | undefined {
    while (this.firstEnd < 0) {
      const end = text.indexOf('\n', Math.max(this.lineStart, this.searched));
      if (end < 0) {
        this.searched = text.length;
        return undefined;
      }
      if (text.slice(this.lineStart, end).trim() !== '') this.firstEnd = end;
      else this.lineStart = end + 1;
      this.checked = end + 1;
    }
    if (text.slice(this.checked).trim() === '') {
      this.checked = text.length;
      return undefined;
    }
    return isJson(text.slice(this.lineStart, this.firstEnd));
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Events of one input as its text arrives, those of each run of text together. JSON Lines (told by the content,
 * by the first lines) is parsed a line at a time, so only the current run of lines is held; an input that
 * is one JSON document (an event or an array) is one value and is read whole. A line that is not JSON throws
 * when it is reached, once the events before it were handed on.
 */
async function* eventRunsOf(
  texts: AsyncIterable<string> | Iterable<string>,
  name: string,
): AsyncGenerator<EventInput[]> {
  const sniffer = new FormatSniffer();
  let format: boolean | undefined;
  let text = '';
  let index = 0;
  let started = false;
  for await (const chunk of texts) {
    // The byte order mark, as a whole read drops it: only before the first character.
    text = started ? text + chunk : chunk.replace(/^\uFEFF/, '');
    started ||= text !== '';
    format ??= sniffer.tell(text);
    if (format === undefined) continue;
    if (!format) {
      // One document: the rest of the same input, whole (a generator's iterator is itself: this goes on from here).
      for await (const more of texts) text += more;
      break;
    }
    const run: EventInput[] = [];
    let start = 0;
    try {
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        const input = lineInput(text.slice(start, end), index++, name);
        if (input) run.push(input);
        start = end + 1;
      }
    } catch (error) {
      if (run.length > 0) yield run;
      throw error;
    }
    text = text.slice(start);
    if (run.length > 0) yield run;
  }
  if (format !== true) {
    yield documentEvents(text, name);
    return;
  }
  const input = lineInput(text, index, name);
  if (input) yield [input];
}

/** Events of the file at `path`, as it is read (a run of lines at a time). */
export function fileEvents(path: string): AsyncGenerator<EventInput[]> {
  return eventRunsOf(fileTexts(path), path);
}

/** Events of stdin (named `stdin`), as they arrive (a run of lines at a time). */
export function stdinEvents(stdin: NodeJS.ReadableStream): AsyncGenerator<EventInput[]> {
  return eventRunsOf(streamTexts(stdin), 'stdin');
}
