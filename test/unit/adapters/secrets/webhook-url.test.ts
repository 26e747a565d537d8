import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createWebhookUrlSource } from '../../../../shared/adapters/secrets/webhook-url.js';

const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';
const ssm = mockClient(SSMClient);
const secrets = mockClient(SecretsManagerClient);

beforeEach(() => {
  ssm.reset();
  secrets.reset();
});

function fromSsm(now = () => 0, maxAgeMs?: number) {
  const ssmClient = new SSMClient({ region: 'eu-west-1' });
  return createWebhookUrlSource({ ssmParam: '/lookout/slack', ssmClient, now, maxAgeMs });
}

function fromSecret(value: string) {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: value });
  const secretsClient = new SecretsManagerClient({ region: 'eu-west-1' });
  return createWebhookUrlSource({ secretId: 'lookout/slack', secretsClient });
}

describe('Function: createWebhookUrlSource', () => {
  it('reads an SSM SecureString with decryption', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: WEBHOOK } });

    await expect(fromSsm()()).resolves.toBe(WEBHOOK);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/lookout/slack', WithDecryption: true });
  });

  it('caches the value: a second call within maxAge makes no request', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: WEBHOOK } });
    const source = fromSsm();

    await source();
    await source();

    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
  });

  it('reads again once the value is older than maxAge', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: WEBHOOK } });
    let clock = 0;
    const source = fromSsm(() => clock, 1_000);

    await source();
    clock = 1_001;
    await source();

    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 2);
  });

  it('shares one request between concurrent callers', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: WEBHOOK } });
    const source = fromSsm();

    await Promise.all([source(), source(), source()]);

    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
  });

  it('propagates an SDK error naming the parameter, and does not cache the failure', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(new ParameterNotFound({ message: 'parameter not found', $metadata: {} }))
      .resolves({ Parameter: { Value: WEBHOOK } });
    const source = fromSsm();

    await expect(source()).rejects.toThrow(
      'could not read the Slack webhook URL from SSM parameter /lookout/slack: ParameterNotFound: parameter not found',
    );
    await expect(source()).resolves.toBe(WEBHOOK);
  });

  it('rejects a parameter without a value', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: {} });
    await expect(fromSsm()()).rejects.toThrow('SSM parameter /lookout/slack has no value');
  });

  it.each([
    ['a plain string', WEBHOOK],
    ['JSON with url', JSON.stringify({ url: WEBHOOK })],
    ['JSON with webhookUrl', JSON.stringify({ webhookUrl: WEBHOOK, channel: '#ops' })],
    ['surrounding whitespace', `  ${WEBHOOK}\n`],
  ])('reads a Secrets Manager secret holding %s', async (_, value) => {
    await expect(fromSecret(value)()).resolves.toBe(WEBHOOK);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: 'lookout/slack' });
  });

  it.each([
    [
      'JSON without a url key',
      JSON.stringify({ token: 'XXXXSECRET' }),
      'is JSON without a "url" or "webhookUrl" string',
    ],
    ['broken JSON', '{"url": "https://hooks.slack.com/services/XXXXSECRET"', 'starts with "{" but is not valid JSON'],
    ['not a URL', 'XXXXSECRET', 'is not a URL'],
  ])('rejects %s without echoing the value', async (_, value, message) => {
    const error = await fromSecret(value)().then(
      () => new Error('resolved'),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('XXXXSECRET');
  });

  it('rejects when neither source is configured', async () => {
    await expect(createWebhookUrlSource({})()).rejects.toThrow('no Slack webhook configured');
  });
});
