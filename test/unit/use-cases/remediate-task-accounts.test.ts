import { describe, expect, it } from 'vitest';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { createRecordingEcs, demoEvents, testDeps } from '../../helpers/pipeline.js';

// Demo line 20: Spot interruption of the standalone job batch-etl (account 123456789012, us-east-1), opted in.
const spot = demoEvents()[19] as Record<string, unknown> & { detail: Record<string, unknown> };
const NETWORK = { LOOKOUT_TASK_NETWORK: '{"prod":{"subnets":["subnet-1"],"securityGroups":["sg-1"]}}' };
const OPTED_IN = { ...NETWORK, LOOKOUT_REPLACE_FAMILIES: 'batch-etl' };
const HOME = { LOOKOUT_HOME_ACCOUNT: '123456789012', LOOKOUT_HOME_REGION: 'us-east-1' };

/** The same interruption in another account (its ARNs, its envelope). */
function inAccount(account: string) {
  const text = JSON.stringify(spot).replaceAll(':123456789012:', `:${account}:`);
  return { ...(JSON.parse(text) as typeof spot), account };
}

const member = (remediation: boolean) =>
  JSON.stringify({ accounts: { '210987654321': { regions: ['us-east-1'], remediation } } });

describe('Function: remediateTask across accounts', () => {
  it.each([
    { name: 'the monitor account', env: HOME, event: spot, replaced: 1, note: undefined },
    {
      name: 'a member that allows remediation',
      env: { ...HOME, LOOKOUT_MEMBER_ROLES: member(true) },
      event: inAccount('210987654321'),
      replaced: 1,
      note: undefined,
    },
    {
      name: 'a read-only member',
      env: { ...HOME, LOOKOUT_MEMBER_ROLES: member(false) },
      event: inAccount('210987654321'),
      replaced: 0,
      note: 'Not replaced: remediation skipped: not enabled for account 210987654321 (its member role is read-only)',
    },
    {
      name: 'an account without a role',
      env: HOME,
      event: inAccount('333333333333'),
      replaced: 0,
      note: 'Not replaced: remediation skipped: no role registered for account 333333333333 in us-east-1 (events only)',
    },
  ])('$name: $replaced replacement(s)', async ({ env, event, replaced, note }) => {
    const recording = createRecordingEcs();
    const { deps, sns } = testDeps({ ...OPTED_IN, ...env }, { ecs: recording.ecs });
    await handleEvent(deps, event, 'spot');
    expect(recording.runTasks).toHaveLength(replaced);
    const sent = [...sns.captured.flatMap((c) => c.alert.details)];
    if (note) expect(sent).toContain(note);
  });
});

describe('Failure metrics across accounts', () => {
  it("names a member account's cluster in full and the monitor's own by name, so two prods never share a series", async () => {
    // Prepare
    const { deps, metrics } = testDeps({ ...HOME, LOOKOUT_MEMBER_ROLES: member(true) });

    // Act
    await handleEvent(deps, spot, 'home');
    await handleEvent(deps, inAccount('210987654321'), 'member');

    // Assess
    const clusters = metrics.points.filter((p) => p.name === 'TaskFailures').map((p) => p.dimensions.Cluster);
    expect(clusters).toEqual(['prod', '210987654321/us-east-1/prod']);
  });
});
