import { describe, expect, it } from 'vitest';
import { RemediationRetryError } from '../../shared/use-cases/effects.js';
import { handleEvent } from '../../shared/use-cases/handle-event.js';
import type { FaultCall } from '../helpers/fault-injection.js';
import { createTopicWithQueue } from '../helpers/moto.js';
import { optedInStoppedJob } from '../helpers/moto-job.js';
import { faultyPipeline, invokeUntilSuccess } from './support/faulty-pipeline.js';

/** A stopped, opted-in standalone job on moto and the pipeline that should replace it exactly once. */
async function spotJob(extraEnv: Record<string, string> = {}) {
  const { topicArn } = await createTopicWithQueue();
  const job = await optedInStoppedJob();
  const pipeline = await faultyPipeline({ topicArn, env: { ...job.env, ...extraEnv } });
  const replacements = async () => (await job.replacements()).map((task) => task.taskArn);
  return { ...pipeline, event: job.event, replacements };
}

const outcomes = (effects: Awaited<ReturnType<typeof handleEvent>> | undefined) =>
  (effects ?? []).flatMap((e) => (e.effect === 'remediation' ? [e.outcome] : []));

// State-table writes of the remediation claim: the claim itself (must not exist) and its completion.
const claimWrite = (input: Record<string, unknown>) =>
  JSON.stringify(input.Item ?? {}).includes('claim#') && !String(input.ConditionExpression).includes('#status');
const claimFinish = (input: Record<string, unknown>) =>
  JSON.stringify(input.Item ?? {}).includes('claim#') && String(input.ConditionExpression).includes('#status');
const reached = (call: FaultCall) => call.reachedServer;

describe('remediation under ECS and DynamoDB faults: exactly one replacement', () => {
  it('RunTask answered, response lost once: the SDK retry with the same clientToken returns the same task', async () => {
    const { deps, plan, tokens, event, replacements } = await spotJob();
    plan.add({ command: 'RunTask', fault: 'lost-response' });
    const effects = await handleEvent(deps, event, 'spot');
    expect(outcomes(effects)).toEqual(['started']);
    expect(tokens).toEqual({ launches: 1, replays: 1, conflicts: 0 });
    const started = await replacements();
    expect(started).toHaveLength(1);
    const remediation = effects.find((e) => e.effect === 'remediation');
    expect(remediation).toMatchObject({ reason: expect.stringContaining(started[0]!) });
  });

  it('every RunTask response lost: the invocation fails, the platform retry finds the one task, a redelivery launches nothing', async () => {
    const { deps, plan, tokens, event, replacements } = await spotJob();
    plan.add({ command: 'RunTask', fault: 'lost-response', times: Number.POSITIVE_INFINITY });
    await expect(handleEvent(deps, event, 'spot')).rejects.toBeInstanceOf(RemediationRetryError);
    expect(plan.attempts('RunTask')).toBe(5);
    plan.clear();
    const retry = await handleEvent(deps, structuredClone(event), 'platform retry');
    expect(outcomes(retry)).toEqual(['started']);
    const again = await handleEvent(deps, structuredClone(event), 'redelivered');
    expect(outcomes(again)).toEqual([]);
    expect(tokens).toEqual({ launches: 1, replays: 5, conflicts: 0 });
    expect(await replacements()).toHaveLength(1);
  });

  it('RunTask throttled twice, then answered: started, and the invocation succeeds', async () => {
    const { deps, plan, tokens, event, replacements } = await spotJob();
    plan.add({ command: 'RunTask', fault: 'throttle', times: 2 });
    const effects = await handleEvent(deps, event, 'spot');
    expect(outcomes(effects)).toEqual(['started']);
    expect(tokens.launches).toBe(1);
    expect(await replacements()).toHaveLength(1);
  });

  it('RunTask throttled past the SDK retries: the invocation fails and the platform retry starts the one task', async () => {
    const { deps, plan, tokens, event, replacements } = await spotJob();
    plan.add({ command: 'RunTask', fault: 'throttle', times: Number.POSITIVE_INFINITY });
    await expect(handleEvent(deps, event, 'spot')).rejects.toThrow(/will retry/);
    expect(tokens.launches).toBe(0);
    plan.clear();
    expect(outcomes(await handleEvent(deps, structuredClone(event), 'platform retry'))).toEqual(['started']);
    expect(tokens.launches).toBe(1);
    expect(await replacements()).toHaveLength(1);
  });

  it('the same event handled by two invocations at once: one launch, both name the same task', async () => {
    const { deps, tokens, event, replacements } = await spotJob();
    const both = await Promise.all([handleEvent(deps, event, 'a'), handleEvent(deps, structuredClone(event), 'b')]);
    // Both may pass the version check (an undone version counts as a retry); the claim and then the
    // clientToken make the second RunTask return the first one's task.
    const started = await replacements();
    expect(started).toHaveLength(1);
    expect(tokens.launches).toBe(1);
    const reasons = both.flatMap((effects) => effects.flatMap((e) => (e.effect === 'remediation' ? [e.reason] : [])));
    for (const reason of reasons) expect(reason).toContain(started[0]);
  });

  it.each([
    ['the claim cannot be written', claimWrite, 'PutItem'],
    ['the hourly budget cannot be taken', () => true, 'UpdateItem'],
    ['the claim cannot be completed', claimFinish, 'PutItem'],
  ] as const)(
    '%s (state table throttled past the SDK retries): the invocation fails, the retry replaces once',
    async (_, when, command) => {
      const { deps, plan, tokens, event, replacements } = await spotJob();
      plan.add({ command, when, fault: 'throttle', times: 5 });
      const attempts = await invokeUntilSuccess(deps, event, 'spot');
      expect(attempts.map((a) => a.error?.name ?? 'ok')).toEqual(['ThrottlingException', 'ok']);
      expect(outcomes(attempts[1]?.effects)).toEqual(['started']);
      // A retry after RunTask ran sends it again with the same clientToken: ECS (modelled) answers with
      // the task the first attempt started instead of launching a second one.
      expect(tokens.launches).toBe(1);
      expect(await replacements()).toHaveLength(1);
    },
  );

  it('the claim cannot be written and the incident already counts the failure when the retry comes: replaced once', async () => {
    const { deps, plan, tokens, event, replacements } = await spotJob({ LOOKOUT_ALERT_SEVERITY: 'info' });
    plan.add({ command: 'PutItem', when: claimWrite, fault: 'throttle', times: 5 });
    const attempts = await invokeUntilSuccess(deps, event, 'spot');
    expect(attempts.map((a) => a.error?.name ?? 'ok')).toEqual(['ThrottlingException', 'ok']);
    const retry = attempts[1]?.effects ?? [];
    expect(retry.find((e) => e.effect === 'decision')).toMatchObject({ reason: 'duplicate' });
    expect(outcomes(retry)).toEqual(['started']);
    expect(plan.attempts('PutItem', (c) => claimWrite(c.input) && reached(c))).toBe(1);
    expect(tokens.launches).toBe(1);
    expect(await replacements()).toHaveLength(1);
  });
});
