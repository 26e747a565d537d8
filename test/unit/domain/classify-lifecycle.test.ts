import { describe, expect, it } from 'vitest';
import { classify } from '../../../shared/domain/classify/classify.js';
import type { Verdict } from '../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { eventFixture } from './event-fixtures.js';

type Detail = Record<string, unknown>;

/** A fixture with its detail changed by `edit` (a fresh copy). */
function edited(name: string, edit: (detail: Detail, event: Record<string, unknown>) => void): Verdict {
  const event = eventFixture(name);
  edit(event.detail as Detail, event);
  return classify(parseEcsEvent(event));
}

describe('Function: classify (container instance health)', () => {
  /** The EC2 health example with the given checks. */
  function withChecks(overallStatus: string, checks: Array<[string, string]>): Verdict {
    return edited('instance-healthy--doc-container-runtime-ok', (detail) => {
      detail.overallStatus = overallStatus;
      detail.healthChecks = checks.map(([type, status]) => ({
        type,
        status,
        lastStatusChange: '2026-04-11T00:48:53Z',
        lastUpdated: '2026-04-11T00:48:09Z',
        statusReason: null,
      }));
    });
  }

  it.each<{ overall: string; checks: Array<[string, string]>; category: string; severity: string }>([
    {
      overall: 'IMPAIRED',
      checks: [['CONTAINER_RUNTIME', 'IMPAIRED']],
      category: 'instance-impaired',
      severity: 'critical',
    },
    {
      overall: 'IMPAIRED',
      checks: [['AGENT_CONNECTIVITY', 'IMPAIRED']],
      category: 'instance-unreachable',
      severity: 'critical',
    },
    {
      overall: 'IMPAIRED',
      checks: [['ACCELERATED_COMPUTE', 'IMPAIRED']],
      category: 'managed-instance-impaired',
      severity: 'warning',
    },
    {
      overall: 'IMPAIRED',
      checks: [['DAEMON', 'IMPAIRED']],
      category: 'managed-instance-impaired',
      severity: 'warning',
    },
    // the worst IMPAIRED entry decides, wherever it is in the list
    {
      overall: 'IMPAIRED',
      checks: [
        ['DAEMON', 'IMPAIRED'],
        ['CONTAINER_RUNTIME', 'IMPAIRED'],
      ],
      category: 'instance-impaired',
      severity: 'critical',
    },
    {
      overall: 'IMPAIRED',
      checks: [
        ['CONTAINER_RUNTIME', 'OK'],
        ['AGENT_CONNECTIVITY', 'IMPAIRED'],
      ],
      category: 'instance-unreachable',
      severity: 'critical',
    },
    // a check type added later pages rather than going unseen
    { overall: 'IMPAIRED', checks: [['STORAGE', 'IMPAIRED']], category: 'instance-impaired', severity: 'critical' },
    // IMPAIRED overall with no check listed
    { overall: 'IMPAIRED', checks: [], category: 'instance-impaired', severity: 'critical' },
    { overall: 'OK', checks: [['CONTAINER_RUNTIME', 'OK']], category: 'instance-healthy', severity: 'info' },
    {
      overall: 'INITIALIZING',
      checks: [['CONTAINER_RUNTIME', 'INITIALIZING']],
      category: 'instance-health-unknown',
      severity: 'info',
    },
    { overall: 'INSUFFICIENT_DATA', checks: [], category: 'instance-health-unknown', severity: 'info' },
  ])('$checks (overall $overall) → $category', ({ overall, checks, category, severity }) => {
    expect(withChecks(overall, checks)).toMatchObject({ category, severity });
  });

  it('carries the check that explains the verdict, for dedup and the alert', () => {
    const { facts, remediation } = classify(parseEcsEvent(eventFixture('instance-unreachable--several-checks')));
    expect(facts).toMatchObject({
      containerInstanceArn: 'arn:aws:ecs:us-west-2:123456789012:container-instance/my-cluster/a1b2c3d4EXAMPLE',
      ec2InstanceId: 'i-0abcdef1234567890',
      checkType: 'AGENT_CONNECTIVITY',
      lastStatus: 'IMPAIRED',
      statusChangedAt: '2026-04-11T01:19:58Z',
      reason: 'Agent disconnected since 2026-04-11T01:12:58Z',
      capacityProvider: 'my-capacity-provider',
    });
    expect(remediation).toBe('drain-instance');
  });

  it('does not drain a managed instance: ECS repairs it', () => {
    expect(classify(parseEcsEvent(eventFixture('managed-instance-impaired--doc-daemon'))).remediation).toBe('none');
  });

  it('takes the container instance from resources[0] and skips checks without a type or status', () => {
    const verdict = edited('instance-unreachable--doc-agent-connectivity', (detail) => {
      delete detail.containerInstanceArn;
      delete detail.clusterArn;
      (detail.healthChecks as Detail[]).unshift({ status: 'IMPAIRED' }, { type: 'DAEMON' });
      detail.somethingNew = { nested: true };
    });
    expect(verdict).toMatchObject({ category: 'instance-unreachable', facts: { cluster: 'my-cluster' } });
  });

  it('reports a malformed check list as invalid, naming the field', () => {
    const verdict = edited('instance-healthy--doc-container-runtime-ok', (detail) => {
      detail.healthChecks = [{ type: 'CONTAINER_RUNTIME', status: 7 }];
    });
    expect(verdict.error).toBe('detail.healthChecks[0].status: expected string, got number');
  });
});

