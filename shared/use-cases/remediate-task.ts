import type { Verdict } from '../domain/classify/types.js';
import type { TaskEvent } from '../domain/events/types.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';

type StoppedTaskModule = typeof import('./remediate-stopped-task.js');
// Loaded once per container: a dynamic import() resolves its specifier again on every call.
let stoppedTaskModule: Promise<StoppedTaskModule> | undefined;

/**
 * Plans and runs the remediation a stopped task calls for; the outcome becomes a line of the alert of
 * `noteOn` (the incident whose alert is about to go out), when given.
 */
export async function remediateTask(
  deps: PipelineDeps,
  verdict: Verdict,
  event: TaskEvent,
  effects: EffectLog,
  nowMs: number,
  expiresAt: number,
  noteOn?: string,
): Promise<void> {
  if (verdict.remediation !== 'replace-task' || deps.config.remediation.mode === 'off') return;
  // Only a standalone task stopped for a replaceable cause gets here: the planning and RunTask code loads now
  // (esbuild puts it in chunks/), so the functions' cold start doesn't evaluate it.
  stoppedTaskModule ??= import('./remediate-stopped-task.js');
  const { replaceStoppedTask } = await stoppedTaskModule;
  await replaceStoppedTask(deps, verdict, event, effects, nowMs, expiresAt, noteOn);
}
