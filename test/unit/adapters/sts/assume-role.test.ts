import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from '../../../../shared/adapters/sts/assume-role.js';

const sts = mockClient(STSClient);
const ROLE = 'arn:aws:iam::111111111111:role/ecs-lookout-member';
const T0 = Date.parse('2026-11-30T12:00:00.000Z');

/** STS's answer: credentials numbered by call, valid for an hour from `at`. */
function answer(n: number, at: number) {
  return {
    Credentials: {
      AccessKeyId: `AKIA${n}`,
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(at + 3_600_000),
    },
  };
}

describe('Function: assumeRoleCredentials', () => {
  let clock = T0;
  beforeEach(() => {
    sts.reset();
    clock = T0;
  });

  it('assumes the role with the ExternalId once and reuses the credentials until 5 minutes before expiry', async () => {
    let calls = 0;
    sts.on(AssumeRoleCommand).callsFake(() => answer(++calls, clock));
    const credentials = assumeRoleCredentials({
      sts: new STSClient({}),
      roleArn: ROLE,
      externalId: 'org-id',
      now: () => clock,
    });

    expect((await credentials()).accessKeyId).toBe('AKIA1');
    clock = T0 + 54 * 60_000;
    expect((await credentials()).accessKeyId).toBe('AKIA1');
    clock = T0 + 55 * 60_000;
    expect((await credentials()).accessKeyId).toBe('AKIA2');
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'ecs-lookout',
      DurationSeconds: 3600,
      ExternalId: 'org-id',
    });
  });

  it('shares one AssumeRole among concurrent callers', async () => {
    let calls = 0;
    sts.on(AssumeRoleCommand).callsFake(() => answer(++calls, clock));
    const credentials = assumeRoleCredentials({ sts: new STSClient({}), roleArn: ROLE, now: () => clock });
    const keys = await Promise.all([credentials(), credentials(), credentials()]);
    expect(keys.map((k) => k.accessKeyId)).toEqual(['AKIA1', 'AKIA1', 'AKIA1']);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input.ExternalId).toBeUndefined();
  });

  it('does not remember a refused AssumeRole: the next call asks again', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }))
      .resolves(answer(2, clock));
    const credentials = assumeRoleCredentials({ sts: new STSClient({}), roleArn: ROLE, now: () => clock });
    await expect(credentials()).rejects.toThrow('not authorized');
    expect((await credentials()).accessKeyId).toBe('AKIA2');
  });

  it('refuses an answer without credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({});
    const credentials = assumeRoleCredentials({ sts: new STSClient({}), roleArn: ROLE });
    await expect(credentials()).rejects.toThrow(`AssumeRole ${ROLE} returned no credentials`);
  });
});
