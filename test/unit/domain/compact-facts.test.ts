import { describe, expect, it } from 'vitest';
import { classify } from '../../../shared/domain/classify/classify.js';
import { compactFacts } from '../../../shared/domain/classify/draft.js';
import type { Facts } from '../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { loadEventFixtures } from './event-fixtures.js';

// Every fact set: typed Required, so a fact added to Facts must be added here (and copied by compactFacts).
const EVERY_FACT: Required<Facts> = {
  account: '123456789012',
  region: 'us-east-1',
  time: '2026-01-01T00:00:00Z',
  resourceArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/1',
  cluster: 'prod',
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
  service: 'api',
  serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/api',
  family: 'api',
  taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/1',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:3',
  standalone: false,
  group: 'service:api',
  startedBy: 'ecs-svc/1',
  launchType: 'FARGATE',
  capacityProvider: 'FARGATE',
  containerInstanceArn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/9',
  ec2InstanceId: 'i-0abc',
  container: 'web',
  image: 'web:1',
  exitCode: 0,
  deploymentId: 'ecs-svc/2',
  deploymentArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/0EYSiB0qap8xf0N76FsbE',
  daemon: 'log-agent',
  daemonArn: 'arn:aws:ecs:us-east-1:123456789012:daemon/prod/log-agent',
  hookId: 'ecs-pause-e7tK9G',
  lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
  expiresAt: '2026-01-01T00:10:00Z',
  checkType: 'CONTAINER_RUNTIME',
  statusChangedAt: '2026-01-01T00:00:00Z',
  eventName: 'SERVICE_DEPLOYMENT_COMPLETED',
  reason: 'Essential container in task exited',
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  stoppingAt: '2026-01-01T00:00:00.000Z',
  lastStatus: 'STOPPED',
  version: 3,
};

describe('Function: compactFacts', () => {
  it('keeps every defined fact, falsy values included', () => {
    expect(compactFacts({ ...EVERY_FACT })).toEqual(EVERY_FACT);
  });

  it('drops undefined facts instead of keeping undefined keys', () => {
    // Act
    const compact = compactFacts({ account: 'a', region: 'r', time: 't', service: undefined, exitCode: undefined });

    // Assess
    expect(Object.keys(compact)).toEqual(['account', 'region', 'time']);
  });
});

// The fact builders write their facts directly (no compact copy): each must already be what compactFacts returns.
describe('Fact builders: already compact', () => {
  it.each(loadEventFixtures().map(({ file, value }) => [file, value]))('%s', (_file, value) => {
    // Act
    const { facts } = classify(parseEcsEvent(value));

    // Assess: the same keys in compactFacts' order, none undefined
    expect(Object.keys(facts)).toEqual(Object.keys(compactFacts(facts)));
    expect(Object.values(facts)).not.toContain(undefined);
  });
});
