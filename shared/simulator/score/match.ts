import type { DeliveredMessage } from '../run/result.js';
import { offsetMs } from '../scenario.js';
import type { Problem } from '../types.js';

/** An opening, resolve or repeat may arrive this long after a problem ended and still be about it. */
export const PAGE_SLACK_MS = 15 * 60_000;
/** A problem that ended must see its incident resolved within this long (or by the end of the run). */
export const RESOLVE_SLACK_MS = 45 * 60_000;

/** A problem with its offsets turned into epoch ms and its subject into what an incident names. */
export interface TimedProblem {
  problem: Problem;
  from: number;
  /** Absent: it lasts past the end of the run. */
  until?: number;
  /** Service name, family, or container instance ARN. */
  subject: { kind: 'service' | 'family' | 'instance' | 'daemon'; name: string };
  page: boolean;
}

/** Resolves a problem's offsets and instance index against the run's start and the fleet's instance ARNs. */
export function timeProblem(problem: Problem, epoch: number, instanceArns: Record<string, string[]>): TimedProblem {
  const from = epoch + (offsetMs(problem.from) ?? 0);
  const until = problem.until === undefined ? undefined : epoch + (offsetMs(problem.until) ?? 0);
  const s = problem.subject;
  const subject =
    'service' in s
      ? { kind: 'service' as const, name: s.service }
      : 'family' in s
        ? { kind: 'family' as const, name: s.family }
        : 'daemon' in s
          ? { kind: 'daemon' as const, name: s.daemon }
          : { kind: 'instance' as const, name: instanceArns[problem.cluster]?.[s.instance] ?? `#${s.instance}` };
  return { problem, from, until, subject, page: problem.page !== false };
}

/** True when the message's incident is about the problem's cluster and subject. */
export function sameSubject(message: DeliveredMessage, problem: TimedProblem): boolean {
  return (
    message.cluster === problem.problem.cluster &&
    message.subject.kind === problem.subject.kind &&
    message.subject.name === problem.subject.name
  );
}

/**
 * True when the message belongs to the problem: same cluster and subject, and its transition happened
 * while the problem went on or up to PAGE_SLACK_MS after it ended (events arrive late; a `resolved`
 * up to RESOLVE_SLACK_MS, as quiet resolution waits for the incident to go quiet).
 */
export function belongsTo(message: DeliveredMessage, problem: TimedProblem, endsAt: number): boolean {
  const slack = message.transition === 'resolved' ? RESOLVE_SLACK_MS : PAGE_SLACK_MS;
  const end = (problem.until ?? endsAt) + slack;
  return sameSubject(message, problem) && message.transitionAt >= problem.from && message.transitionAt <= end;
}