describe('Function: classify (lifecycle hooks)', () => {
  it.each([
    // eventName, hookType, category
    ['HOOK_FAILED', 'AWS_LAMBDA', 'hook-failed'],
    ['HOOK_FAILED', undefined, 'hook-failed'],
    ['HOOK_FAILED', 'PAUSE', 'deployment-rollback'],
    ['HOOK_TIMED_OUT', 'PAUSE', 'hook-timed-out'],
    ['HOOK_AWAITING_ACTION', 'PAUSE', 'hook-awaiting-action'],
    ['HOOK_SUCCEEDED', 'PAUSE', 'hook-succeeded'],
    ['HOOK_IN_PROGRESS', 'AWS_LAMBDA', 'service-info'],
  ])('%s of a %s hook → %s, whatever its eventType', (eventName, hookType, category) => {
    const verdict = edited('hook-awaiting-action--doc-example', (detail) => {
      Object.assign(detail, { eventName, eventType: 'INFO' });
      if (hookType === undefined) delete detail.hookType;
      else detail.hookType = hookType;
    });
    expect(verdict.category).toBe(category);
  });

  it('classifies an unknown hook name by its eventType', () => {
    const verdict = edited('hook-awaiting-action--doc-example', (detail) => {
      Object.assign(detail, { eventName: 'HOOK_SOMETHING_NEW', eventType: 'ERROR' });
    });
    expect(verdict).toMatchObject({ category: 'service-error', severity: 'critical' });
    expect(verdict.summary).toContain('reported "HOOK_SOMETHING_NEW" at POST_TEST_TRAFFIC_SHIFT (ERROR)');
  });

  it('names the hook, its stage and the service in the facts and the summary', () => {
    const verdict = classify(parseEcsEvent(eventFixture('hook-failed--lambda-post-test-traffic')));
    expect(verdict.facts).toMatchObject({
      service: 'my-service',
      cluster: 'my-cluster',
      hookId: 'ecs-lambda-Q2vN8rT4_kLmP7wXyZ1aB3cD5eF6gH7iJ8kL9mN0pQ',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      deploymentArn:
        'arn:aws:ecs:us-west-2:123456789012:service-deployment/my-cluster/my-service/0EYSiB0qap8xf0N76FsbE',
      eventName: 'HOOK_FAILED',
    });
    expect(verdict.summary).toBe(
      'Lifecycle hook ecs-lambda-Q2vN8rT4_kLmP7wXyZ1aB3cD5eF6gH7iJ8kL9mN0pQ of service my-service in cluster my-cluster failed at POST_TEST_TRAFFIC_SHIFT.',
    );
  });

  it('finds the service from the service-deployment ARN when serviceArn is absent', () => {
    const verdict = edited('hook-timed-out--pause', (detail) => {
      delete detail.serviceArn;
      delete detail.serviceDeploymentArn;
    });
    expect(verdict.facts).toMatchObject({
      service: 'my-service',
      serviceArn: 'arn:aws:ecs:us-west-2:123456789012:service/my-cluster/my-service',
    });
  });

  it('is invalid when nothing names the service', () => {
    const verdict = edited('hook-awaiting-action--doc-pause-no-resources', (detail) => {
      delete detail.serviceArn;
      delete detail.serviceDeploymentArn;
    });
    expect(verdict.error).toBe('detail.serviceArn: required field is missing');
  });
});

