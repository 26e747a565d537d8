// Errors that no other cluster would escape either: reading on is pointless, so they end the read.
const FATAL_NAMES = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
]);

/** True for missing/invalid credentials or a missing region: errors of the whole read, not of one cluster. */
export function isFatalAwsError(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  const message = String((error as { message?: unknown })?.message ?? '');
  return (typeof name === 'string' && FATAL_NAMES.has(name)) || /region is missing/i.test(message);
}

/** `AccessDeniedException: not authorized to perform ecs:ListServices` (one line, bounded). */
export function describeAwsError(error: unknown): string {
  const name = (error as { name?: unknown })?.name;
  const message = String((error as { message?: unknown })?.message ?? error);
  const text =
    typeof name === 'string' && name !== 'Error' && !message.startsWith(name) ? `${name}: ${message}` : message;
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
