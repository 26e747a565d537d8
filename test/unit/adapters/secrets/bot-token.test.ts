import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBotTokenSource } from '../../../../shared/adapters/secrets/bot-token.js';

const TOKEN = 'xoxb-1234-5678-SECRETPART';
const ssm = mockClient(SSMClient);
const secrets = mockClient(SecretsManagerClient);

beforeEach(() => {
  ssm.reset();
  secrets.reset();
});

const fromSsm = (now = () => 0) =>
  createBotTokenSource({ ssmParam: '/lookout/slack-bot', ssmClient: new SSMClient({ region: 'eu-west-1' }), now });

function fromSecret(value: string) {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: value });
  return createBotTokenSource({ secretId: 'lookout/slack-bot', secretsClient: new SecretsManagerClient({}) });
}

describe('Function: createBotTokenSource', () => {
  it('reads an SSM SecureString with decryption and caches it', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: TOKEN } });
    const source = fromSsm();
    await expect(source()).resolves.toBe(TOKEN);
    await source();
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/lookout/slack-bot', WithDecryption: true });
  });

  it('reads it again once the cache is older than maxAge', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: TOKEN } });
    let now = 0;
    const source = fromSsm(() => now);
    await source();
    now = 5 * 60_000;
    await source();
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 2);
  });

  it.each([
    ['the token itself', TOKEN],
    ['JSON with token', JSON.stringify({ token: TOKEN })],
    ['JSON with botToken', JSON.stringify({ botToken: TOKEN })],
  ])('takes %s from a secret', async (_, value) => {
    await expect(fromSecret(value)()).resolves.toBe(TOKEN);
  });

  it.each([
    ['a user token', 'xoxp-1234-5678', 'is not a Slack bot token'],
    ['broken JSON', `{"token": "${TOKEN}"`, 'is not valid JSON'],
    ['JSON without a token', '{"url": "x"}', 'without a "token"'],
  ])('refuses %s without quoting it', async (_, value, message) => {
    const error = await fromSecret(value)().catch((e: Error) => e);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('1234');
  });

  it('names the source of a failed read, not the value, and does not cache the failure', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(new ParameterNotFound({ message: 'nope', $metadata: {} }))
      .resolves({ Parameter: { Value: TOKEN } });
    const source = fromSsm();
    await expect(source()).rejects.toThrow('could not read the Slack bot token from SSM parameter /lookout/slack-bot');
    await expect(source()).resolves.toBe(TOKEN);
  });
});
