import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSns, SNS_LIMITS } from '../../shared/domain/alerts/sns.js';
import { handleEvent } from '../../shared/use-cases/handle-event.js';
import { motoEndpoint } from '../helpers/moto.js';
import { testDeps } from '../helpers/pipeline.js';
import {
  HOSTILE_TEXT,
  type Mutation,
  mutate,
  mutation,
  realEvents,
  slackHazard,
  slackTexts,
} from './support/mutations.js';

const EVENTS = realEvents();
// Modest run counts keep CI fast; FUZZ_RUNS raises them for a longer local search.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const mutatedEvent = fc
  .tuple(fc.nat(EVENTS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([index, mutations]): [number, Mutation[], unknown] => [index, mutations, mutate(EVENTS[index], mutations)]);

/** Events that must be invalid however the rest of them looks: the envelope or detail is broken. */
const brokenEvent = fc
  .tuple(
    fc.nat(EVENTS.length - 1),
    fc.constantFrom<[string, unknown]>(
      ['detail', 'not an object'],
      ['detail', 42],
      ['detail', null],
      ['detail', undefined],
      ['source', 7],
      ['source', { nested: true }],
      ['detail-type', ['ECS Task State Change']],
    ),
  )
  .filter(([index]) => (EVENTS[index] as { source?: unknown })?.source === 'aws.ecs')
  .map(([index, [key, value]]) => {
    const event = structuredClone(EVENTS[index]) as Record<string, unknown>;
    if (value === undefined) delete event[key];
    else event[key] = value;
    return event;
  });

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
}

describe('the inertness check itself', () => {
  it.each([
    ['<!channel>', true],
    ['<https://evil.example|Open the AWS console>', true],
    ['a & b', true],
    ['bell\u0007', true],
    ['&lt;!channel&gt; &amp; fine', false],
    ['<https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services?region=us-east-1|Cluster>', false],
    ['line\nbreaks are fine', false],
  ])('%j is hazardous: %s', (text, hazardous) => {
    expect(slackHazard(text) !== undefined).toBe(hazardous);
  });
});

describe('handleEvent over mutated real events (in-memory pipeline)', () => {
  it('never throws, decides exactly once, and sends Slack only inert text', async () => {
    const { deps, slack, sns, metrics } = testDeps();
    await fc.assert(
      fc.asyncProperty(mutatedEvent, async ([, , event]) => {
        const before = slack.captured.length;
        const effects = await handleEvent(deps, event, 'fuzz');
        const decisions = effects.filter((e) => e.effect === 'decision');
        expect(decisions).toHaveLength(1);
        for (const { payload } of slack.captured.slice(before)) {
          for (const text of slackTexts(payload)) expect(slackHazard(text)).toBeUndefined();
        }
        expectNoPollution();
      }),
      { numRuns: RUNS },
    );
    expect(metrics.total('EventsProcessed')).toBe(RUNS);
    // Some mutated events stay valid and alert (one shared pipeline, so repeats are duplicates).
    expect(slack.captured.length).toBeGreaterThan(10);
    expect(sns.captured.length).toBe(slack.captured.length);
  });

  it('hostile or huge text in any string of an alerting event, and hostile log lines, reach Slack inert', async () => {
    // Events that open an incident on a fresh pipeline; each run gets a fresh pipeline so every one alerts.
    const alerting: unknown[] = [];
    for (const event of EVENTS) {
      const { deps, slack } = testDeps();
      await handleEvent(deps, event, 'probe');
      if (slack.captured.length > 0) alerting.push(event);
    }
    expect(alerting.length).toBeGreaterThan(20);
    const textEdits = fc.array(
      mutation.filter((m) => m.kind === 'set-text'),
      { minLength: 1, maxLength: 4 },
    );
    const logLines = fc.array(fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 600 })), {
      maxLength: 12,
    });
    let alerted = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(alerting.length - 1), textEdits, logLines, async (index, edits, lines) => {
        const { deps, slack } = testDeps({ LOOKOUT_LOG_LINES: '10' });
        deps.logs = { lastLines: async () => ({ lines, consoleUrl: 'https://evil.example/logs' }) };
        await handleEvent(deps, mutate(alerting[index], edits), 'fuzz');
        if (slack.captured.length > 0) alerted += 1;
        for (const { payload } of slack.captured) {
          for (const text of slackTexts(payload)) expect(slackHazard(text)).toBeUndefined();
        }
        expectNoPollution();
      }),
      { numRuns: RUNS },
    );
    // Most edits leave the event valid, so the renderer meets the hostile text.
    expect(alerted).toBeGreaterThan(RUNS / 2);
  });

  it('classifies a broken envelope or detail as invalid, logs it and counts EventsProcessed{Outcome=invalid}', async () => {
    const warnings: string[] = [];
    const { deps, metrics } = testDeps({}, {});
    deps.log = { info: () => {}, warn: (message) => warnings.push(message), error: () => {} };
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(brokenEvent, async (event) => {
        const effects = await handleEvent(deps, event, 'fuzz');
        expect(effects.find((e) => e.effect === 'decision')).toMatchObject({ category: 'invalid', reason: 'ignored' });
        invalid += 1;
        expect(metrics.total('EventsProcessed', { Outcome: 'invalid' })).toBe(invalid);
        expect(warnings.filter((w) => w === 'invalid event')).toHaveLength(invalid);
      }),
      { numRuns: Math.min(RUNS, 100) },
    );
  });

  it('renders SNS messages SNS accepts: ASCII one-line subject under 100 characters, message within the size limit', async () => {
    const { deps, sns } = testDeps();
    await fc.assert(
      fc.asyncProperty(mutatedEvent, async ([, , event]) => {
        const before = sns.captured.length;
        await handleEvent(deps, event, 'fuzz');
        for (const { alert } of sns.captured.slice(before)) {
          const payload = renderSns(alert);
          expect(payload.Subject).toMatch(/^[\x20-\x7e]{1,99}$/);
          expect(Buffer.byteLength(payload.Message, 'utf8')).toBeLessThanOrEqual(SNS_LIMITS.messageBytes);
          expect((payload.Message as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true);
        }
      }),
      { numRuns: Math.min(RUNS, 150) },
    );
  });
});

