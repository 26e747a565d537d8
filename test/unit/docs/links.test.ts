import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

/** README.md and every markdown page under docs/, as paths relative to the repository. */
function pages(): string[] {
  const found = ['README.md'];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) found.push(path);
    }
  };
  walk('docs');
  return found;
}

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (heading ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every link and image target of a page that points inside the repository. */
function localTargets(markdown: string): string[] {
  const text = prose(markdown);
  const targets = [
    ...[...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] as string),
    ...[...text.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] as string),
    ...[...text.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string),
  ];
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Why a link from `page` to `target` does not resolve, or undefined when it does. */
function brokenBecause(page: string, target: string): string | undefined {
  const [pathPart = '', anchor] = target.split('#');
  const file = pathPart === '' ? join(ROOT, page) : resolve(join(ROOT, dirname(page)), decodeURI(pathPart));
  if (!file.startsWith(ROOT)) return 'points outside the repository';
  if (!existsSync(file)) return `${relative(ROOT, file)} does not exist`;
  if (anchor === undefined || anchor === '') return undefined;
  if (!file.endsWith('.md')) return undefined;
  return anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor))
    ? undefined
    : `${relative(ROOT, file)} has no heading #${anchor}`;
}

describe('links in README.md and docs/', () => {
  it('finds the pages to check', () => {
    expect(pages()).toEqual(expect.arrayContaining(['README.md', join('docs', 'README.md')]));
  });

  it('lists every docs page in the index, docs/README.md', () => {
    const index = localTargets(readFileSync(join(ROOT, 'docs', 'README.md'), 'utf8')).map(
      (target) => target.split('#')[0],
    );
    const unlisted = pages()
      .filter((page) => page.startsWith(`docs${sep}`) && page !== join('docs', 'README.md'))
      .filter((page) => !index.includes(relative('docs', page)));
    expect(unlisted).toEqual([]);
  });

  it.each([
    ['docs/no-such-page.md', 'docs/no-such-page.md does not exist'],
    ['docs/README.md#no-such-heading', 'docs/README.md has no heading #no-such-heading'],
    ['#no-such-heading', 'README.md has no heading #no-such-heading'],
    ['../../outside.md', 'points outside the repository'],
  ])('reports a link to %s as broken', (target, why) => {
    expect(brokenBecause('README.md', target)).toBe(why);
  });

  it.each(pages())('every relative link and #anchor in %s resolves', (page) => {
    const broken = localTargets(readFileSync(join(ROOT, page), 'utf8'))
      .map((target) => ({ target, why: brokenBecause(page, target) }))
      .filter((link) => link.why !== undefined);
    expect(broken).toEqual([]);
  });
});

describe('anchorsOf (GitHub heading anchors)', () => {
  it.each([
    ['## Quick start', 'quick-start'],
    ['### Package (offline) and deploy', 'package-offline-and-deploy'],
    ['## EventBridge patterns (`infra/event-patterns.json`)', 'eventbridge-patterns-infraevent-patternsjson'],
    ['## Incidents: from events to a few alerts', 'incidents-from-events-to-a-few-alerts'],
    [
      '### JSON schema (`schemaVersion: 1`; fields are only added within a version)',
      'json-schema-schemaversion-1-fields-are-only-added-within-a-version',
    ],
  ])('%s → #%s', (heading, anchor) => {
    expect([...anchorsOf(`${heading}\n`)]).toEqual([anchor]);
  });

  it('numbers a repeated heading and ignores headings inside code blocks', () => {
    expect([...anchorsOf('## Remove\n\n```sh\n# not a heading\n```\n## Remove\n')]).toEqual(['remove', 'remove-1']);
  });
});
