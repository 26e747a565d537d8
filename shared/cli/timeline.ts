import type { Effect } from '../use-cases/effects.js';
import type { ReplaySummary } from '../use-cases/replay.js';

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
      return `          ↳ ${effect.channel.padEnd(5)} ${mark.padEnd(9)} ${effect.severity.padEnd(8)} ${effect.title}${status}`;
    }
    case 'remediation':
      return `          ↳ remediation ${effect.action} (${effect.mode}): ${effect.reason}`;
    case 'metric':
      return undefined;
  }
}

/** The closing block of a human-readable replay. */
export function formatSummary(summary: ReplaySummary, naiveMessages?: number): string {
  const lines = [
    `Events: ${summary.events} (${summary.duplicates} duplicate or stale, ${summary.invalid} invalid)`,
    `Incidents opened: ${summary.incidents}`,
    `Alerts delivered: ${summary.alerts} (each incident transition goes to Slack and SNS)`,
    `Remediations: ${summary.remediations}`,
  ];
  if (naiveMessages !== undefined) {
    lines.push(`A one-message-per-event forwarder would have sent ${naiveMessages} messages per channel.`);
  }
  return lines.join('\n');
}