describe('Function: classify (managed daemons)', () => {
  it.each([
    ['DAEMON_DEPLOYMENT_PENDING', 'INFO', 'daemon-deployment'],
    ['DAEMON_DEPLOYMENT_IN_PROGRESS', 'INFO', 'daemon-deployment'],
    ['DAEMON_DEPLOYMENT_SUCCESSFUL', 'INFO', 'daemon-deployed'],
    ['DAEMON_DEPLOYMENT_STOPPED', 'INFO', 'daemon-deployment'],
    // failed rollouts arrive as INFO: the name decides
    ['DAEMON_DEPLOYMENT_STOP_REQUESTED', 'INFO', 'daemon-rollback'],
    ['DAEMON_DEPLOYMENT_ROLLBACK_IN_PROGRESS', 'INFO', 'daemon-rollback'],
    ['DAEMON_DEPLOYMENT_ROLLBACK_SUCCESSFUL', 'INFO', 'daemon-rollback'],
    ['DAEMON_DEPLOYMENT_ROLLBACK_FAILED', 'ERROR', 'daemon-rollout-failed'],
    ['DAEMON_DEPLOYMENT_SOMETHING_NEW', 'ERROR', 'service-error'],
  ])('%s (%s) → %s', (eventName, eventType, category) => {
    const verdict = edited('daemon-deployment--doc-pending', (detail) =>
      Object.assign(detail, { eventName, eventType }),
    );
    expect(verdict.category).toBe(category);
    expect(verdict.facts).toMatchObject({ daemon: 'my-daemon', cluster: 'my-cluster' });
  });

  it('classifies a daemon task that cannot start, and an unknown WARNING name, as warnings', () => {
    expect(classify(parseEcsEvent(eventFixture('daemon-start-impaired--doc-task-failed-to-run')))).toMatchObject({
      category: 'daemon-start-impaired',
      severity: 'warning',
      facts: { daemon: 'my-daemon', taskArn: 'arn:aws:ecs:us-west-2:123456789012:task/my-cluster/a1b2c3d4e5f6' },
    });
    const unknown = edited('daemon-start-impaired--doc-task-failed-to-run', (detail) => {
      detail.eventName = 'DAEMON_SOMETHING_NEW';
    });
    expect(unknown).toMatchObject({ category: 'service-warning', severity: 'warning' });
  });

  it('finds the daemon from its revision ARN when daemonArn is absent', () => {
    const verdict = edited('daemon-start-impaired--doc-task-creation-failed', (detail) => {
      delete detail.daemonArn;
      delete detail.clusterArn;
    });
    expect(verdict.facts).toMatchObject({
      daemon: 'my-daemon',
      daemonArn: 'arn:aws:ecs:us-west-2:123456789012:daemon/my-cluster/my-daemon',
      cluster: 'my-cluster',
    });
  });
});

describe('Function: classify (additions to the older types)', () => {
  it('calls a task stopped while its managed instance drains normal churn', () => {
    expect(classify(parseEcsEvent(eventFixture('normal-stop--managed-instance-draining')))).toMatchObject({
      category: 'normal-stop',
      alert: false,
    });
  });

  it('classifies SERVICE_HEALTH_UNKNOWN on its name, as a warning', () => {
    expect(classify(parseEcsEvent(eventFixture('service-health-unknown--doc-name')))).toMatchObject({
      category: 'service-health-unknown',
      severity: 'warning',
    });
  });
});
