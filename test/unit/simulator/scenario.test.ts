import { describe, expect, it } from 'vitest';
import { offsetMs, parseScenario, ScenarioError } from '../../../shared/simulator/scenario.js';

const H = 3_600_000;

const minimal = () => ({
  name: 'tiny',
  description: 'one cluster',
  seed: 1,
  duration: '01:00',
  fleet: { clusters: [{ name: 'prod', instances: 2, services: [{ name: 'api', desired: 2, launchType: 'EC2' }] }] },
  actions: [] as unknown[],
  truth: { problems: [] as unknown[], remediations: [] as unknown[] },
});

describe('Function: offsetMs', () => {
  it.each([
    ['00:30', 30 * 60_000],
    ['01:30:15', 1.5 * H + 15_000],
    ['24:00', 24 * H],
    ['1.02:00', 26 * H],
    ['1.02:00:30', 26 * H + 30_000],
  ])('%s → %d ms', (offset, ms) => {
    expect(offsetMs(offset)).toBe(ms);
  });

  it.each(['1:5', '00:60', 'noon', '1.24:00', '-01:00', ''])('rejects %j', (offset) => {
    expect(offsetMs(offset)).toBeUndefined();
  });
});

describe('Function: parseScenario', () => {
  it('accepts a minimal scenario', () => {
    expect(parseScenario(minimal(), 'tiny.json').name).toBe('tiny');
  });

  it.each<[string, (s: ReturnType<typeof minimal>) => unknown, string]>([
    ['a bad offset', (s) => ({ ...s, duration: '1h' }), 'tiny.json: duration: expected an offset'],
    [
      'an unknown action',
      (s) => ({ ...s, actions: [{ at: '00:10', do: 'explode', cluster: 'prod' }] }),
      'tiny.json: actions.0.do:',
    ],
    ['an unknown key', (s) => ({ ...s, truth: { ...s.truth, extra: 1 } }), 'tiny.json: truth.extra:'],
    [
      'an unknown cluster',
      (s) => ({ ...s, actions: [{ at: '00:10', do: 'user-stop', cluster: 'staging', service: 'api' }] }),
      'tiny.json: actions.0.cluster: no cluster "staging"',
    ],
    [
      'an unknown service',
      (s) => ({
        ...s,
        truth: {
          ...s.truth,
          problems: [{ id: 'p', kind: 'x', cluster: 'prod', subject: { service: 'web' }, from: '00:10' }],
        },
      }),
      'tiny.json: truth.problems.0.service: no service "web"',
    ],
    [
      'an instance index out of range',
      (s) => ({ ...s, actions: [{ at: '00:10', do: 'lose-instance', cluster: 'prod', instance: 2 }] }),
      'tiny.json: actions.0.instance: cluster "prod" has 2 instances',
    ],
    [
      'a config name that is not LOOKOUT_*',
      (s) => ({ ...s, config: { PATH: '/bin' } }),
      'tiny.json: config.PATH: expected a LOOKOUT_* name',
    ],
  ])('names the file and field of %s', (_name, change, message) => {
    expect(() => parseScenario(change(minimal()), 'tiny.json')).toThrow(ScenarioError);
    expect(() => parseScenario(change(minimal()), 'tiny.json')).toThrow(message);
  });
});
