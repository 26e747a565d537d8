import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHECK_EVERY_MS,
  DEADLINE_MS,
  DIGEST_UTC_HOUR,
  SQS_BATCH_SIZE,
  SQS_BATCH_WINDOW_S,
  SQS_MAX_RECEIVES,
  SQS_VISIBILITY_S,
  SWEEP_EVERY_MS,
} from '../../../shared/simulator/run/constants.js';
import { REPLAY_BATCH_SIZE, REPLAY_BATCH_WINDOW_MS, REPLAY_SWEEP_EVERY_MS } from '../../../shared/use-cases/replay.js';
import { type CfnTemplate, loadTemplate, resourcesOfType } from '../../helpers/cfn-template.js';

// The simulator models the deployed delivery path; if serverless.yml changes a number, its figures lie.
const EVENT_FUNCTIONS = ['TaskStateChange', 'InstanceStateChange', 'ServiceEvent'];

let template: CfnTemplate;
beforeAll(() => {
  template = loadTemplate();
}, 180_000);

const scheduleOf = (name: string) =>
  resourcesOfType(template, 'AWS::Events::Rule').find(([, r]) => r.Properties.Name === `ecs-lookout-dev-${name}`)![1]
    .Properties.ScheduleExpression;
const timeoutOf = (id: string) => (template.Resources[`${id}LambdaFunction`]!.Properties.Timeout as number) * 1000;

describe('Template: the simulator and replay run what serverless.yml deploys', () => {
  it.each(EVENT_FUNCTIONS)('%s: batch size, window, visibility and receives match', (id) => {
    const mapping = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').find(
      ([, m]) => (m.Properties.FunctionName as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] === `${id}LambdaFunction`,
    )![1].Properties;
    expect(mapping.BatchSize).toBe(SQS_BATCH_SIZE);
    expect(mapping.MaximumBatchingWindowInSeconds).toBe(SQS_BATCH_WINDOW_S);
    const queue = template.Resources[`${id}Queue`]!.Properties;
    expect(queue.VisibilityTimeout).toBe(SQS_VISIBILITY_S);
    expect((queue.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount).toBe(SQS_MAX_RECEIVES);
    expect(timeoutOf(id) - DEADLINE_MS.event).toBe(3_000);
  });

  it('replay cuts batches and sweeps as deployed too', () => {
    expect([REPLAY_BATCH_SIZE, REPLAY_BATCH_WINDOW_MS / 1000]).toEqual([SQS_BATCH_SIZE, SQS_BATCH_WINDOW_S]);
    expect(scheduleOf('grace-sweep')).toBe(`rate(${REPLAY_SWEEP_EVERY_MS / 60_000} minute)`);
  });

  it('schedules and deadlines match', () => {
    expect(scheduleOf('grace-sweep')).toBe(`rate(${SWEEP_EVERY_MS / 60_000} minute)`);
    expect(scheduleOf('check-schedule')).toBe(`rate(${CHECK_EVERY_MS / 60_000} minutes)`);
    expect(scheduleOf('digest-schedule')).toBe(`cron(0 ${DIGEST_UTC_HOUR} * * ? *)`);
    expect(timeoutOf('GraceSweep') - DEADLINE_MS.sweep).toBe(3_000);
    expect(timeoutOf('HealthReport') - DEADLINE_MS.report).toBe(3_000);
  });
});
