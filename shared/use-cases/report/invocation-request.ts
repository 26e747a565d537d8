import * as v from 'valibot';

/** What one `health-report` invocation asks for, with defaults applied. */
export interface ReportInvocation {
  mode: 'report' | 'digest' | 'check';
  clusters?: string[];
  services?: string[];
  /** Only these accounts / Regions of the registry (default: every registered one). */
  accounts?: string[];
  regions?: string[];
  windowMs: number;
  format: 'json' | 'markdown' | 'slack';
  deliver: boolean;
}

/** Thrown for an input the function cannot use; the message names the field. */
export class ReportRequestError extends Error {
  override name = 'ReportRequestError';
}

/** Windows a report can cover. */
export const WINDOWS = { '1h': 3_600_000, '24h': 86_400_000 } as const;

const Names = v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(255))), v.maxLength(500));

// Unknown keys are ignored: a schedule without `input` passes EventBridge's Scheduled Event envelope.
const Input = v.object({
  mode: v.optional(v.picklist(['report', 'digest', 'check'])),
  clusters: v.optional(Names),
  services: v.optional(Names),
  accounts: v.optional(v.array(v.pipe(v.string(), v.regex(/^\d{12}$/)))),
  regions: v.optional(v.array(v.pipe(v.string(), v.regex(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/)))),
  window: v.optional(v.picklist(['1h', '24h'])),
  format: v.optional(v.picklist(['json', 'markdown', 'slack'])),
  deliver: v.optional(v.boolean()),
});

/**
 * Parses the invocation input: `{ mode?, clusters?, services?, accounts?, regions?, window?, format?, deliver? }`.
 * Defaults: mode `report`, window `1h` (`24h` for a digest), format `json`, deliver only for a digest.
 */
export function parseReportInvocation(input: unknown): ReportInvocation {
  const parsed = v.safeParse(Input, input ?? {});
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue) ?? 'input';
    throw new ReportRequestError(`${path}: ${issue.message}`);
  }
  const { mode = 'report', clusters, services, accounts, regions, window, format = 'json', deliver } = parsed.output;
  return {
    mode,
    clusters: clusters?.length ? clusters : undefined,
    services: services?.length ? services : undefined,
    ...(accounts?.length ? { accounts } : {}),
    ...(regions?.length ? { regions } : {}),
    windowMs: WINDOWS[window ?? (mode === 'digest' ? '24h' : '1h')],
    format,
    deliver: deliver ?? mode === 'digest',
  };
}
