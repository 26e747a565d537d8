import type { DecisionEffect, Effect } from '../use-cases/effects.js';
import type { ReplaySummary } from '../use-cases/replay.js';
import { count } from './plural.js';

const TRANSITION_MARK: Record<string, string> = {
  opened: 'OPENED',
  escalated: 'ESCALATED',
  repeated: 'REPEATED',
  resolved: 'RESOLVED',
};

/** Shortens an incident key `account/region/cluster/kind/name/group` to `cluster/name/group`. */
export function shortIncident(key: string): string {
  const parts = key.split('/');
  return parts.length >= 6 ? `${parts[2]}/${parts.slice(4, -1).join('/').split(':').pop()}/${parts.at(-1)}` : key;
}

/** One human line for an effect in the replay timeline; metrics are left to the summary. */
export function formatTimelineLine(effect: Effect): string | undefined {
  switch (effect.effect) {
    case 'decision': {
      const time = effect.at.slice(11, 19);
      const incident = effect.incident ? `  [${shortIncident(effect.incident)}]` : '';
      return `${time}  ${effect.category.padEnd(22)} ${effect.reason.padEnd(15)} ${effect.detail}${incident}`;
    }
    case 'alert': {
      const status = effect.ok ? '' : `  FAILED: ${effect.error ?? ''}`;
      const mark = TRANSITION_MARK[effect.transition] ?? effect.transition;
      const route = effect.route
        ? `  [route ${effect.route}${effect.skipped ? ', below its minimum: not sent' : ''}]`
        : '';
      return `          ↳ ${effect.channel.padEnd(5)} ${mark.padEnd(9)} ${effect.severity.padEnd(8)} ${effect.title}${status}${route}`;
    }
    case 'remediation':
      return `          ↳ remediation ${effect.action} (${effect.mode}): ${effect.reason}`;
    case 'metric':
      return undefined;
  }
}

/** What an offline replay would have done, counted from its effects. */
export interface ReplayTally {
  /** Alert payloads rendered for a channel (each would be one message). */
  alerts: number;
  /** Distinct incident transitions behind those alerts. */
  transitions: number;
  channels: string[];
  /** Actions that would have been taken (RunTask, drain, deregister). */
  remediations: number;
  /** Actions found already done for their failure: no-ops, not counted as remediations. */
  alreadyHandled: number;
  /** Actions refused or skipped (over budget, no network, failed). */
  notTaken: number;
  /** Events that could not be parsed, listed apart from the timeline. */
  invalid: DecisionEffect[];
}

/**
 * Prints a replay as a timeline: each line under the date it belongs to (a `── 2026-11-27 ──` line whenever the
 * date changes, so a stream over midnight never seems to run backwards). Invalid events have no trustworthy
 * time and are kept for `formatInvalid`, not shown in the timeline.
 */
export function createTimeline(write: (line: string) => void) {
  const tally: ReplayTally = {
    alerts: 0,
    transitions: 0,
    channels: [],
    remediations: 0,
    alreadyHandled: 0,
    notTaken: 0,
    invalid: [],
  };
  const transitions = new Set<string>();
  let date: string | undefined;
  return {
    tally,
    /** Counts the effect and, when it is part of the timeline, prints it. */
    add(effect: Effect, print: boolean): void {
      if (effect.effect === 'decision' && effect.category === 'invalid') {
        tally.invalid.push(effect);
        return;
      }
      if (effect.effect === 'alert' && effect.ok) {
        tally.alerts++;
        transitions.add(`${effect.incident}#${effect.transition}`);
        tally.transitions = transitions.size;
        if (!tally.channels.includes(effect.channel)) tally.channels.push(effect.channel);
      }
      if (effect.effect === 'remediation') {
        if (effect.outcome === 'started' || effect.outcome === 'would-start') tally.remediations++;
        else if (effect.outcome === 'already-done') tally.alreadyHandled++;
        else tally.notTaken++;
      }
      if (!print) return;
      if (effect.effect === 'decision' && effect.at.slice(0, 10) !== date) {
        date = effect.at.slice(0, 10);
        write(`── ${date} ──`);
      }
      const line = formatTimelineLine(effect);
      if (line) write(line);
    },
  };
}

/** The invalid events of a replay, each with where it came from and what is wrong with it. */
export function formatInvalid(invalid: DecisionEffect[]): string | undefined {
  if (invalid.length === 0) return undefined;
  const lines = invalid.map((effect) => `  ${effect.input}: ${effect.detail}`);
  return [`${count(invalid.length, 'invalid event')} (not replayed):`, ...lines].join('\n');
}

const CHANNEL_NAMES: Record<string, string> = { slack: 'Slack', sns: 'SNS' };

/**
 * The closing block of a human-readable replay. Replay sends nothing and changes nothing, so it says what
 * would have happened: "would send", "would remediate", and an "already handled" no-op is not a remediation.
 */
export function formatSummary(summary: ReplaySummary, tally: ReplayTally, naiveMessages?: number): string {
  const channels = tally.channels.map((name) => CHANNEL_NAMES[name] ?? name).join(' and ');
  const alerts =
    tally.alerts === 0
      ? 'Alerts it would send: 0'
      : `Alerts it would send: ${tally.alerts} (${count(tally.transitions, 'incident transition')} to ${channels}; nothing was sent)`;
  const aside = [
    tally.alreadyHandled ? `${tally.alreadyHandled} already handled` : '',
    tally.notTaken ? `${tally.notTaken} refused or skipped` : '',
  ].filter(Boolean);
  const lines = [
    `Events: ${summary.events} (${summary.duplicates} duplicate or stale, ${summary.invalid} invalid)`,
    `Incidents opened: ${summary.incidents}`,
    alerts,
    `Remediations it would perform: ${tally.remediations}${aside.length ? ` (${aside.join(', ')}: not counted)` : ''}`,
  ];
  if (naiveMessages !== undefined) {
    lines.push(`A one-message-per-event forwarder would have sent ${count(naiveMessages, 'message')} per channel.`);
  }
  return lines.join('\n');
}
