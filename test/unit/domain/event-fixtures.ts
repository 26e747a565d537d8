import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the recorded and hand-made ECS event fixtures. */
export const EVENT_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/events', import.meta.url));

/** One fixture: file name, the category its name promises, and the parsed JSON value. */
export interface EventFixture {
  file: string;
  expectedCategory: string;
  value: unknown;
}

/** Every `*.json` fixture, sorted by name. */
export function loadEventFixtures(): EventFixture[] {
  return readdirSync(EVENT_FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      expectedCategory: file.split('--')[0] ?? '',
      value: JSON.parse(readFileSync(join(EVENT_FIXTURES_DIR, file), 'utf8')) as unknown,
    }));
}

/** The parsed JSON of one fixture, by file name without `.json`; a fresh copy each call. */
export function eventFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EVENT_FIXTURES_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}
