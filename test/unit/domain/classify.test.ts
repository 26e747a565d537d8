import { describe, expect, it } from 'vitest';
import { classify } from '../../../shared/domain/classify/classify.js';
import { DEFAULT_SEVERITIES } from '../../../shared/domain/classify/severity.js';
import type { ClassifyOptions, Verdict } from '../../../shared/domain/classify/types.js';
import { CATEGORIES } from '../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { eventFixture, loadEventFixtures } from './event-fixtures.js';

const fixtures = loadEventFixtures();

function verdictOf(name: string, options?: ClassifyOptions): Verdict {
  return classify(parseEcsEvent(eventFixture(name)), options);
}

describe('Function: classify (every fixture)', () => {
  it('covers every category with at least one fixture', () => {
    const covered = new Set(fixtures.map((fixture) => fixture.expectedCategory));
    expect(CATEGORIES.filter((category) => !covered.has(category))).toEqual([]);
  });

  it.each(fixtures.map((fixture) => [fixture.file, fixture]))('%s', (_file, fixture) => {
    // Act
    const verdict = classify(parseEcsEvent(fixture.value));

    // Assess: the file name's prefix is the promised category; severity and alert follow the defaults.
    expect(verdict.category).toBe(fixture.expectedCategory);
    expect(verdict.severity).toBe(DEFAULT_SEVERITIES[verdict.category]);
    expect(verdict.alert).toBe(verdict.severity === 'warning' || verdict.severity === 'critical');
    expect(verdict.summary).toMatch(/^\S.*\.$/);
  });
});

