import type { NetworkFailures } from './aws.js';

/** Thrown when the command's overall deadline (`--timeout`) passes before AWS answered. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/** What the one-line explanation may name: the environment the SDK read, and the deadline as given. */
export interface FailureContext {
  env: Record<string, string | undefined>;
  /** `--timeout` as the user wrote it (or the default). */
  timeout: string;
}

function endpointOf(env: FailureContext['env'], failure: NetworkFailures['first']): string {
  if (failure?.address !== undefined) return `${failure.address}:${failure.port ?? ''}`.replace(/:$/, '');
  if (failure?.hostname) return failure.hostname;
  return env.AWS_ENDPOINT_URL ?? 'AWS';
}

function region(env: FailureContext['env']): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "the profile's region";
}

function networkLine(failure: NonNullable<NetworkFailures['first']>, ctx: FailureContext): string {
  const where = endpointOf(ctx.env, failure);
  const endpointHint = ctx.env.AWS_ENDPOINT_URL
    ? `check AWS_ENDPOINT_URL (${ctx.env.AWS_ENDPOINT_URL})`
    : 'check the network, VPN or proxy';
  switch (failure.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return ctx.env.AWS_ENDPOINT_URL
        ? `cannot resolve ${where}: ${endpointHint} and DNS`
        : `cannot resolve ${where}: is the Region "${region(ctx.env)}" a real AWS Region? Check AWS_REGION (or the profile's region) and DNS`;
    case 'ECONNREFUSED':
      return `cannot connect to ${where} (connection refused): ${endpointHint}`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the connection to ${where} was reset: ${endpointHint}`;
    default:
      return `no answer from ${where} (${failure.code ?? failure.name}): ${endpointHint}`;
  }
}

/**
 * One line naming why the report could not read AWS and what to check, for the failures that are not the
 * fleet's (network, DNS, credentials, Region, the deadline); undefined for any other error.
 */
export function describeAwsFailure(error: unknown, network: NetworkFailures, ctx: FailureContext): string | undefined {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  const text = String(message ?? '');
  if (error instanceof DeadlineError) {
    const cause = network.first ? `; the last network error: ${networkLine(network.first, ctx)}` : '';
    return `no answer from ${endpointOf(ctx.env, network.first)} within --timeout ${ctx.timeout}${cause}${cause ? '' : ': check the network or proxy, or give a longer --timeout'}`;
  }
  if (network.first && (isNetworkLike(error) || error === undefined)) return networkLine(network.first, ctx);
  if (/region is missing/i.test(text)) {
    return 'no AWS Region: set AWS_REGION, or a region in the profile (aws configure set region …)';
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    const profile = ctx.env.AWS_PROFILE;
    return profile
      ? `no AWS credentials for profile "${profile}" (AWS_PROFILE): check that it exists (aws configure list-profiles) and is signed in (aws sso login --profile ${profile})`
      : 'no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in (aws sso login)';
  }
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken') {
    return 'the AWS credentials have expired: sign in again (aws sso login) or refresh them';
  }
  if (['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException'].includes(name ?? '')) {
    return `AWS refused the credentials (${name}): check the access key or profile, and the clock of this machine`;
  }
  return undefined;
}

function isNetworkLike(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return name === 'TimeoutError' || typeof code === 'string';
}
