import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateClusterCommand,
  DescribeContainerInstancesCommand,
  ECSClient,
  RegisterContainerInstanceCommand,
} from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEcsActions } from '../../../shared/adapters/ecs/ecs-actions.js';
import { createScopedEcsActions } from '../../../shared/adapters/ecs/scoped-ecs-actions.js';
import { createEcsFleetReader } from '../../../shared/adapters/fleet/ecs-fleet-reader.js';
import { createMultiScopeFleetReader } from '../../../shared/adapters/fleet/multi-scope-reader.js';
import { createEcsReadLimiter } from '../../../shared/adapters/fleet/rate-limiter.js';
import { createMemorySink } from '../../../shared/adapters/metrics/memory-sink.js';
import { createSnsChannel } from '../../../shared/adapters/sns/sns-channel.js';
import { createDynamoStateStore } from '../../../shared/adapters/state/dynamodb-store.js';
import { assumeRoleCredentials } from '../../../shared/adapters/sts/assume-role.js';
import type { AccountRegistry, MemberRole } from '../../../shared/domain/accounts.js';
import { DEFAULT_REPORT_EXTRAS } from '../../../shared/domain/report/build-report.js';
import { scopedFactory } from '../../../shared/runtime/account-clients.js';
import { parseConfig } from '../../../shared/runtime/config.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { produceHealthReport } from '../../../shared/use-cases/health-report.js';
import type { PipelineDeps } from '../../../shared/use-cases/pipeline-deps.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import {
  createTopicWithQueue,
  MOTO_ACCOUNT,
  MOTO_REGION,
  motoClientConfig,
  motoEcs,
  motoEndpoint,
  receiveAll,
  uniqueName,
} from '../../helpers/moto.js';
import { createStateTable } from '../../helpers/moto-state.js';
import { demoEvents } from '../../helpers/pipeline.js';

// moto answers AssumeRole into any account: the assumed role's account is the one in the role ARN, and
// every later request signed with those credentials acts in that account (moto keeps one state per account).
const MEMBER_A = '111111111111';
const MEMBER_B = '222222222222';
const NO_ROLE = '333333333333';
const EXTERNAL_ID = 'org-shared-external-id';

const registry: AccountRegistry = {
  home: { account: MOTO_ACCOUNT, region: MOTO_REGION },
  members: [MEMBER_A, MEMBER_B].map((account) => ({
    account,
    regions: [MOTO_REGION],
    roleArn: `arn:aws:iam::${account}:role/ecs-lookout-member`,
    externalId: EXTERNAL_ID,
    remediation: true,
  })),
};

const sts = new STSClient(motoClientConfig());
const credentialsOf = (role: MemberRole) =>
  assumeRoleCredentials({ sts, roleArn: role.roleArn, ...(role.externalId ? { externalId: role.externalId } : {}) });
const memberClient = (account: string) => {
  const role = registry.members.find((m) => m.account === account)!;
  return new ECSClient({ ...motoClientConfig(), credentials: credentialsOf(role) });
};

/** Runs an EC2 instance in a member account: moto picks the account from the access key of the signature. */
async function memberEc2Instance(account: string): Promise<string> {
  const role = registry.members.find((m) => m.account === account)!;
  const { accessKeyId } = await credentialsOf(role)();
  const response = await fetch(`${motoEndpoint()}/`, {
    method: 'POST',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240101/${MOTO_REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      Action: 'RunInstances',
      Version: '2016-11-15',
      ImageId: 'ami-12c6146b',
      MinCount: '1',
      MaxCount: '1',
      InstanceType: 't3.micro',
    }).toString(),
  });
  const xml = await response.text();
  return /<instanceId>([^<]+)<\/instanceId>/.exec(xml)![1]!;
}

/** A cluster named `cluster` with one container instance, in a member account; the instance ARN. */
async function memberClusterWithInstance(account: string, cluster: string): Promise<string> {
  const ecs = memberClient(account);
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const instanceId = await memberEc2Instance(account);
  const out = await ecs.send(
    new RegisterContainerInstanceCommand({
      cluster,
      instanceIdentityDocument: JSON.stringify({ instanceId, region: MOTO_REGION, accountId: account }),
    }),
  );
  return out.containerInstance!.containerInstanceArn!;
}

const demo = demoEvents() as Array<Record<string, unknown> & { detail: Record<string, unknown> }>;

/** The demo's agent disconnect (09:20, grace until 09:25), of `instanceArn` in `account`'s cluster. */
function disconnectOf(account: string, cluster: string, instanceArn: string) {
  const event = structuredClone(demo[13]!);
  Object.assign(event.detail, {
    clusterArn: `arn:aws:ecs:${MOTO_REGION}:${account}:cluster/${cluster}`,
    containerInstanceArn: instanceArn,
  });
  Object.assign(event, { account, resources: [instanceArn] });
  return event;
}

