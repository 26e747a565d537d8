import { describe, expect, it } from 'vitest';
import { runTaskInput } from '../../../../shared/adapters/ecs/run-task-input.js';
import { replacementTags } from '../../../../shared/domain/remediation/run-task-request.js';

const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, `v${i}`]));

describe('Function: replacementTags', () => {
  it.each<{ name: string; tags?: Record<string, string>; expected?: Record<string, string> }>([
    // nothing to carry
    { name: 'no tags', tags: undefined, expected: undefined },
    {
      name: 'only aws: tags',
      tags: { 'aws:ecs:serviceName': 'x', 'AWS:cloudformation:stack-name': 's' },
      expected: undefined,
    },
    // opt-in and cost tags survive; AWS's own are dropped (RunTask refuses them)
    {
      name: 'mixed',
      tags: { 'ecs-lookout:replace': 'true', 'cost-center': 'cc-1', 'aws:ecs:clusterName': 'prod' },
      expected: { 'ecs-lookout:replace': 'true', 'cost-center': 'cc-1' },
    },
  ])('$name → $expected', ({ tags, expected }) => {
    expect(replacementTags(tags)).toEqual(expected);
  });

  it('keeps at most 50 tags (the RunTask limit)', () => {
    expect(Object.keys(replacementTags(many) ?? {})).toHaveLength(50);
  });
});

describe('Function: runTaskInput (tags)', () => {
  const base = { cluster: 'prod', taskDefinition: 'td:1', clientToken: 't', startedBy: 'ecs-lookout' };
  it.each([
    { tags: undefined, expected: undefined },
    {
      tags: { a: '1', b: '' },
      expected: [
        { key: 'a', value: '1' },
        { key: 'b', value: '' },
      ],
    },
  ])('$tags → $expected, never propagateTags', ({ tags, expected }) => {
    const input = runTaskInput(tags ? { ...base, tags } : base);
    expect(input.tags).toEqual(expected);
    expect(input.propagateTags).toBeUndefined();
  });
});
