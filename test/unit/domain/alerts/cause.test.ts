import { describe, expect, it } from 'vitest';
import { describeCause } from '../../../../shared/domain/alerts/cause.js';
import { CATEGORIES, type Category, type Facts } from '../../../../shared/domain/classify/types.js';
import { IDS, makeIncident } from './incident-factory.js';

function cause(category: Category, facts: Partial<Facts> = {}): string {
  return describeCause(makeIncident(category, { facts }));
}

describe('Function: describeCause', () => {
  it.each<[string, Category, Partial<Facts>, string]>([
    // The brief's reference sentence.
    [
      'oom, quoting ECS',
      'oom',
      {},
      'The container "web" was killed for exceeding its memory limit (exit 137). ECS said: "OutOfMemoryError: Container killed due to memory usage"',
    ],
    [
      'oom without an exit code',
      'oom',
      { exitCode: undefined, reason: undefined },
      'The container "web" was killed for exceeding its memory limit.',
    ],
    [
      'app exit names the code',
      'app-exit',
      {},
      'The container "web" exited with code 1 (generic application error). ECS said: "Essential container in task exited"',
    ],
    [
      'app exit by signal',
      'app-exit',
      { exitCode: 139, reason: undefined },
      'The container "web" exited with code 139 (segmentation fault, SIGSEGV).',
    ],
    [
      'app exit without a code',
      'app-exit',
      { exitCode: undefined, reason: undefined },
      'The container "web" stopped without an exit code.',
    ],
    [
      'placement failure explains RESOURCE codes',
      'placement-failure',
      {},
      'ECS could not place a task: no Fargate capacity was available. ECS said: "RESOURCE:FARGATE"',
    ],
    [
      'deployment failure quotes ECS',
      'deployment-failed',
      {},
      'Deployment ecs-svc/1234567890123456789 failed. ECS said: "ECS deployment circuit breaker: task failed to start."',
    ],
    [
      'a lost host names the instance from the reason',
      'instance-loss',
      {},
      `The task stopped because its EC2 host ${IDS.ec2InstanceId} was stopped or terminated.`,
    ],
  ])('%s', (_, category, facts, expected) => {
    expect(cause(category, facts)).toBe(expected);
  });

  it.each<[string, string, string]>([
    [
      'missing tag',
      'CannotPullContainerError: manifest for repo/app:v2 not found: manifest unknown',
      'the image or tag does not exist',
    ],
    [
      'auth',
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): 401 Unauthorized',
      'the registry refused access',
    ],
    ['rate limit', 'CannotPullContainerError: toomanyrequests: You have reached your pull rate limit', 'rate-limited'],
    [
      'no route',
      'CannotPullContainerError: API error (500): Get https://x/v2/: net/http: request canceled while waiting for connection',
      'could not be reached',
    ],
    [
      'disk',
      'CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob: no space left on device',
      'ran out of disk space',
    ],
  ])('image pull: diagnoses %s', (_, reason, diagnosis) => {
    expect(cause('image-pull', { reason })).toContain(diagnosis);
  });

  it('image pull: names the image from the reason, or from the facts when known', () => {
    expect(cause('image-pull')).toMatch(
      /^The image 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/orders:v9 for container "web" could not be pulled: the image or tag does not exist\./,
    );
    expect(cause('image-pull', { image: 'ghcr.io/acme/api:1.2.3' })).toMatch(
      /^The image ghcr\.io\/acme\/api:1\.2\.3 for container "web"/,
    );
  });

  it.each<[string, string, string]>([
    [
      'secrets',
      'ResourceInitializationError: unable to pull secrets or registry auth',
      "could not fetch the task's secrets",
    ],
    [
      'log driver',
      'ResourceInitializationError: failed to validate logger args: : signal: killed',
      'the log driver could not start',
    ],
    [
      'runtime',
      'CannotStartContainerError: Error response from daemon: device not found',
      'could not start the container',
    ],
  ])('start failure: diagnoses %s', (_, reason, diagnosis) => {
    expect(cause('start-failure', { reason })).toContain(diagnosis);
  });

  it('health check: names the target group of an ELB failure', () => {
    expect(cause('health-check')).toBe(
      'The task failed its load balancer health checks (target group orders-tg), so the service scheduler replaced it.',
    );
  });

  it('health check: a container health check blames the container', () => {
    expect(cause('health-check', { reason: 'Task failed container health checks' })).toMatch(
      /^The container "web" reported UNHEALTHY/,
    );
  });

  it('says "a container" when the event names none', () => {
    expect(cause('oom', { container: undefined })).toMatch(/^A container was killed/);
  });

  it('cuts a reason that is longer than ECS allows', () => {
    const text = cause('app-exit', { reason: 'x'.repeat(1_000_000) });
    expect(text.length).toBeLessThan(1200);
    expect(text).toContain('… (truncated)');
  });

  it('keeps a reason on one line', () => {
    expect(cause('deployment-failed', { reason: 'line one\nline two\r\nthree' })).toContain(
      '"line one line two three"',
    );
  });

  it.each(CATEGORIES.map((category) => [category]))('describes %s in a sentence', (category) => {
    const text = describeCause(makeIncident(category));
    expect(text).toMatch(/^[A-Z].*\S$/);
  });
});
