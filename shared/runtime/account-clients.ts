import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { TemporaryCredentials } from '../adapters/sts/assume-role.js';
import { type AccountRegistry, type AccountScope, type MemberRole, reachOf } from '../domain/accounts.js';

/** What an SDK client of a member account/Region is built with. */
export interface MemberClientOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
}

/** A value per (account, Region), or why the monitor can't reach it (no role registered: events only). */
export type ScopedFactory<T> = (scope: AccountScope | undefined) => T | { unreachable: string };

const providers = new Map<string, AwsCredentialIdentityProvider>();

/**
 * A member role's credentials, one provider per role for the life of the container: STS AssumeRole, cached
 * until near expiry. STS and the adapter load on the first member call, so an install without members
 * never evaluates them (esbuild puts them in chunks/).
 */
export function memberCredentials(role: MemberRole): AwsCredentialIdentityProvider {
  const key = `${role.roleArn}#${role.externalId ?? ''}`;
  const known = providers.get(key);
  if (known) return known;
  let source: Promise<() => Promise<TemporaryCredentials>> | undefined;
  const provider: AwsCredentialIdentityProvider = async () => {
    source ??= import('./on-demand.js').then(({ assumeRoleCredentials, stsClient }) =>
      assumeRoleCredentials({
        sts: stsClient(),
        roleArn: role.roleArn,
        ...(role.externalId ? { externalId: role.externalId } : {}),
      }),
    );
    return (await source)();
  };
  providers.set(key, provider);
  return provider;
}

/**
 * Values per (account, Region), each made on first use and then reused: `home()` for the monitor's own
 * account (its function's clients), `member()` with a member role's Region and credentials, and the reason
 * for a scope the registry doesn't reach. A missing scope (a call naming no ARN) is the monitor's own.
 * `credentials` defaults to the member role's STS credentials (tests pass their own STS endpoint's).
 */
export function scopedFactory<T>(
  registry: AccountRegistry | undefined,
  home: () => T,
  member: (options: MemberClientOptions) => T,
  credentials: (role: MemberRole) => AwsCredentialIdentityProvider = memberCredentials,
): ScopedFactory<T> {
  const made = new Map<string, T>();
  return (scope) => {
    const reach = scope ? reachOf(registry, scope) : ({ kind: 'home' } as const);
    if (reach.kind === 'none') return { unreachable: reach.reason };
    if (reach.kind === 'home') return home();
    const key = `${scope?.account}/${scope?.region}`;
    let value = made.get(key);
    if (value === undefined) {
      value = member({ region: scope?.region ?? '', credentials: credentials(reach.role) });
      made.set(key, value);
    }
    return value;
  };
}
