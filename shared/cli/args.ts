import { type ParseArgsConfig, parseArgs } from 'node:util';
import { parseDuration } from '../domain/duration.js';
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

/**
 * A duration flag's value in ms (`90s`, `5m`, `1h`, `7d`): a UsageError for anything else, for zero unless
 * `allowZero`, and above `max` (a duration text) when it is given.
 */
export function durationFlag(text: string, flag: string, options: { allowZero?: boolean; max?: string } = {}): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0 || (!options.allowZero && ms === 0)) {
    throw new UsageError(`${flag} must be a duration like 90s, 5m or 1h, not "${text}"`);
  }
  if (options.max !== undefined && ms > (parseDuration(options.max) ?? Number.POSITIVE_INFINITY)) {
    throw new UsageError(`${flag} must be at most ${options.max}, not "${text}"`);
  }
  return ms;
}
