import type { Verdict } from '../../domain/classify/types.js';
import { type CheckFinding, findCheckFindings } from '../../domain/report/check-findings.js';
import type { HealthReport } from '../../domain/report/types.js';

/** The alerting pipeline's entry for findings no event announced (`getPipeline().handleVerdict`). */
export type HandleVerdict = (verdict: Verdict, dedupKey: string) => Promise<{ effect: string; reason?: string }[]>;

/** What the check did with each finding. */
export interface CheckOutcome {
  mode: 'check';
  status: HealthReport['status'];
  generatedAt: string;
  findings: (Pick<CheckFinding, 'kind' | 'cluster' | 'subject' | 'dedupKey'> & {
    decisions: string[];
    error?: string;
  })[];
}

/**
 * Primary course: find the silent failures in the report → hand each to the alerting pipeline as a
 * synthetic verdict (its dedup key makes a re-check within the hour a duplicate; the incident engine
 * dedups within an open incident anyway). Every finding is tried; if any failed, throws afterwards so
 * the platform retries the invocation (the ones that went through are then duplicates).
 */
export async function runHealthCheck(report: HealthReport, handleVerdict: HandleVerdict): Promise<CheckOutcome> {
  const outcome: CheckOutcome = { mode: 'check', status: report.status, generatedAt: report.generatedAt, findings: [] };
  const failed: string[] = [];
  for (const finding of findCheckFindings(report)) {
    const { kind, cluster, subject, dedupKey } = finding;
    try {
      const effects = await handleVerdict(finding.verdict, dedupKey);
      const decisions = effects.flatMap((effect) =>
        effect.effect === 'decision' && effect.reason ? [effect.reason] : [],
      );
      outcome.findings.push({ kind, cluster, subject, dedupKey, decisions });
    } catch (error) {
      const message = (error as Error).message;
      failed.push(`${dedupKey}: ${message}`);
      outcome.findings.push({ kind, cluster, subject, dedupKey, decisions: [], error: message });
    }
  }
  if (failed.length > 0) throw new Error(`health check: ${failed.length} finding(s) failed: ${failed.join('; ')}`);
  return outcome;
}
