import { describe, expect, it } from 'vitest';
import { clientTokenFor } from '../../../../shared/domain/remediation/run-task-request.js';

// Tokens computed by the released code: a replacement already started under one of them must be recognised
// (RunTask idempotency) after any change to how the token is computed.
describe('Function: clientTokenFor (pinned tokens)', () => {
  it.each([
    {
      arn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef',
      token: 'lookout-6bcda8fb9acfa40a41fd7b46a4d28e75014338f5ebdf42b0d221ea01',
    },
    {
      arn: 'arn:aws:ecs:us-east-1:111122223333:task/5e1b4f2a-1111-2222-3333-444455556666',
      token: 'lookout-1e0dc8ffd5dda929c536088214bf8f5d035a86640681d4ea51f8d10e',
    },
    {
      arn: 'arn:aws-cn:ecs:cn-north-1:123456789012:task/batch/ffffffffffffffffffffffffffffffff',
      token: 'lookout-55bbcd34fd7a38f318457efacc6a95975d46d75f14c4ef8e09815211',
    },
    {
      arn: `not-an-arn ✓ ${'x'.repeat(500)}`,
      token: 'lookout-c6191b22d78766acb0e930100ea4bcccdfd5ac49fa0c1cb00123dd0d',
    },
    { arn: '', token: 'lookout-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b' },
  ])('$arn → $token', ({ arn, token }) => {
    expect(clientTokenFor(arn)).toBe(token);
  });
});
