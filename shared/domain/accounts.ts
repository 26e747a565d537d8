import { parseArn } from './arn.js';

/** An account and Region events come from, and ECS, Logs and CloudWatch calls about them go to. */
export interface AccountScope {
  account: string;
  region: string;
}

/** A member account's role, assumed for its ECS reads (and actions, when remediation is enabled there). */
export interface MemberRole {
  account: string;
  /** Regions the monitor reads through this role (the member stack is deployed there). */
  regions: string[];
  roleArn: string;
  /** The ExternalId the member role's trust policy asks for. */
  externalId?: string;
  /** Whether the member role grants drain/deregister and RunTask (the member stack's EnableRemediation). */
  remediation: boolean;
}

/** The accounts and Regions the monitor can reach: its own, and the members whose role it may assume. */
export interface AccountRegistry {
  /** The monitor's own account and Region; unknown parts match any event (single-account installs). */
  home: Partial<AccountScope>;
  members: MemberRole[];
}

/** How the monitor reaches an account/Region: its own credentials, a member role, or not at all (events only). */
export type Reach = { kind: 'home' } | { kind: 'member'; role: MemberRole } | { kind: 'none'; reason: string };

/** The registry of a single-account install: everything is home. */
export const SINGLE_ACCOUNT: AccountRegistry = { home: {}, members: [] };

/** Whether a scope is the monitor's own (an unknown part of the home scope, or of the event, matches). */
function isHome(registry: AccountRegistry, scope: AccountScope): boolean {
  const { account, region } = registry.home;
  return (
    (!account || !scope.account || account === scope.account) && (!region || !scope.region || region === scope.region)
  );
}

/** How the monitor reaches `scope`: a registered member role first, then its own account, else events only. */
export function reachOf(registry: AccountRegistry | undefined, scope: AccountScope): Reach {
  const known = registry ?? SINGLE_ACCOUNT;
  const role = known.members.find((m) => m.account === scope.account && m.regions.includes(scope.region));
  if (role) return { kind: 'member', role };
  if (isHome(known, scope)) return { kind: 'home' };
  return { kind: 'none', reason: `no role registered for account ${scope.account} in ${scope.region}` };
}

/** Why remediation can't act in `scope` (no role, or a read-only member role); undefined when it can. */
export function remediationBlocked(registry: AccountRegistry | undefined, scope: AccountScope): string | undefined {
  const reach = reachOf(registry, scope);
  if (reach.kind === 'none') return `remediation skipped: ${reach.reason} (events only)`;
  if (reach.kind === 'member' && !reach.role.remediation)
    return `remediation skipped: not enabled for account ${scope.account} (its member role is read-only)`;
  return undefined;
}

/** The account and Region named by an ARN; undefined for anything that is not an ARN. */
export function scopeOfArn(arn: string): AccountScope | undefined {
  const parts = parseArn(arn);
  return parts ? { account: parts.account, region: parts.region } : undefined;
}

/** Every registered (account, Region): the home scope when fully known, then each member Region. */
export function registeredScopes(registry: AccountRegistry | undefined): AccountScope[] {
  const known = registry ?? SINGLE_ACCOUNT;
  const scopes: AccountScope[] = [];
  const { account, region } = known.home;
  if (account && region) scopes.push({ account, region });
  for (const member of known.members)
    for (const r of member.regions)
      if (!scopes.some((s) => s.account === member.account && s.region === r))
        scopes.push({ account: member.account, region: r });
  return scopes;
}

/** The scopes among `seen` (e.g. of open incidents) the monitor can't reach, each once, sorted: the digest lists them. */
export function scopesWithoutRole(registry: AccountRegistry | undefined, seen: AccountScope[]): AccountScope[] {
  const missing = new Map<string, AccountScope>();
  for (const scope of seen)
    if (reachOf(registry, scope).kind === 'none') missing.set(`${scope.account}/${scope.region}`, scope);
  return [...missing.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, scope]) => scope);
}

/**
 * The Cluster dimension of a metric about a cluster: its bare name in the monitor's own account and Region (so
 * a single-account install's series never change), `account/region/cluster` anywhere else. Every organisation
 * has a `prod` in each account, and CloudWatch would otherwise add two accounts' failures into one series.
 */
export function metricCluster(
  registry: AccountRegistry | undefined,
  scope: { account?: string; region?: string; cluster: string },
): string {
  const account = scope.account ?? '';
  const region = scope.region ?? '';
  if (isHome(registry ?? SINGLE_ACCOUNT, { account, region })) return scope.cluster;
  return `${account || '-'}/${region || '-'}/${scope.cluster}`;
}