describe('Function: classify (targeted cases)', () => {
  it('names the OOM-killed container and its exit code in one sentence', () => {
    const verdict = verdictOf('oom--fargate-exit-137');
    expect(verdict.summary).toBe(
      'Container "web" of service orders-api in cluster prod was killed for exceeding its memory limit (OutOfMemoryError, exit 137).',
    );
    expect(verdict).toMatchObject({ severity: 'critical', alert: true, remediation: 'scheduler-replaces' });
  });

  it('fills the facts of a service task', () => {
    const { facts } = verdictOf('oom--failing-container-not-first');
    expect(facts).toMatchObject({
      account: '123456789012',
      region: 'us-east-1',
      time: '2026-03-14T09:26:53Z',
      cluster: 'prod',
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      service: 'checkout',
      family: 'checkout',
      standalone: false,
      launchType: 'FARGATE',
      container: 'worker',
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      lastStatus: 'STOPPED',
    });
    expect(facts.taskArn).toBe(facts.resourceArn);
    expect(facts.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:7');
  });

  it.each([
    // fixture, category, container, exitCode, remediation
    ['oom--exit-0', 'oom', 'web', 0, 'scheduler-replaces'],
    ['oom--ec2-no-exit-code', 'oom', 'renderer', undefined, 'scheduler-replaces'],
    ['oom--standalone-batch', 'oom', 'etl', 137, 'none'],
    ['app-exit--failing-container-not-first', 'app-exit', 'api', 1, 'scheduler-replaces'],
    ['app-exit--exit-137-without-oom', 'app-exit', 'web', 137, 'scheduler-replaces'],
    ['app-exit--no-exit-code', 'app-exit', 'web', undefined, 'scheduler-replaces'],
    ['app-exit--standalone-exit-1', 'app-exit', 'export', 1, 'replace-task'],
    ['app-exit--about-to-stop', 'app-exit', 'api', 1, 'scheduler-replaces'],
    ['image-pull--manifest-unknown-container-reason', 'image-pull', 'web', undefined, 'scheduler-replaces'],
    ['image-pull--auth-401-retried', 'image-pull', 'flow', undefined, 'none'],
    ['health-check--container-health-check', 'health-check', 'web', 137, 'scheduler-replaces'],
    ['spot-interruption--standalone-notice', 'spot-interruption', undefined, undefined, 'replace-task'],
    ['spot-interruption--service-stopped', 'spot-interruption', undefined, undefined, 'scheduler-replaces'],
    ['instance-loss--host-terminated-service', 'instance-loss', undefined, undefined, 'drain-instance'],
    ['instance-loss--host-terminated-termination-notice', 'instance-loss', undefined, undefined, 'drain-instance'],
    ['instance-loss--host-stopped-standalone', 'instance-loss', undefined, undefined, 'replace-task'],
    ['instance-loss--host-terminated-no-instance-arn', 'instance-loss', undefined, undefined, 'scheduler-replaces'],
    ['maintenance--infrastructure-health-2026', 'maintenance', undefined, undefined, 'replace-task'],
    ['normal-stop--scale-in-exit-137', 'normal-stop', undefined, undefined, 'none'],
    ['task-transition--stale-oom-flag-running', 'task-transition', undefined, undefined, 'none'],
    ['instance-disconnected--agent-disconnected', 'instance-disconnected', undefined, undefined, 'drain-instance'],
  ])('%s → %s', (name, category, container, exitCode, remediation) => {
    const verdict = verdictOf(name);
    expect(verdict.category).toBe(category);
    expect(verdict.facts.container).toBe(container);
    expect(verdict.facts.exitCode).toBe(exitCode);
    expect(verdict.remediation).toBe(remediation);
  });

  /** The job-done fixture with its containers' exits (and reasons) replaced, as a standalone or a service task. */
  function jobWith(exits: Array<[number | undefined, string?]>, service?: string): Verdict {
    const event = structuredClone(eventFixture('normal-stop--job-done-sidecar-sigterm')) as {
      detail: { containers: Array<Record<string, unknown>>; group: string; startedBy: string };
    };
    const [first] = event.detail.containers;
    event.detail.containers = exits.map(([exitCode, reason], i) => {
      const container: Record<string, unknown> = { ...first, name: i === 0 ? 'etl' : `sidecar-${i}` };
      if (exitCode === undefined) delete container.exitCode;
      else container.exitCode = exitCode;
      if (reason) container.reason = reason;
      return container;
    });
    if (service) Object.assign(event.detail, { group: `service:${service}`, startedBy: 'ecs-svc/1234' });
    return classify(parseEcsEvent(event));
  }

  it.each<{
    name: string;
    exits: Array<[number | undefined, string?]>;
    service?: string;
    category: string;
    container?: string;
  }>([
    // the job finished (exit 0), then the agent stopped its sidecar with SIGTERM or SIGKILL: completed
    { name: 'job exit 0, sidecar 143', exits: [[0], [143]], category: 'normal-stop' },
    { name: 'job exit 0, sidecar 137', exits: [[0], [137]], category: 'normal-stop' },
    { name: 'job exit 0, two sidecars 143 and 137', exits: [[0], [143], [137]], category: 'normal-stop' },
    // a real crash is never masked: the app exited 1 while the sidecar got SIGTERM
    { name: 'job exit 1, sidecar 143', exits: [[1], [143]], category: 'app-exit', container: 'etl' },
    // a sidecar with a failure of its own
    { name: 'job exit 0, sidecar exit 2', exits: [[0], [2]], category: 'app-exit', container: 'sidecar-1' },
    {
      name: 'job exit 0, sidecar OOM',
      exits: [[0], [137, 'OutOfMemoryError: Container killed due to memory usage']],
      category: 'oom',
      container: 'sidecar-1',
    },
    { name: 'job exit 0, sidecar never ran', exits: [[0], [undefined]], category: 'app-exit', container: 'sidecar-1' },
    // a service container exiting 0 still cost the service a task; the exit 0 explains it, not the sidecar
    {
      name: 'service exit 0, sidecar 143',
      exits: [[0], [143]],
      service: 'api',
      category: 'app-exit',
      container: 'etl',
    },
  ])('$name → $category', ({ exits, service, category, container }) => {
    const verdict = jobWith(exits, service);
    expect(verdict.category).toBe(category);
    expect(verdict.facts.container).toBe(container);
  });

  it('treats a custom group with an ecs-svc/ startedBy as a service task without a service name', () => {
    const { facts, summary } = verdictOf('app-exit--custom-group-ecs-svc');
    expect(facts.standalone).toBe(false);
    expect(facts.service).toBeUndefined();
    expect(summary).toContain('a service task of family payments');
  });

  it('says a service lost a task when its container exited 0', () => {
    expect(verdictOf('app-exit--service-exit-0').summary).toContain('exited with code 0 and the service lost a task');
    expect(verdictOf('normal-stop--standalone-success').summary).toContain('every container exited with code 0');
  });

  it('carries the image of the container that failed to pull', () => {
    expect(verdictOf('image-pull--manifest-unknown-container-reason').facts.image).toBe(
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9-typo',
    );
  });

  it('keeps a routine agent disconnect below the alert threshold', () => {
    expect(verdictOf('instance-disconnected--agent-disconnected')).toMatchObject({ severity: 'info', alert: false });
  });

  it('reads deployments and service actions by eventName', () => {
    expect(verdictOf('deployment-rollback--alarm').facts).toMatchObject({
      service: 'orders-api',
      cluster: 'prod',
      deploymentId: 'ecs-svc/7205759403792793599',
      eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS',
    });
    expect(verdictOf('deployment-failed--short-service-arn').summary).toBe(
      'Deployment ecs-svc/1111111111111111111 of service legacy-web failed (ECS deployment circuit breaker: tasks failed health checks).',
    );
    expect(verdictOf('placement-failure--hand-made-eventtype-info')).toMatchObject({
      category: 'placement-failure',
      alert: true,
    });
  });

  it('returns the parse error for invalid input', () => {
    const verdict = verdictOf('invalid--exit-code-string');
    expect(verdict.error).toBe('detail.containers[1].exitCode: expected number, got string');
    expect(verdict.facts.reason).toBe(verdict.error);
    expect(verdict.summary).toBe('Invalid event: detail.containers[1].exitCode: expected number, got string.');
  });

  it('applies severity overrides and ignores unknown severities', () => {
    const options = {
      severities: { 'app-exit': 'critical', 'spot-interruption': 'warning', oom: 'loud' },
    } as unknown as ClassifyOptions;
    expect(verdictOf('app-exit--standalone-exit-1', options)).toMatchObject({ severity: 'critical', alert: true });
    expect(verdictOf('spot-interruption--service-stopped', options)).toMatchObject({
      severity: 'warning',
      alert: true,
    });
    expect(verdictOf('oom--exit-0', options).severity).toBe('critical');
    expect(verdictOf('health-check--elb-target-group', { severities: { 'health-check': 'none' } }).alert).toBe(false);
  });

  it('keeps summaries short and on one line whatever the reason text', () => {
    // Prepare
    const event = eventFixture('normal-stop--user-custom-reason-markup');
    (event.detail as Record<string, unknown>).stoppedReason = `line one\nline two ${'z'.repeat(5000)}`;

    // Act
    const { summary, facts } = classify(parseEcsEvent(event));

    // Assess
    expect(summary.length).toBeLessThan(450);
    expect(summary).not.toContain('\n');
    expect(facts.reason?.startsWith('line one\nline two')).toBe(true);
  });
});
