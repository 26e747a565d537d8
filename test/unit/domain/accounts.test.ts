import { describe, expect, it } from 'vitest';
import {
  type AccountRegistry,
  metricCluster,
  reachOf,
  registeredScopes,
  remediationBlocked,
  scopesWithoutRole,
} from '../../../shared/domain/accounts.js';
import { parseMemberRoles } from '../../../shared/domain/member-roles.js';

const HOME = '123456789012';
const MEMBER = '111111111111';
const READ_ONLY = '222222222222';
const STRANGER = '333333333333';

const registry: AccountRegistry = {
  home: { account: HOME, region: 'us-east-1' },
  members: [
    {
      account: MEMBER,
      regions: ['us-east-1', 'eu-west-1'],
      roleArn: `arn:aws:iam::${MEMBER}:role/ecs-lookout-member`,
      remediation: true,
    },
    {
      account: READ_ONLY,
      regions: ['eu-west-1'],
      roleArn: `arn:aws:iam::${READ_ONLY}:role/ecs-lookout-member`,
      remediation: false,
    },
  ],
};

describe('Function: reachOf', () => {
  it.each([
    { account: HOME, region: 'us-east-1', kind: 'home' },
    // the home account in another Region is not reached with the monitor's own (Region-scoped) permissions
    { account: HOME, region: 'eu-west-1', kind: 'none' },
    { account: MEMBER, region: 'eu-west-1', kind: 'member' },
    { account: MEMBER, region: 'ap-south-1', kind: 'none' },
    { account: READ_ONLY, region: 'eu-west-1', kind: 'member' },
    { account: STRANGER, region: 'us-east-1', kind: 'none' },
  ])('$account in $region → $kind', ({ account, region, kind }) => {
    expect(reachOf(registry, { account, region }).kind).toBe(kind);
  });

  it('reaches everything as home in a single-account install (no registry, or nothing known)', () => {
    expect(reachOf(undefined, { account: STRANGER, region: 'ap-south-1' }).kind).toBe('home');
    expect(reachOf({ home: {}, members: [] }, { account: STRANGER, region: 'ap-south-1' }).kind).toBe('home');
  });

  it('names the account and Region it cannot reach', () => {
    expect(reachOf(registry, { account: STRANGER, region: 'us-east-1' })).toEqual({
      kind: 'none',
      reason: `no role registered for account ${STRANGER} in us-east-1`,
    });
  });
});

describe('Function: remediationBlocked', () => {
  it.each([
    { account: HOME, region: 'us-east-1', blocked: undefined },
    { account: MEMBER, region: 'us-east-1', blocked: undefined },
    {
      account: READ_ONLY,
      region: 'eu-west-1',
      blocked: `remediation skipped: not enabled for account ${READ_ONLY} (its member role is read-only)`,
    },
    {
      account: STRANGER,
      region: 'us-east-1',
      blocked: `remediation skipped: no role registered for account ${STRANGER} in us-east-1 (events only)`,
    },
  ])('$account in $region → $blocked', ({ account, region, blocked }) => {
    expect(remediationBlocked(registry, { account, region })).toBe(blocked);
  });
});

describe('Function: registeredScopes and scopesWithoutRole', () => {
  it('lists the home scope, then each member Region once', () => {
    expect(registeredScopes(registry)).toEqual([
      { account: HOME, region: 'us-east-1' },
      { account: MEMBER, region: 'us-east-1' },
      { account: MEMBER, region: 'eu-west-1' },
      { account: READ_ONLY, region: 'eu-west-1' },
    ]);
  });

  it('lists the scopes seen that have no role, each once, sorted', () => {
    const seen = [
      { account: STRANGER, region: 'us-east-1' },
      { account: MEMBER, region: 'us-east-1' },
      { account: STRANGER, region: 'us-east-1' },
      { account: HOME, region: 'eu-west-1' },
    ];
    expect(scopesWithoutRole(registry, seen)).toEqual([
      { account: HOME, region: 'eu-west-1' },
      { account: STRANGER, region: 'us-east-1' },
    ]);
  });
});

