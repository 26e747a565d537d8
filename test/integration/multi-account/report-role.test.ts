import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from '../../../shared/adapters/sts/assume-role.js';
import type { HealthReport } from '../../../shared/domain/report/types.js';
import { MOTO_REGION, motoClientConfig, uniqueName } from '../../helpers/moto.js';
import { runCliOnMoto } from '../../helpers/moto-cli.js';

const MEMBER = '444444444444';
const ROLE = `arn:aws:iam::${MEMBER}:role/ecs-lookout-member`;
/** `ecs-lookout report` as a user runs it against moto (AWS_ENDPOINT_URL: every client, STS too). */
function report(args: string[]) {
  return runCliOnMoto(['report', '--format', 'json', ...args]);
}

describe('report --role-arn on moto', () => {
  it("reads the role's account (not the caller's) and tags its rows with the account and Region", async () => {
    const cluster = uniqueName('member-only');
    const credentials = assumeRoleCredentials({ sts: new STSClient(motoClientConfig()), roleArn: ROLE });
    await new ECSClient({ ...motoClientConfig(), credentials }).send(
      new CreateClusterCommand({ clusterName: cluster }),
    );

    const asMember = report(['--role-arn', ROLE, '--external-id', 'org-id', '--cluster', cluster]);
    expect(asMember.stderr).toBe('');
    const rows = (JSON.parse(asMember.stdout) as HealthReport).clusters;
    expect(rows.map((c) => [c.name, c.account, c.region])).toEqual([[cluster, MEMBER, MOTO_REGION]]);

    // The caller's own account has no such cluster: not healthy, and nothing of the member's account.
    const asCaller = report(['--cluster', cluster]);
    expect(asCaller.status).not.toBe(0);
    expect(asCaller.stdout).not.toContain(MEMBER);
  });

  it.each([
    [['--external-id', 'x'], '--external-id needs --role-arn'],
    [['--role-arn', 'arn:aws:iam::444444444444:user/x'], '--role-arn must be an IAM role ARN'],
  ])('refuses %j', (args, message) => {
    const result = report(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
