import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, describe, expect, it } from 'vitest';
import { createRoutedWebhooks } from '../../../shared/adapters/secrets/routed-webhooks.js';
import { createSlackChannel } from '../../../shared/adapters/slack/slack-channel.js';
import { startFakeSlack } from '../../helpers/fake-slack.js';
import { motoClientConfig, uniqueName } from '../../helpers/moto.js';
import { makeAlert } from '../../unit/domain/alerts/incident-factory.js';

const ssm = new SSMClient(motoClientConfig());

afterAll(() => ssm.destroy());

const routedTo = (slackChannel: string) => ({
  ...makeAlert('oom'),
  route: { name: 'payments', source: 'config' as const, team: 'payments', slackChannel },
});

// The unit tests answer GetParameter with aws-sdk-client-mock; here moto's SSM answers, so a missing
// parameter's real error (ParameterNotFound) and SecureString decryption are what the adapter sees.
describe('Routed Slack webhooks on moto SSM', () => {
  it('posts a routed alert to the SecureString stored for its channel, others to the default webhook', async () => {
    const [general, payments] = [
      await startFakeSlack([{ status: 200, body: 'ok' }]),
      await startFakeSlack([{ status: 200, body: 'ok' }]),
    ];
    try {
      const path = `/${uniqueName('webhooks')}/`;
      await ssm.send(new PutParameterCommand({ Name: `${path}C0PAY1234`, Value: payments.url, Type: 'SecureString' }));
      const routed = createRoutedWebhooks({ path, ssmClient: ssm });
      const channel = createSlackChannel({ webhookUrl: async () => general.url, routedWebhook: routed });

      await expect(routed('C0NONE123')).resolves.toBeUndefined();
      const results = [
        await channel.send(routedTo('C0PAY1234'), Date.now() + 60_000),
        await channel.send(routedTo('C0NONE123'), Date.now() + 60_000),
        await channel.send(makeAlert('oom'), Date.now() + 60_000),
      ];

      expect(results.map((result) => result.ok)).toEqual([true, true, true]);
      expect(payments.requests).toHaveLength(1);
      expect(general.requests).toHaveLength(2);
    } finally {
      await Promise.all([general.close(), payments.close()]);
    }
  });
});