describe('Function: parseMemberRoles', () => {
  it('builds each account role from the shared role name and ExternalId, with per-account overrides', () => {
    const parsed = parseMemberRoles(
      JSON.stringify({
        roleName: 'lookout-reader',
        externalId: 'org-shared-id',
        accounts: {
          [MEMBER]: { regions: ['us-east-1', 'us-east-1', 'eu-west-1'], remediation: true },
          [READ_ONLY]: {
            regions: ['eu-west-1'],
            roleArn: `arn:aws:iam::${READ_ONLY}:role/custom`,
            externalId: 'own-id',
          },
        },
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      members: [
        {
          account: MEMBER,
          regions: ['us-east-1', 'eu-west-1'],
          roleArn: `arn:aws:iam::${MEMBER}:role/lookout-reader`,
          externalId: 'org-shared-id',
          remediation: true,
        },
        {
          account: READ_ONLY,
          regions: ['eu-west-1'],
          roleArn: `arn:aws:iam::${READ_ONLY}:role/custom`,
          externalId: 'own-id',
          remediation: false,
        },
      ],
    });
  });

  it('defaults the role name to the member stack default and reads empty text as no members', () => {
    const parsed = parseMemberRoles(JSON.stringify({ accounts: { [MEMBER]: { regions: ['us-east-1'] } } }));
    expect(parsed.ok && parsed.members[0]?.roleArn).toBe(`arn:aws:iam::${MEMBER}:role/ecs-lookout-member`);
    expect(parseMemberRoles('  ')).toEqual({ ok: true, members: [] });
  });

  it.each([
    { text: '{', error: 'not valid JSON' },
    { text: '[]', error: 'expected {"roleName"' },
    { text: '{"accounts": {"12345": {"regions": ["us-east-1"]}}}', error: 'not a 12-digit account id' },
    { text: `{"accounts": {"${MEMBER}": {"regions": []}}}`, error: '"regions" must be a non-empty list' },
    { text: `{"accounts": {"${MEMBER}": {"regions": ["Mars"]}}}`, error: '"regions" must be a non-empty list' },
    { text: `{"accounts": {"${MEMBER}": {"regions": ["us-east-1"], "remediation": "yes"}}}`, error: 'true or false' },
    {
      text: `{"accounts": {"${MEMBER}": {"regions": ["us-east-1"], "roleArn": "arn:aws:iam::${READ_ONLY}:role/x"}}}`,
      error: 'a role of another account',
    },
    { text: '{"roleName": "has space", "accounts": {}}', error: '"roleName" is not an IAM role name' },
  ])('refuses $text', ({ text, error }) => {
    const parsed = parseMemberRoles(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(error);
  });
});

describe('Function: metricCluster', () => {
  it.each([
    {
      name: 'a single-account install: the bare name',
      registry: undefined,
      account: MEMBER,
      region: 'eu-west-1',
      expected: 'prod',
    },
    {
      name: 'the home account and Region: the bare name',
      registry,
      account: HOME,
      region: 'us-east-1',
      expected: 'prod',
    },
    { name: 'a member account', registry, account: MEMBER, region: 'us-east-1', expected: `${MEMBER}/us-east-1/prod` },
    {
      name: 'the home account in another Region',
      registry,
      account: HOME,
      region: 'eu-west-1',
      expected: `${HOME}/eu-west-1/prod`,
    },
    {
      name: 'an account without a role',
      registry,
      account: STRANGER,
      region: 'us-east-1',
      expected: `${STRANGER}/us-east-1/prod`,
    },
    { name: 'an event that names no account', registry, account: undefined, region: undefined, expected: 'prod' },
  ])('$name → $expected', ({ registry: known, account, region, expected }) => {
    expect(metricCluster(known, { account, region, cluster: 'prod' })).toBe(expected);
  });
});
