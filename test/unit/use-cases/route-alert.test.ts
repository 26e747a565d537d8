import { beforeEach, describe, expect, it } from 'vitest';
import type { SnsPayload } from '../../../shared/domain/alerts/sns.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { clearRouteTagCache } from '../../../shared/use-cases/route-alert.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import { createRecordingEcs, demoEvents, testDeps, variant } from '../../helpers/pipeline.js';

const demo = demoEvents();
// Demo line 4: orders-api task, essential container "api" exited 1.
const crash = demo[3] as Record<string, unknown>;
const crashAt = Date.parse(String(crash.time));
const minute = (m: number) => new Date(crashAt + m * 60_000).toISOString();
const SERVICE_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api';

beforeEach(() => clearRouteTagCache());

function tagged(tags: Record<string, string>) {
  const recording = createRecordingEcs({ tags: { [SERVICE_ARN]: tags } });
  let reads = 0;
  const taskTags = recording.ecs.taskTags.bind(recording.ecs);
  recording.ecs.taskTags = async (arn) => {
    reads += 1;
    return taskTags(arn);
  };
  return { ecs: recording.ecs, reads: () => reads };
}

describe('Function: deliverAlerts with routes', () => {
  it("sends to the service's team by its tags and tells SNS subscribers the team", async () => {
    // Prepare
    const { ecs } = tagged({ 'ecs-lookout:team': 'orders', 'ecs-lookout:slack-channel': 'C0ORD1234' });
    const { deps, slack, sns } = testDeps({ LOOKOUT_REMEDIATION_MODE: 'off', LOOKOUT_ROUTE_TAGS: 'true' }, { ecs });
    // Act
    await handleEvent(deps, crash, 'crash');
    // Assess
    expect(slack.captured[0]?.alert.route).toEqual({
      name: 'tags',
      source: 'tags',
      team: 'orders',
      slackChannel: 'C0ORD1234',
    });
    const payload = sns.captured[0]?.payload as SnsPayload;
    expect(payload.MessageAttributes.team).toEqual({ DataType: 'String', StringValue: 'orders' });
  });

  it('reads the tags once per resource, not per event or alert, within the cache time', async () => {
    const { ecs, reads } = tagged({ 'ecs-lookout:team': 'orders' });
    const { deps } = testDeps({ LOOKOUT_REMEDIATION_MODE: 'off', LOOKOUT_ROUTE_TAGS: 'true' }, { ecs });
    for (let n = 1; n <= 4; n++) await handleEvent(deps, variant(crash, n, minute(n)), `crash ${n}`);
    // opened and escalated were sent; the service and the task definition were each read once
    expect(reads()).toBe(2);
  });

  it("keeps a route's Slack channel quiet below its minimum severity, SNS still told", async () => {
    const routes = JSON.stringify([{ match: { service: 'orders-*' }, team: 'orders', minSeverity: 'critical' }]);
    const { deps, slack, sns } = testDeps({ LOOKOUT_ROUTES: routes, LOOKOUT_ROUTE_TAGS: 'false' });
    await handleEvent(deps, crash, 'crash');
    expect(slack.captured).toEqual([]);
    expect(sns.captured.map((c) => c.alert.transition)).toEqual(['opened']);
    // the crash loop makes it critical: now the team's channel hears of it
    for (let n = 2; n <= 3; n++) await handleEvent(deps, variant(crash, n, minute(n)), `crash ${n}`);
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['escalated']);
    await runSweep(deps, minute(60));
  });

  it('routes by tags with only a tag reader (service and instance events take no ECS action)', async () => {
    const { ecs, reads } = tagged({ 'ecs-lookout:team': 'orders', 'ecs-lookout:slack-channel': 'C0ORD1234' });
    const { deps, slack } = testDeps({ LOOKOUT_REMEDIATION_MODE: 'off', LOOKOUT_ROUTE_TAGS: 'true' });
    await handleEvent({ ...deps, ecs: undefined, routingTags: ecs.taskTags }, crash, 'crash');
    expect(slack.captured[0]?.alert.route).toMatchObject({ source: 'tags', team: 'orders', slackChannel: 'C0ORD1234' });
    expect(reads()).toBe(2);
  });
});
