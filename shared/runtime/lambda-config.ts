import type { LookoutConfig } from '../domain/config.js';
import { parseConfig } from './config.js';

let config: LookoutConfig | undefined;

/** The configuration, parsed once from the environment (a bad value fails the cold start, naming it). */
export function getConfig(): LookoutConfig {
  config ??= parseConfig(process.env);
  return config;
}
