import { Readable } from 'node:stream';
import type { CliIo } from '../../../shared/cli/types.js';

/** A CliIo that records output; stdin yields `stdin` text. */
export interface RecordingIo extends CliIo {
  out: () => string;
  err: () => string;
}

/** Builds a recording CliIo for command tests. */
export function fakeIo(options: { stdin?: string; env?: Record<string, string> } = {}): RecordingIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
    stderrIsTTY: false,
    env: options.env ?? {},
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
