import type { Context } from 'aws-lambda';
import { getEcsActions } from '../../shared/runtime/ecs-actions.js';
import { summarise } from '../../shared/runtime/invocation-summary.js';
import { lambdaDeps } from '../../shared/runtime/lambda-deps.js';
import { getSilenceStore } from '../../shared/runtime/state-store.js';
import { wrapHandler } from '../../shared/runtime/wrap-handler.js';
import { clearSilenceCache } from '../../shared/use-cases/silences.js';
import { runSweep } from '../../shared/use-cases/sweep.js';

/**
 * Scheduled every minute: confirms agent disconnects still open after the grace period (then drains the
 * instance), resolves incidents that went quiet, and re-delivers alerts an earlier invocation left undelivered
 * (with the log lines kept on the incident: the sweep reads no logs, so it has no log reader). Invoked with a
 * `silence` payload, it adds, lists or removes silences instead (see `ecs-lookout silence --help`).
 */
export const handler = wrapHandler(async (event: unknown, context: Context) => {
  // `{"silence": {"action": "add" | "list" | "remove", …}}`: the silence commands, for `aws lambda invoke`.
  const silence = (event as { silence?: unknown } | null)?.silence;
  if (silence !== undefined) {
    const { parseSilenceRequest, runSilenceCommand } = await import('../../shared/use-cases/silence-commands.js');
    const outcome = await runSilenceCommand(
      getSilenceStore(),
      parseSilenceRequest(silence),
      Date.now(),
      'lambda-invoke',
    );
    clearSilenceCache();
    return outcome;
  }
  // The sweep alone, not the event pipeline: this bundle carries no event parsing or classification.
  const deps = lambdaDeps(context, { ecs: getEcsActions });
  try {
    return summarise(await runSweep(deps, deps.clock().toISOString()));
  } finally {
    await deps.metrics.flush();
  }
});
