/** Longest reason quoted in a summary sentence. */
export const MAX_SUMMARY_REASON = 300;

/** Longest name (cluster, service, container, …) quoted in a summary. */
export const MAX_SUMMARY_NAME = 120;

/** Longest summary sentence, whatever the event holds. */
export const MAX_SUMMARY_LENGTH = 1000;

/** One-line, bounded copy of untrusted text for a summary (raw, not escaped). */
export function clip(text: string, max = MAX_SUMMARY_REASON): string {
  const oneLine = text
    .slice(0, max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** ` (a, b)` from the parts that are present, without a doubled full stop; empty when none is. */
export function inParentheses(...parts: Array<string | undefined>): string {
  const texts = parts.map((part) => clip(part ?? '').replace(/\.$/, '')).filter((text) => text !== '');
  return texts.length === 0 ? '' : ` (${texts.join(', ')})`;
}

/** A name for a sentence: one line and at most MAX_SUMMARY_NAME characters. */
export function nameText(name: string): string {
  return clip(name, MAX_SUMMARY_NAME);
}

/** ` in cluster prod`, or nothing when the cluster is unknown. */
export function inCluster(cluster: string | undefined): string {
  return cluster ? ` in cluster ${nameText(cluster)}` : '';
}

/** The error name that prefixes an agent reason (`CannotPullContainerError: …` → `CannotPullContainerError`). */
export function errorName(reason: string | undefined): string | undefined {
  const match = reason === undefined ? null : /^([A-Za-z]+Error):/.exec(reason.slice(0, 80));
  return match?.[1];
}

const EXIT_MEANINGS: Readonly<Record<number, string>> = {
  126: 'command not executable',
  127: 'command not found',
  134: 'SIGABRT',
  137: 'SIGKILL',
  139: 'SIGSEGV',
  143: 'SIGTERM',
};

/** Conventional meaning of an exit code (`137` → `SIGKILL`), when it has a well-known one. */
export function exitCodeMeaning(exitCode: number | undefined): string | undefined {
  return exitCode === undefined ? undefined : EXIT_MEANINGS[exitCode];
}

/** Capitalises the first letter of a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
