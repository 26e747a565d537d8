import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './types.js';

/**
 * `parseArgs` (strict) for a command, where every mistake is a UsageError (exit 2): an unknown option, a
 * missing value, a positional where none is allowed, and a single-value option given twice (parseArgs
 * would keep the last one silently, so `--window 1h --window 24h` is refused rather than guessed).
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<ParseArgsConfig>>;
  try {
    parsed = parseArgs({ ...config, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || config.options?.[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`${token.rawName} was given more than once; give it once`);
    seen.add(token.name);
  }
  return parsed as unknown as ReturnType<typeof parseArgs<T>>;
}