/** The pipeline on moto's DynamoDB and SNS, with ECS actions routed per account through the member roles. */
async function multiAccountPipeline(topicArn: string) {
  const config = motoClientConfig();
  const forScope = scopedFactory(
    registry,
    () => createEcsActions({ client: motoEcs() }),
    (options) => createEcsActions({ client: new ECSClient({ ...config, ...options }) }),
    credentialsOf,
  );
  // moto reports every agent connected: each account's own DescribeContainerInstances answer (so the
  // instance must exist in that account) is given a dead agent, as AWS would report a lost instance.
  const ecs = createScopedEcsActions((scope) => {
    const actions = forScope(scope);
    if ('unreachable' in actions) return actions;
    return {
      ...actions,
      describeInstances: async (cluster, arns) =>
        (await actions.describeInstances(cluster, arns)).map((s) => ({ ...s, agentConnected: false })),
    };
  });
  const deps: PipelineDeps = {
    config: {
      ...parseConfig({ LOOKOUT_METRICS_MODE: 'memory' }),
      accounts: registry,
    },
    store: createDynamoStateStore({
      client: new DynamoDBClient(config),
      table: await createStateTable(new DynamoDBClient(config)),
    }),
    channels: [createSnsChannel({ client: new SNSClient(config), topicArn })],
    metrics: createMemorySink(),
    ecs,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    deadline: () => Date.now() + 20_000,
    clock: () => new Date(),
  };
  return deps;
}

const statusIn = async (account: string, cluster: string, arn: string) =>
  (await memberClient(account).send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [arn] })))
    .containerInstances?.[0]?.status;

describe('Two member accounts on moto, same-named clusters', () => {
  it('confirms a lost instance in each, drains each in its own account, alerts once each; no role: events only', async () => {
    const cluster = uniqueName('prod');
    const inA = await memberClusterWithInstance(MEMBER_A, cluster);
    const inB = await memberClusterWithInstance(MEMBER_B, cluster);
    const stranger = `arn:aws:ecs:${MOTO_REGION}:${NO_ROLE}:container-instance/${cluster}/0123456789abcdef0123456789abcdef`;
    expect([inA.split(':')[4], inB.split(':')[4]]).toEqual([MEMBER_A, MEMBER_B]);
    const { topicArn, queueUrl } = await createTopicWithQueue();
    const deps = await multiAccountPipeline(topicArn);

    for (const [account, arn] of [
      [MEMBER_A, inA],
      [MEMBER_B, inB],
      [NO_ROLE, stranger],
    ] as const)
      await handleEvent(deps, disconnectOf(account, cluster, arn), `disconnect ${account}`);
    await runSweep(deps, '2026-11-27T09:25:00.000Z');
    await runSweep(deps, '2026-11-27T09:26:00.000Z');

    expect(await statusIn(MEMBER_A, cluster, inA)).toBe('DRAINING');
    expect(await statusIn(MEMBER_B, cluster, inB)).toBe('DRAINING');
    // The members' clusters exist in their own accounts only, not in the monitor's.
    await expect(
      motoEcs().send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [inA] })),
    ).rejects.toThrow('Cluster not found');

    const messages = await receiveAll(queueUrl);
    const accounts = messages.map((m) => m.sns?.MessageAttributes?.account?.Value ?? '');
    expect(accounts.sort()).toEqual([MEMBER_A, MEMBER_B, NO_ROLE]);
    const text = messages.map((m) => m.sns?.Message ?? '').join('\n');
    expect(text).toContain(`no role registered for account ${NO_ROLE} in ${MOTO_REGION}`);
    expect(text).toContain('Decided from the events alone');
    // One alert each: the second sweep sent nothing more.
    expect(messages.map((m) => m.sns?.MessageAttributes?.transition?.Value)).toEqual(['opened', 'opened', 'opened']);

    // The report across the registry lists the cluster of both members, and the account without a role.
    const reader = (client: ECSClient) =>
      createEcsFleetReader({ client, limiter: createEcsReadLimiter(10), concurrency: 2 });
    const report = await produceHealthReport(
      {
        fleet: createMultiScopeFleetReader(
          [MEMBER_A, MEMBER_B].map((account) => ({
            scope: { account, region: MOTO_REGION },
            reader: reader(memberClient(account)),
          })),
        ),
        store: deps.store,
        policy: { ...deps.config.report, ...DEFAULT_REPORT_EXTRAS },
        clock: () => new Date(),
        accounts: registry,
      },
      { clusters: [cluster], windowMs: 3_600_000 },
    );
    expect(report.clusters.map((c) => c.name).sort()).toEqual([
      `${MEMBER_A}/${MOTO_REGION}/${cluster}`,
      `${MEMBER_B}/${MOTO_REGION}/${cluster}`,
    ]);
    expect(report.notes).toContain(
      `no role for account ${NO_ROLE} in ${MOTO_REGION}: events only (alerts, no ECS reads, no remediation)`,
    );
  });
});