describe('the real Lambda entry (middy, runtime singletons) over mutated real events', () => {
  type Handler = (event: unknown, context: Context) => Promise<{ decisions: Array<{ category: string }> }>;
  let handler: Handler;
  const context = {
    functionName: 'ecs-lookout-task-state-change',
    awsRequestId: 'fuzz',
    getRemainingTimeInMillis: () => 25_000,
  } as unknown as Context;

  beforeAll(async () => {
    // In-memory defaults: no state table, no channels; EMF metrics and WARN logs on stdout, read back below.
    // Any AWS call (tags of an opted-in task, RunTask) goes to moto_server rather than the internet.
    vi.stubEnv('AWS_ENDPOINT_URL', motoEndpoint());
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    vi.stubEnv('LOOKOUT_METRICS_MODE', 'emf');
    vi.stubEnv('LOOKOUT_LOG_LINES', '0');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    vi.resetModules();
    const { createEventHandler } = await import('../../shared/runtime/event-handler.js');
    handler = createEventHandler() as unknown as Handler;
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  /** Runs the handler with stdout and stderr captured; returns its result (or error) and the lines written. */
  async function invoke(event: unknown) {
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    };
    // EMF metrics go to stdout; Powertools writes WARN and ERROR logs to stderr.
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    try {
      return { result: await handler(event, context), lines };
    } catch (error) {
      return { error, lines };
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  const parsed = (lines: string[]) =>
    lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

  it('never rejects; an invalid event is returned as invalid, logged as such, and counted in EMF', async () => {
    let invalidSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutatedEvent.map(([, , event]) => event),
          brokenEvent,
        ),
        async (event) => {
          const { result, error, lines } = await invoke(event);
          expect(error).toBeUndefined();
          expect(result?.decisions).toHaveLength(1);
          expectNoPollution();
          if (result?.decisions[0]?.category !== 'invalid') return;
          invalidSeen += 1;
          const records = parsed(lines);
          expect(records.some((r) => r.message === 'invalid event' && r.level === 'WARN')).toBe(true);
          const emf = records.filter((r) => r._aws !== undefined && r.EventsProcessed !== undefined);
          expect(emf.some((r) => r.Outcome === 'invalid')).toBe(true);
        },
      ),
      { numRuns: Math.min(RUNS, 200) },
    );
    expect(invalidSeen).toBeGreaterThan(10);
  });
});
