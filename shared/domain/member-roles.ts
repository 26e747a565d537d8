import type { MemberRole } from './accounts.js';

/** The member roles of `LOOKOUT_MEMBER_ROLES`, or why the text is not one. */
export type MemberRolesParse = { ok: true; members: MemberRole[] } | { ok: false; error: string };

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ROLE_NAME = /^[\w+=,.@/-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** One account's entry: its Regions, and overrides of the shared role name and ExternalId. */
interface AccountEntry {
  regions?: unknown;
  remediation?: unknown;
  roleArn?: unknown;
  externalId?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function member(account: string, entry: AccountEntry, shared: { roleName: string; externalId?: string }) {
  if (!ACCOUNT.test(account)) return `"${account}" is not a 12-digit account id`;
  const { regions, remediation, roleArn, externalId } = entry;
  if (!Array.isArray(regions) || regions.length === 0 || !regions.every((r) => typeof r === 'string' && REGION.test(r)))
    return `account ${account}: "regions" must be a non-empty list of Region names`;
  if (remediation !== undefined && typeof remediation !== 'boolean')
    return `account ${account}: "remediation" must be true or false`;
  if (roleArn !== undefined && (typeof roleArn !== 'string' || !ROLE_ARN.test(roleArn)))
    return `account ${account}: "roleArn" is not an IAM role ARN`;
  if (typeof roleArn === 'string' && roleArn.split(':')[4] !== account)
    return `account ${account}: "roleArn" is a role of another account`;
  const id = externalId ?? shared.externalId;
  if (id !== undefined && (typeof id !== 'string' || !EXTERNAL_ID.test(id)))
    return `account ${account}: "externalId" must be 2-1224 characters of [\\w+=,.@:/-]`;
  return {
    account,
    regions: [...new Set(regions as string[])],
    roleArn: (roleArn as string | undefined) ?? `arn:aws:iam::${account}:role/${shared.roleName}`,
    ...(id ? { externalId: id as string } : {}),
    remediation: remediation === true,
  } satisfies MemberRole;
}

/**
 * Parses `{"roleName": "ecs-lookout-member", "externalId": "…", "accounts": {"111111111111": {"regions":
 * ["us-east-1"], "remediation": true}}}`: one role name and ExternalId for the organisation (what a StackSet
 * deploys), each account's Regions, and per-account `roleArn`/`externalId` overrides. Empty text: no members.
 */
export function parseMemberRoles(text: string): MemberRolesParse {
  if (text.trim() === '') return { ok: true, members: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  if (!isObject(parsed) || !isObject(parsed.accounts))
    return { ok: false, error: 'expected {"roleName": "…", "externalId": "…", "accounts": {"<account id>": {…}}}' };
  const roleName = parsed.roleName ?? 'ecs-lookout-member';
  if (typeof roleName !== 'string' || !ROLE_NAME.test(roleName))
    return { ok: false, error: '"roleName" is not an IAM role name' };
  if (parsed.externalId !== undefined && typeof parsed.externalId !== 'string')
    return { ok: false, error: '"externalId" must be a string' };
  const shared = { roleName, ...(parsed.externalId ? { externalId: parsed.externalId } : {}) };
  const members: MemberRole[] = [];
  for (const [account, entry] of Object.entries(parsed.accounts)) {
    if (!isObject(entry)) return { ok: false, error: `account ${account}: expected {"regions": [...]}` };
    const result = member(account, entry, shared);
    if (typeof result === 'string') return { ok: false, error: result };
    members.push(result);
  }
  return { ok: true, members };
}
