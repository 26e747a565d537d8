import { describe, expect, it } from 'vitest';
import {
  type DecisionLine,
  formatDecision,
  formatSummary,
  isSearchableName,
  namesWhole,
  summarizeTrail,
} from '../../../shared/domain/decision-trail.js';

const KEY = '123456789012/eu-west-1/prod/service/orders-api/task-failure';
const line = (at: string, reason: string, extra: Partial<DecisionLine> = {}): DecisionLine => ({
  at: `2026-12-01T${at}.000Z`,
  reason,
  ...extra,
});

describe('decision trail: searchable names', () => {
  it.each([
    ['orders-api', true],
    ['0f1e2d3c4b5a69788796a5b4c3d2e1f0', true],
    ['arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api', true],
    ['svc_2.v1', true],
    ['', false],
    ['-leading-dash', false],
    ['orders" or 1=1', false],
    ['a b', false],
    ['x'.repeat(256), false],
    ['ünïcode', false],
  ])('%j searchable: %s', (name, ok) => {
    expect(isSearchableName(name)).toBe(ok);
  });
});

describe('decision trail: a decision about a name', () => {
  it.each<[string, Partial<DecisionLine>, string, boolean]>([
    ['the incident key names the service', { incident: KEY }, 'orders-api', true],
    ['a longer name is another service', { incident: KEY }, 'api', false],
    ['nor is a prefix of a dotted name', { detail: 'service api.v2 in prod' }, 'api', false],
    ['the detail names it among words', { detail: 'service api in prod: crash loop' }, 'api', true],
    ['the summary names a task id', { summary: 'Task 0f1e2d3c of service web stopped' }, '0f1e2d3c', true],
    ['a slash or colon ends a name', { detail: 'arn:aws:ecs:eu-west-1:1:service/prod/api' }, 'api', true],
    ['nothing names it', { detail: 'service web in prod' }, 'api', false],
  ])('%s', (_name, fields, name, expected) => {
    expect(namesWhole(line('10:00:00', 'first', fields), name)).toBe(expected);
  });
});

describe('decision trail: summary', () => {
  it.each<[string, DecisionLine[], { pages: string[]; heldBack: [string, number][]; incidents: string[] }]>([
    ['nothing', [], { pages: [], heldBack: [], incidents: [] }],
    [
      'opened, deduplicated, escalated, in any order',
      [
        line('14:05:03', 'escalated', { transition: 'escalated', incident: KEY }),
        line('14:02:40', 'deduplicated', { incident: KEY }),
        line('14:02:11', 'first', { transition: 'opened', incident: KEY }),
        line('14:03:10', 'deduplicated', { incident: KEY }),
      ],
      { pages: ['opened', 'escalated'], heldBack: [['deduplicated', 2]], incidents: [KEY] },
    ],
    [
      'a silenced transition is held back, not paged',
      [
        line('10:00:00', 'silenced', { transition: 'opened', incident: KEY }),
        line('10:01:00', 'ignored'),
        line('10:02:00', 'grace-pending'),
        line('10:03:00', 'grace-pending'),
      ],
      {
        pages: [],
        heldBack: [
          ['grace-pending', 2],
          ['ignored', 1],
          ['silenced', 1],
        ],
        incidents: [KEY],
      },
    ],
  ])('%s', (_, lines, expected) => {
    const summary = summarizeTrail(lines);
    expect(summary.pages.map((p) => p.transition)).toEqual(expected.pages);
    expect(summary.heldBack).toEqual(expected.heldBack);
    expect(summary.incidents).toEqual(expected.incidents);
  });

  it('tells when it paged and what it held back, in words', () => {
    const summary = summarizeTrail([
      line('14:02:11', 'first', { transition: 'opened', incident: KEY }),
      line('14:02:40', 'deduplicated', { incident: KEY }),
      line('14:09:00', 'resolved', { transition: 'resolved', incident: KEY }),
    ]);
    expect(formatSummary(summary)).toEqual([
      'Paged 2 times: opened 2026-12-01 14:02:11Z, resolved 2026-12-01 14:09:00Z.',
      'Held back 1: deduplicated 1.',
      `Incidents: ${KEY}`,
    ]);
    expect(formatSummary(summarizeTrail([line('09:00:00', 'ignored')]))).toEqual([
      'Paged: never in this window.',
      'Held back 1: ignored 1.',
    ]);
  });

  it('prints one aligned line per decision, dashes for what a decision does not have', () => {
    expect(
      formatDecision(
        line('14:02:11', 'first', {
          transition: 'opened',
          severity: 'warning',
          category: 'app-exit',
          detail: 'first app-exit of service orders-api in prod: incident opened (warning)',
        }),
      ),
    ).toBe(
      '2026-12-01 14:02:11Z  first            opened     warning   app-exit                first app-exit of service orders-api in prod: incident opened (warning)',
    );
    expect(formatDecision(line('14:02:40', 'ignored'))).toBe(
      '2026-12-01 14:02:40Z  ignored          -          -         -',
    );
  });
});
