import { describe, expect, it } from 'vitest';
import { buildAlert } from '../../../../shared/domain/alerts/build.js';
import type { Category } from '../../../../shared/domain/classify/types.js';
import type { Incident, Transition } from '../../../../shared/domain/incidents/types.js';
import { ALERTING, IDS, incidentAfter, makeIncident, TRANSITIONS } from './incident-factory.js';

describe('Function: buildAlert', () => {
  describe('titles', () => {
    it.each<[string, Category, Transition, Partial<Incident>, string]>([
      ['a first failure names the category', 'oom', 'opened', {}, 'Out of memory: service orders-api in prod'],
      ['an escalation is a crash loop', 'oom', 'escalated', {}, 'Crash loop: service orders-api in prod'],
      [
        'a repeat after escalation stays a crash loop',
        'app-exit',
        'repeated',
        { escalatedAt: '2026-08-20T09:20:00Z' },
        'Still failing: Crash loop: service orders-api in prod',
      ],
      [
        'a resolved incident says so first',
        'image-pull',
        'resolved',
        {},
        'Resolved: Image pull failed: service orders-api in prod',
      ],
      [
        'a standalone family is named as such',
        'app-exit',
        'opened',
        { subject: { kind: 'family', name: 'nightly-job' } },
        'Container exited: task family nightly-job in prod',
      ],
      [
        'a lost instance uses its EC2 id',
        'instance-disconnected',
        'opened',
        {},
        `Lost instance ${IDS.ec2InstanceId} in prod`,
      ],
      [
        'deployments name the deployment, the service and what happened',
        'deployment-failed',
        'opened',
        {},
        'Deployment ecs-svc/1234567890123456789 of orders-api in prod failed',
      ],
      [
        'service health names the signal',
        'placement-failure',
        'opened',
        {},
        'Tasks cannot be placed: service orders-api in prod',
      ],
      ['start impaired', 'start-impaired', 'escalated', {}, 'Tasks failing to start: service orders-api in prod'],
      [
        'a service names the worst cause it saw, not the latest',
        'app-exit',
        'opened',
        { countsByCategory: { 'app-exit': 3, 'image-pull': 1 }, escalatedAt: undefined },
        'Image pull failed: service orders-api in prod',
      ],
      [
        "a deployment's failing tasks: what fails and how many",
        'image-pull',
        'opened',
        { group: 'deployment', deploymentId: 'ecs-svc/9', absorbed: 2, countsByCategory: { 'image-pull': 6 } },
        'Deployment ecs-svc/9 of orders-api in prod failing: image pull (8 tasks)',
      ],
    ])('%s', (_, category, transition, overrides, expected) => {
      // Prepare
      const incident = incidentAfter(transition, category, overrides);

      // Act
      const alert = buildAlert({ incident, transition });

      // Assess
      expect(alert.title).toBe(expected);
    });

    it('uses the container instance id when the EC2 id is unknown', () => {
      const incident = makeIncident('instance-disconnected', { facts: { ec2InstanceId: undefined } });
      expect(buildAlert({ incident, transition: 'opened' }).title).toBe(
        'Lost instance 5f1e2d3c4b5a69788796a5b4c3d2e1f0 in prod',
      );
    });

    it.each(ALERTING.flatMap(([category]) => TRANSITIONS.map((transition) => [category, transition] as const)))(
      'has no emoji and one line for %s / %s',
      (category, transition) => {
        const alert = buildAlert({ incident: incidentAfter(transition, category), transition });
        expect(alert.title).not.toMatch(/\p{Extended_Pictographic}/u);
        expect(alert.title).not.toContain('\n');
        expect(alert.cause.length).toBeGreaterThan(10);
      },
    );
  });

  it('identifies the alert by incident key, transition and alert time', () => {
    const incident = incidentAfter('escalated');
    expect(buildAlert({ incident, transition: 'escalated' }).id).toBe(`${incident.key}#escalated#2026-08-20T09:30:05Z`);
  });

  it('copies severity and category from the incident', () => {
    const alert = buildAlert({ incident: makeIncident('health-check'), transition: 'opened' });
    expect({ severity: alert.severity, category: alert.category }).toEqual({
      severity: 'warning',
      category: 'health-check',
    });
  });

  describe('details', () => {
    it('counts failures in the escalation window and since opening', () => {
      const alert = buildAlert({ incident: makeIncident('oom'), transition: 'opened' });
      expect(alert.details).toContain('3 failures in the last 10 min, 7 since 09:14 UTC');
    });

    it('states the escalation rule with the policy in force', () => {
      const incident = incidentAfter('escalated');
      const alert = buildAlert({
        incident,
        transition: 'escalated',
        policy: { escalationThreshold: 5, escalationWindowMs: 15 * 60_000 },
      });
      expect(alert.details[0]).toBe('Escalated to crash loop: ≥ 5 failures in 15 min');
    });

    it('says how long a resolved incident was open and when the last failure was', () => {
      const alert = buildAlert({ incident: incidentAfter('resolved'), transition: 'resolved' });
      expect(alert.details[0]).toBe('Resolved after 46 min; no new failure since 09:30 UTC');
      expect(alert.details).toContain('7 failures in total, the first at 09:14 UTC');
      expect(alert.cause).toMatch(/^Last cause: The container "web"/);
    });

    it('says how long a repeated incident has been open', () => {
      const alert = buildAlert({ incident: incidentAfter('repeated'), transition: 'repeated' });
      expect(alert.details[0]).toBe('Open for 16 min, last failure at 09:30 UTC');
    });

    it('breaks counts down by cause when there is more than one', () => {
      const incident = makeIncident('oom', { countsByCategory: { 'app-exit': 2, oom: 5 } });
      expect(buildAlert({ incident, transition: 'opened' }).details).toContain(
        'By cause: Out of memory ×5, Container exited ×2',
      );
    });

    it('lists the running revision and image, then incident notes, then pipeline notes', () => {
      const facts = {
        ...makeIncident('oom').lastFacts,
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2',
      };
      const incident = makeIncident('oom', { lastFacts: facts, notes: ['replacement task started'] });
      const alert = buildAlert({ incident, transition: 'opened', notes: ['Slack delivery retried'] });
      expect(alert.details.slice(-3)).toEqual([
        'Running task definition orders-api:42, image orders:1.4.2',
        'replacement task started',
        'Slack delivery retried',
      ]);
    });

    it("counts a deployment's failed tasks since its first failure", () => {
      const incident = makeIncident('image-pull', {
        group: 'deployment',
        deploymentId: 'ecs-svc/9',
        openedAt: '2026-08-20T09:20:00Z',
        absorbed: 2,
        countsByCategory: { 'image-pull': 6 },
      });
      const details = buildAlert({ incident, transition: 'opened' }).details;
      expect(details).toContain("8 tasks failed since the deployment's first failure at 09:20 UTC");
      expect(details.some((line) => line.includes('in the last'))).toBe(false);
    });

    it.each([
      ['rollback completed (deployment ecs-svc/3)', 'Resolved by rollback completed (deployment ecs-svc/3) after'],
      ['quiet for 30 min', 'Resolved by quiet for 30 min after'],
    ])('says what resolved it: %s', (resolution, expected) => {
      const incident = makeIncident('oom', { status: 'resolved', resolution });
      const [first] = buildAlert({ incident, transition: 'resolved' }).details;
      expect(first?.startsWith(expected)).toBe(true);
    });

    it('drops the lines of a resolved incident that are no longer true', () => {
      const notes = [
        'Agent disconnected since 2026-08-20T09:00:00.000Z (grace 5 min)',
        'Instance set to DRAINING: i-0abc',
        'Dry run: would drain instance i-0abc',
      ];
      const incident = makeIncident('instance-disconnected', { notes, resolution: 'agent reconnected' });
      const details = buildAlert({ incident, transition: 'resolved' }).details;
      expect(details).toContain('Instance set to DRAINING: i-0abc');
      expect(details).toContain(
        'The instance stays DRAINING: set it back to ACTIVE before ECS places tasks on it again',
      );
      expect(details.some((line) => line.startsWith('Agent disconnected') || line.startsWith('Dry run'))).toBe(false);
    });

    it('writes every time in one format, HH:MM UTC, with the date when not the day of the alert', () => {
      const notes = ['Agent disconnected since 2026-08-20T09:00:00.000Z', 'Seen at 2026-08-19T22:10:00Z'];
      const details = buildAlert({
        incident: makeIncident('instance-disconnected', { notes }),
        transition: 'opened',
      }).details;
      expect(details).toContain('Agent disconnected since 09:00 UTC');
      expect(details).toContain('Seen at 2026-08-19 22:10 UTC');
    });

    it('dates the first failure when it was on another day', () => {
      const incident = makeIncident('oom', { openedAt: '2026-08-19T23:50:00Z' });
      expect(buildAlert({ incident, transition: 'opened' }).details).toContain(
        '3 failures in the last 10 min, 7 since 2026-08-19 23:50 UTC',
      );
    });

    it('names a lost instance by the EC2 id in a task reason when the facts lack it', () => {
      const incident = makeIncident('instance-loss', {
        group: 'instance-lost',
        subject: { kind: 'instance', name: IDS.containerInstanceArn },
      });
      expect(buildAlert({ incident, transition: 'resolved' }).title).toBe(
        `Resolved: Lost instance ${IDS.ec2InstanceId} in prod`,
      );
    });

    it('calls a failed deployment rolled back once its rollback completed', () => {
      const incident = makeIncident('deployment-rollback', {
        countsByCategory: { 'deployment-failed': 1, 'deployment-rollback': 1 },
      });
      expect(buildAlert({ incident, transition: 'resolved' }).title).toBe(
        'Resolved: Deployment ecs-svc/1234567890123456789 of orders-api in prod rolled back',
      );
    });

    it('has no failure counts for a lost instance', () => {
      const alert = buildAlert({ incident: makeIncident('instance-disconnected'), transition: 'opened' });
      expect(alert.details.some((line) => line.includes('failures'))).toBe(false);
    });
  });

  describe('links', () => {
    const console = 'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod';

    it('links the service, task and cluster of a task failure', () => {
      const { links } = buildAlert({ incident: makeIncident('oom'), transition: 'opened' });
      expect(links).toEqual({
        cluster: `${console}/services?region=eu-west-1`,
        service: `${console}/services/orders-api/health?region=eu-west-1`,
        task: `${console}/tasks/${IDS.taskId}/configuration?region=eu-west-1`,
      });
    });

    it('links only the container instance and cluster of a lost instance, not the service of a task it ran', () => {
      const incident = makeIncident('instance-loss', {
        group: 'instance-lost',
        subject: { kind: 'instance', name: IDS.containerInstanceArn },
      });
      const { links } = buildAlert({ incident, transition: 'opened' });
      expect(Object.keys(links).sort()).toEqual(['cluster', 'instance']);
      expect(links.instance).toBe(
        `${console}/infrastructure/container-instances/5f1e2d3c4b5a69788796a5b4c3d2e1f0?region=eu-west-1`,
      );
    });

    it('keeps a CloudWatch console logs link and drops any other URL', () => {
      const logsUrl = 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups';
      expect(buildAlert({ incident: makeIncident(), transition: 'opened', logsUrl }).links.logs).toBe(logsUrl);
      const evil = buildAlert({ incident: makeIncident(), transition: 'opened', logsUrl: 'https://evil.example/x' });
      expect(evil.links.logs).toBeUndefined();
    });

    it('URL-encodes names taken from events', () => {
      const incident = makeIncident('oom', { cluster: 'a/b?c', facts: { cluster: 'a/b?c', service: 'x|y>z' } });
      const { links } = buildAlert({ incident, transition: 'opened' });
      expect(links.service).toBe(
        'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/a%2Fb%3Fc/services/x%7Cy%3Ez/health?region=eu-west-1',
      );
    });

    it.each([
      ['cn-north-1', 'https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/prod/services?region=cn-north-1'],
      ['us-gov-west-1', 'https://console.amazonaws-us-gov.com/ecs/v2/clusters/prod/services?region=us-gov-west-1'],
      ['not a region', undefined],
    ])('uses the console of the partition for %s', (region, expected) => {
      const incident = makeIncident('oom', { region, facts: { region } });
      expect(buildAlert({ incident, transition: 'opened' }).links.cluster).toBe(expected);
    });
  });

  it('carries log lines only when there are some', () => {
    expect(buildAlert({ incident: makeIncident(), transition: 'opened', logLines: [] }).logLines).toBeUndefined();
    expect(buildAlert({ incident: makeIncident(), transition: 'opened', logLines: ['boom'] }).logLines).toEqual([
      'boom',
    ]);
  });
});
