import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRoutedWebhooks } from '../../../../shared/adapters/secrets/routed-webhooks.js';

const PATH = '/ecs-lookout/slack-webhooks/';
const PAYMENTS = 'https://hooks.slack.com/services/T000/BPAY/PAYSECRET';
const ssm = mockClient(SSMClient);

beforeEach(() => ssm.reset());

function routed(clock = { now: 0 }) {
  return createRoutedWebhooks({
    path: PATH,
    ssmClient: new SSMClient({ region: 'eu-west-1' }),
    now: () => clock.now,
    maxAgeMs: 60_000,
  });
}

const notFound = () => new ParameterNotFound({ message: 'not found', $metadata: {} });

describe('Function: createRoutedWebhooks', () => {
  it.each([
    ['a plain URL', PAYMENTS],
    ['JSON with url', JSON.stringify({ url: PAYMENTS })],
  ])('reads the channel’s SecureString with decryption: %s', async (_, value) => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: value } });

    await expect(routed()('C0PAY1234')).resolves.toBe(PAYMENTS);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: `${PATH}C0PAY1234`, WithDecryption: true });
  });

  it('answers undefined for a channel without a parameter, and asks again only after maxAge', async () => {
    ssm.on(GetParameterCommand).rejects(notFound());
    const clock = { now: 0 };
    const webhooks = routed(clock);

    await expect(webhooks('C0NONE123')).resolves.toBeUndefined();
    await expect(webhooks('C0NONE123')).resolves.toBeUndefined();
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);

    clock.now = 60_001;
    await webhooks('C0NONE123');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('keeps each channel apart and caches a found URL', async () => {
    ssm.on(GetParameterCommand, { Name: `${PATH}C0PAY1234` }).resolves({ Parameter: { Value: PAYMENTS } });
    ssm.on(GetParameterCommand, { Name: `${PATH}C0OPS1234` }).rejects(notFound());
    const webhooks = routed();

    expect(await webhooks('C0PAY1234')).toBe(PAYMENTS);
    expect(await webhooks('C0OPS1234')).toBeUndefined();
    expect(await webhooks('C0PAY1234')).toBe(PAYMENTS);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('shares one read between concurrent callers', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: PAYMENTS } });
    const webhooks = routed();

    const answers = await Promise.all([webhooks('C0PAY1234'), webhooks('C0PAY1234'), webhooks('C0PAY1234')]);

    expect(answers).toEqual([PAYMENTS, PAYMENTS, PAYMENTS]);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it('throws a failed read naming the parameter, and does not cache it', async () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(denied)
      .resolves({ Parameter: { Value: PAYMENTS } });
    const webhooks = routed();

    await expect(webhooks('C0PAY1234')).rejects.toThrow(
      `could not read the routed Slack webhook URL from SSM parameter ${PATH}C0PAY1234: AccessDeniedException`,
    );
    await expect(webhooks('C0PAY1234')).resolves.toBe(PAYMENTS);
  });

  it('rejects a value that is not a URL without quoting it', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'xoxb-not-a-webhook' } });

    const error = await routed()('C0PAY1234').catch((e: Error) => e);

    expect(String(error)).toContain(`${PATH}C0PAY1234`);
    expect(String(error)).not.toContain('xoxb-not-a-webhook');
  });

  it('holds at most 500 channels, forgetting the oldest first', async () => {
    ssm.on(GetParameterCommand).rejects(notFound());
    const webhooks = routed();

    for (let i = 0; i <= 500; i++) await webhooks(`C${String(i).padStart(8, '0')}`);
    await webhooks('C00000500');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(501);
    await webhooks('C00000000');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(502);
  });
});
