import type { LookoutConfig } from '../domain/config.js';
import { ConfigError, parseConfig } from '../runtime/config.js';
import { UsageError } from './types.js';

/** The Lambdas' configuration for a CLI command; a bad variable is a usage error (exit 2) naming it. */
export function cliConfig(env: Record<string, string | undefined>): LookoutConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
