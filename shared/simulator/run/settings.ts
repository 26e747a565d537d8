import type { FleetSpec } from '../types.js';
import type { RunResult } from './result.js';

/** Defaults of the simulated deployment: both channels, metrics kept in memory, remediation on. */
export function simulatorDefaults(fleet: FleetSpec): Record<string, string> {
  const region = fleet.accounts?.[0]?.region ?? fleet.region ?? 'us-east-1';
  const account = fleet.accounts?.[0]?.account ?? fleet.account ?? '123456789012';
  return {
    LOOKOUT_REMEDIATION_MODE: 'on',
    LOOKOUT_METRICS_MODE: 'memory',
    LOOKOUT_TOPIC_ARN: `arn:aws:sns:${region}:${account}:ecs-lookout-alerts`,
    LOOKOUT_SLACK_WEBHOOK_PARAM: '/ecs-lookout/slack-webhook',
    // Several accounts: the first is the monitor's own (as the deployed stack sets it); members come from config.
    ...(fleet.accounts
      ? { LOOKOUT_HOME_ACCOUNT: fleet.accounts[0]!.account, LOOKOUT_HOME_REGION: fleet.accounts[0]!.region }
      : {}),
  };
}

// Settings the simulator wires itself, whatever the environment says (the store is injected; metrics stay in memory).
const WIRED = new Set(['LOOKOUT_STATE_TABLE', 'LOOKOUT_METRICS_MODE']);

/**
 * LOOKOUT_* settings in force, lowest to highest precedence: simulator defaults, the scenario's `config`,
 * then the caller's environment (a user rehearsing their own settings). Each value says where it came from.
 */
export function layerSettings(
  defaults: Record<string, string>,
  scenario: Record<string, string> | undefined,
  env: Record<string, string | undefined> | undefined,
): RunResult['settings'] {
  const settings: RunResult['settings'] = {};
  for (const [name, value] of Object.entries(defaults)) settings[name] = { value, from: 'simulator' };
  for (const [name, value] of Object.entries(scenario ?? {})) settings[name] = { value, from: 'scenario' };
  for (const [name, value] of Object.entries(env ?? {})) {
    if (name.startsWith('LOOKOUT_') && value !== undefined && !WIRED.has(name))
      settings[name] = { value, from: 'environment' };
  }
  return settings;
}

/** The settings as the environment strings parseConfig reads. */
export function settingsEnv(settings: RunResult['settings']): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([name, { value }]) => [name, value]));
}
