import { describe, expect, it } from 'vitest';
import type { Facts } from '../../../../shared/domain/classify/types.js';
import { failureMoment } from '../../../../shared/domain/incidents/incident-state.js';

const NOW = '2026-12-01T10:00:00.000Z';
const facts = (stoppingAt?: string): Facts => ({
  account: '123456789012',
  region: 'eu-west-1',
  time: NOW,
  ...(stoppingAt === undefined ? {} : { stoppingAt }),
});

describe('Function: failureMoment (when a task failure happened)', () => {
  it.each([
    ['no stop time: the event time', undefined, NOW],
    [
      'a stop begun 5 min earlier (an ELB drain): the stop time',
      '2026-12-01T09:55:00.000Z',
      '2026-12-01T09:55:00.000Z',
    ],
    [
      'a stop begun 65 min earlier (the longest drain and stop timeout)',
      '2026-12-01T08:55:00.000Z',
      '2026-12-01T08:55:00.000Z',
    ],
    ['a stop begun 2 h earlier (a rewritten or replayed event): the event time', '2026-12-01T08:00:00.000Z', NOW],
    ['a stop time after the event: the event time', '2026-12-01T10:00:05.000Z', NOW],
    ['an unreadable stop time: the event time', 'yesterday', NOW],
    ["EventBridge's time shape without milliseconds", '2026-12-01T09:59:30Z', '2026-12-01T09:59:30.000Z'],
  ])('%s', (_name, stoppingAt, expected) => {
    const moment = failureMoment(facts(stoppingAt), NOW);
    expect(moment.text).toBe(expected);
    expect(moment.ms).toBe(Date.parse(expected));
  });
});
