import { describe, expect, it } from 'vitest';
import { whyCommand } from '../../../shared/cli/commands/why.js';
import { UsageError } from '../../../shared/cli/types.js';
import type { DecisionLine } from '../../../shared/domain/decision-trail.js';
import type { DecisionQuery } from '../../../shared/ports/decision-log.js';
import { fakeIo } from './fake-io.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const KEY = '123456789012/eu-west-1/prod/service/orders-api/task-failure';
const TRAIL: DecisionLine[] = [
  {
    at: '2026-12-01T11:05:03.000Z',
    reason: 'escalated',
    transition: 'escalated',
    severity: 'critical',
    category: 'app-exit',
    detail: 'crash loop',
    incident: KEY,
  },
  {
    at: '2026-12-01T11:02:40.000Z',
    reason: 'deduplicated',
    severity: 'warning',
    category: 'app-exit',
    detail: 'inside the repeat interval',
    incident: KEY,
  },
  {
    at: '2026-12-01T11:02:11.000Z',
    reason: 'first',
    transition: 'opened',
    severity: 'warning',
    category: 'app-exit',
    detail: 'incident opened',
    incident: KEY,
  },
];

/** A decision log double that answers `trail` (or throws `error`) and records what it was asked. */
function recorded(trail: DecisionLine[] = TRAIL, error?: Error) {
  const asked: { groups: string[]; query: DecisionQuery }[] = [];
  const command = whyCommand(
    (groups) => ({
      async about(query) {
        asked.push({ groups, query });
        if (error) throw error;
        return trail.slice(0, query.limit);
      },
    }),
    () => NOW,
  );
  return { command, asked };
}

describe('Command: why', () => {
  it("searches the stage's deciding functions for the window and prints the trail, then the pages and what was held back", async () => {
    const { command, asked } = recorded();
    const io = fakeIo({ env: { LOOKOUT_STAGE: 'prod' } });
    expect(await command.run(['orders-api', '--since', '6h'], io)).toBe(0);
    expect(asked).toEqual([
      {
        groups: [
          '/aws/lambda/ecs-lookout-prod-task-state-change',
          '/aws/lambda/ecs-lookout-prod-instance-state-change',
          '/aws/lambda/ecs-lookout-prod-service-event',
          '/aws/lambda/ecs-lookout-prod-grace-sweep',
        ],
        query: { name: 'orders-api', fromMs: NOW - 6 * 3_600_000, toMs: NOW, limit: 500 },
      },
    ]);
    const out = io.out().split('\n');
    expect(out[0]).toBe('Decisions about "orders-api" in the last 6h, newest first:');
    expect(out[1]).toMatch(/^2026-12-01 11:05:03Z {2}escalated +escalated +critical +app-exit +crash loop$/);
    expect(out).toContain('Paged 2 times: opened 2026-12-01 11:02:11Z, escalated 2026-12-01 11:05:03Z.');
    expect(out).toContain('Held back 1: deduplicated 1.');
    expect(out).toContain(`Incidents: ${KEY}`);
  });

  it('says when the limit cut the trail, and prints JSON lines with --json', async () => {
    const { command } = recorded();
    const io = fakeIo();
    expect(await command.run(['orders-api', '--limit', '2', '--json', '--stage', 'dev'], io)).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.slice(0, 2)).toEqual(TRAIL.slice(0, 2));
    expect(lines[2].summary).toMatchObject({ found: 2, heldBack: [['deduplicated', 1]] });
    const text = fakeIo();
    await command.run(['orders-api', '--limit', '2'], text);
    expect(text.out()).toContain('newest first (the newest 2; --limit for more):');
  });

  it('keeps only the decisions that name NAME whole (the query matches any text containing it)', async () => {
    const other = { ...TRAIL[0]!, incident: '123456789012/eu-west-1/prod/service/orders-api-v2/task-failure' };
    const { command } = recorded([other, ...TRAIL.slice(1)]);
    const io = fakeIo();
    expect(await command.run(['orders-api', '--json'], io)).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.slice(0, -1)).toEqual(TRAIL.slice(1));
  });

  it('exits 1 when no decision mentions the name', async () => {
    const { command } = recorded([]);
    const io = fakeIo();
    expect(await command.run(['ghost-api', '--log-group-prefix', '/custom/'], io)).toBe(1);
    expect(io.out()).toBe('No decision mentions "ghost-api" in the last 24h (4 log groups, prefix /custom/).\n');
  });

  it.each([
    [[], /give the NAME/],
    [['a', 'b'], /one NAME at a time/],
    [['orders" or 1=1'], /NAME is a service name/],
    [['orders-api', '--since', '0s'], /--since must be/],
    [['orders-api', '--since', '100d'], /--since must be/],
    [['orders-api', '--limit', '0'], /--limit must be 1 to 10000/],
    [['orders-api', '--stage', 'prod/../x'], /--stage must be a stage name/],
  ])('refuses %j with a usage error', async (args, message) => {
    const { command, asked } = recorded();
    await expect(command.run(args, fakeIo())).rejects.toThrow(UsageError);
    await expect(command.run(args, fakeIo())).rejects.toThrow(message);
    expect(asked).toEqual([]);
  });

  it.each([
    [
      'ResourceNotFoundException',
      'Log group does not exist',
      /a log group of stage "dev" does not exist .*--stage, or LOOKOUT_STAGE/,
    ],
    ['AccessDeniedException', 'not authorized', /logs:StartQuery, logs:GetQueryResults and logs:StopQuery/],
    ['CredentialsProviderError', 'Could not load credentials', /no AWS credentials/],
    ['ThrottlingException', 'Rate exceeded', /cannot search the logs: Rate exceeded/],
  ])('explains a %s in one line', async (name, message, expected) => {
    const { command } = recorded(TRAIL, Object.assign(new Error(message), { name }));
    await expect(command.run(['orders-api'], fakeIo())).rejects.toThrow(expected);
  });
});
