import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTE,
  parseRoutes,
  ROUTE_TAGS,
  routeFor,
  routeLabel,
  routeWants,
} from '../../../../shared/domain/alerts/routing.js';
import { makeIncident } from './incident-factory.js';

const RULES = parseRoutes(
  JSON.stringify([
    {
      name: 'payments',
      match: { cluster: 'prod', service: 'payments-*' },
      team: 'payments',
      slackChannel: 'C0PAY1234',
    },
    { match: { service: 'orders-*' }, team: 'orders', slackChannel: 'C0ORD1234', minSeverity: 'critical' },
    { match: { family: 'nightly-*' }, team: 'data' },
  ]),
);

describe('Function: parseRoutes', () => {
  it('reads rules, naming a rule by its team when it has no name', () => {
    expect(RULES).toMatchObject({ ok: true, rules: [{ name: 'payments' }, { name: 'orders' }, { name: 'data' }] });
  });

  it.each([
    ['', { ok: true, rules: [] }],
    ['{', { ok: false, error: expect.stringContaining('is not JSON') }],
    ['{}', { ok: false, error: 'must be a JSON array of routes' }],
    ['[{"team": "x"}]', { ok: false, error: 'route 1: "match" needs cluster, service or family' }],
    [
      '[{"match": {"service": "a"}, "slackChannel": "#alerts"}]',
      { ok: false, error: expect.stringContaining('channel ID') },
    ],
    [
      '[{"match": {"service": "a"}, "minSeverity": "high"}]',
      { ok: false, error: expect.stringContaining('minSeverity') },
    ],
  ])('%s → %o', (text, expected) => {
    expect(parseRoutes(text)).toEqual(expected);
  });
});

describe('Function: routeFor', () => {
  const rules = RULES.ok ? RULES.rules : [];
  const service = (name: string) => makeIncident('oom', { subject: { kind: 'service', name } });

  it.each([
    [
      'a matching glob',
      service('payments-api'),
      {},
      { name: 'payments', source: 'config', team: 'payments', slackChannel: 'C0PAY1234' },
    ],
    [
      'the first rule that matches',
      service('orders-api'),
      {},
      { name: 'orders', source: 'config', minSeverity: 'critical' },
    ],
    [
      'tags before configuration',
      service('payments-api'),
      { [ROUTE_TAGS.team]: 'checkout', [ROUTE_TAGS.channel]: 'C0CHK1234' },
      { name: 'tags', source: 'tags', team: 'checkout', slackChannel: 'C0CHK1234' },
    ],
    [
      'a family rule',
      makeIncident('oom', { subject: { kind: 'family', name: 'nightly-etl' }, facts: { service: undefined } }),
      {},
      { team: 'data' },
    ],
    ['nothing claims it', service('search-api'), {}, DEFAULT_ROUTE],
    ['a tag that is not a channel ID', service('search-api'), { [ROUTE_TAGS.channel]: '#ops' }, DEFAULT_ROUTE],
  ])('routes by %s', (_, incident, tags, expected) => {
    expect(routeFor(incident, rules, tags)).toMatchObject(expected);
  });

  it.each([
    ['warning', false],
    ['critical', true],
  ] as const)('keeps a critical-only route quiet about a %s incident: %s', (severity, wanted) => {
    const route = routeFor(service('orders-api'), rules);
    expect(routeWants(route, makeIncident('app-exit', { severity }))).toBe(wanted);
  });

  it('labels routes for previews', () => {
    expect(routeLabel(routeFor(service('orders-api'), rules))).toBe('orders → C0ORD1234 (config, ≥ critical)');
    expect(routeLabel(DEFAULT_ROUTE)).toBe('default');
  });
});
