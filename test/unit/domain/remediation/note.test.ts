import { describe, expect, it } from 'vitest';
import { type RemediationResult, remediationNote } from '../../../../shared/domain/remediation/note.js';
import type { PlanOutcome, RemediationPlan } from '../../../../shared/domain/remediation/plan.js';

const runTask: RemediationPlan = {
  action: 'run-task',
  target: 'arn:aws:ecs:us-east-1:123456789012:task/prod/abc123',
  subject: 'batch-job',
  claimKey: 'run-task#x',
  budgetLimit: 3,
  mode: 'on',
};
const drain: RemediationPlan = {
  action: 'drain-instance',
  target: 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci9',
  subject: 'i-0abc',
  claimKey: 'instance#x',
  budgetLimit: 3,
  mode: 'on',
};

describe('Function: remediationNote', () => {
  it.each<{ name: string; outcome: PlanOutcome; result?: RemediationResult; note: string }>([
    // a skipped task
    {
      name: 'task skipped',
      outcome: { skipped: 'image-pull would fail again', scope: 'task' },
      note: 'Not replaced: image-pull would fail again',
    },
    // a skipped instance action
    {
      name: 'instance skipped',
      outcome: { skipped: 'instance action is none', scope: 'instance' },
      note: 'No instance action: instance action is none',
    },
    // replacement started
    {
      name: 'task started',
      outcome: { plan: runTask },
      result: { status: 'done', arns: ['arn:aws:ecs:us-east-1:123456789012:task/prod/new1'] },
      note: 'Replacement task started: arn:aws:ecs:us-east-1:123456789012:task/prod/new1',
    },
    // instance drained
    {
      name: 'instance drained',
      outcome: { plan: drain },
      result: { status: 'done', arns: [] },
      note: 'Instance set to DRAINING: ci9',
    },
    // deregistered
    {
      name: 'instance deregistered',
      outcome: { plan: { ...drain, action: 'deregister-instance' } },
      result: { status: 'done', arns: ['x'] },
      note: 'Instance deregistered: x',
    },
    // dry run
    {
      name: 'dry run',
      outcome: { plan: { ...runTask, mode: 'dry-run' } },
      note: 'Dry run: would start a replacement for task abc123 of batch-job',
    },
    // over budget, task
    {
      name: 'over budget',
      outcome: { plan: runTask },
      result: { status: 'over-budget' },
      note: 'Over budget: 3 replacements of batch-job this hour',
    },
    // over budget, instance
    {
      name: 'over budget, instance',
      outcome: { plan: drain },
      result: { status: 'over-budget' },
      note: 'Over budget: 3 instance actions in this cluster this hour',
    },
    // claimed by an earlier delivery
    {
      name: 'already claimed',
      outcome: { plan: runTask },
      result: { status: 'already-claimed', detail: 'arn:new' },
      note: 'Already handled for this failure (arn:new)',
    },
    // the action failed
    {
      name: 'failed',
      outcome: { plan: drain },
      result: { status: 'failed', error: 'AccessDenied' },
      note: 'Failed to drain instance i-0abc: AccessDenied',
    },
  ])('$name', ({ outcome, result, note }) => {
    expect(remediationNote(outcome, result)).toBe(note);
  });

  it('clips long error text', () => {
    const note = remediationNote({ plan: runTask }, { status: 'failed', error: 'x'.repeat(5000) });
    expect(note.length).toBeLessThan(300);
    expect(note.endsWith('…')).toBe(true);
  });
});
