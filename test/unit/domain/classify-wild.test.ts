import { describe, expect, it } from 'vitest';
import { classify } from '../../../shared/domain/classify/classify.js';
import type { Verdict } from '../../../shared/domain/classify/types.js';
import { parseEcsEvent } from '../../../shared/domain/events/parse.js';
import { eventFixture } from './event-fixtures.js';

function verdictOf(name: string): Verdict {
  return classify(parseEcsEvent(eventFixture(name)));
}

/** A service action or deployment fixture with its eventName and eventType replaced. */
function renamed(name: string, eventName: string, eventType: string | undefined): Verdict {
  const event = eventFixture(name) as { detail: Record<string, unknown> };
  event.detail.eventName = eventName;
  if (eventType === undefined) delete event.detail.eventType;
  else event.detail.eventType = eventType;
  return classify(parseEcsEvent(event));
}

describe('Function: classify (event names it does not know)', () => {
  it.each([
    // fixture, category, severity, summary
    [
      'service-error--unknown-event-name',
      'service-error',
      'critical',
      'Service orders-api in cluster prod reported "SERVICE_TASK_SOMETHING_FAILED" (ERROR, ECS was unable to do something new for this service).',
    ],
    [
      'service-warning--unknown-event-name',
      'service-warning',
      'warning',
      'Service orders-api in cluster prod reported "SERVICE_SOMETHING_NEW" (WARN).',
    ],
    [
      'service-warning--warning-spelling',
      'service-warning',
      'warning',
      'Service orders-api in cluster prod reported "SERVICE_SOMETHING_DEGRADED" (WARNING).',
    ],
    [
      'service-info--unknown-info-name',
      'service-info',
      'none',
      'Service orders-api in cluster prod reported "SERVICE_SOMETHING_HAPPENED" (INFO).',
    ],
    [
      'service-error--unknown-deployment-name',
      'service-error',
      'critical',
      'Deployment ecs-svc/123 of service servicetest in cluster default reported "SERVICE_DEPLOYMENT_SOMETHING_NEW" (ERROR, ECS deployment ecs-svc/123: something new went wrong).',
    ],
  ])('%s → %s at %s', (name, category, severity, summary) => {
    const verdict = verdictOf(name);
    expect(verdict).toMatchObject({ category, severity, summary, remediation: 'none' });
    expect(verdict.alert).toBe(severity !== 'none');
  });

  it.each([
    // eventType as sent → category
    ['ERROR', 'service-error'],
    ['error', 'service-error'],
    ['WARN', 'service-warning'],
    ['WARNING', 'service-warning'],
    ['INFO', 'service-info'],
    ['NOTICE', 'service-info'],
    [undefined, 'service-info'],
  ])('an unknown service action sent as %s is %s', (eventType, category) => {
    expect(renamed('service-warning--unknown-event-name', 'SERVICE_BRAND_NEW', eventType).category).toBe(category);
  });

  it.each([
    // known name, eventType sent with it, category it keeps
    ['SERVICE_TASK_PLACEMENT_FAILURE', 'INFO', 'placement-failure'],
    ['SERVICE_STEADY_STATE', 'ERROR', 'service-steady'],
    ['ECS_OPERATION_THROTTLED', 'ERROR', 'service-info'],
    ['SERVICE_DISCOVERY_OPERATION_THROTTLED', 'ERROR', 'service-info'],
    ['TASKS_STOPPED', 'INFO', 'service-info'],
    ['SERVICE_DESIRED_COUNT_UPDATED', 'INFO', 'service-info'],
  ])('the known name %s keeps its category whatever its eventType (%s)', (eventName, eventType, category) => {
    const verdict = renamed('service-warning--unknown-event-name', eventName, eventType);
    expect(verdict.category).toBe(category);
    expect(verdict.summary).not.toContain('"');
  });

  it.each([
    // fixture (an ECS Service Action carrying a deployment name), category, summary
    [
      'deployment-failed--as-service-action',
      'deployment-failed',
      'A deployment of service servicetest in cluster default failed (ECS deployment circuit breaker: task failed to start).',
    ],
    [
      'deployment-completed--as-service-action',
      'deployment-completed',
      'A deployment of service servicetest in cluster default completed (ECS deployment ecs-svc/123 completed).',
    ],
  ])('%s → %s, like its Deployment State Change twin', (name, category, summary) => {
    expect(verdictOf(name)).toMatchObject({ category, summary });
  });

  it('reads a rollback from the reason of a SERVICE_DEPLOYMENT_IN_PROGRESS service action', () => {
    const event = eventFixture('deployment-failed--as-service-action') as { detail: Record<string, unknown> };
    Object.assign(event.detail, {
      eventType: 'INFO',
      eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS',
      reason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/122.',
    });
    expect(classify(parseEcsEvent(event)).category).toBe('deployment-rollback');
  });
});

describe('Function: classify (essential exits that show no exit code)', () => {
  it.each([
    // fixture, remediation, summary
    [
      'app-exit--essential-exit-no-containers',
      'none',
      'A standalone task of family invoice-export in cluster prod stopped; the exit code is unknown (the event lists no containers, Essential container in task exited).',
    ],
    [
      'app-exit--essential-exit-no-exit-codes',
      'scheduler-replaces',
      'A task of service orders-api in cluster prod stopped; the exit code is unknown (Essential container in task exited).',
    ],
    [
      'app-exit--no-exit-code',
      'scheduler-replaces',
      'Container "web" of service orders-api in cluster prod stopped; the exit code is unknown (Essential container in task exited).',
    ],
  ])('%s is an app-exit of unknown outcome, never a success', (name, remediation, summary) => {
    const verdict = verdictOf(name);
    expect(verdict).toMatchObject({ category: 'app-exit', severity: 'warning', alert: true, remediation, summary });
    expect(verdict.facts.exitCode).toBeUndefined();
  });

  it('still calls a standalone task whose only container exited 0 a success', () => {
    expect(verdictOf('normal-stop--standalone-success').category).toBe('normal-stop');
  });
});

describe('Function: classify (summaries claim only what the event shows)', () => {
  it('says a running task with desired STOPPED and no reason is being stopped, not that it stopped normally', () => {
    expect(verdictOf('normal-stop--being-stopped-no-reason').summary).toBe(
      'A task of service orders-api in cluster prod is being stopped; ECS gave no reason.',
    );
  });

  it('says a stopped task with no reason stopped, without calling it normal', () => {
    const event = eventFixture('normal-stop--being-stopped-no-reason') as { detail: Record<string, unknown> };
    event.detail.lastStatus = 'STOPPED';
    expect(classify(parseEcsEvent(event)).summary).toBe(
      'A task of service orders-api in cluster prod stopped; ECS gave no reason.',
    );
  });

  /** The multi-container app-exit fixture with the given container exits. */
  function exitsOf(exits: Array<number | undefined>): Verdict {
    const event = eventFixture('app-exit--failing-container-not-first') as {
      detail: { containers: Array<Record<string, unknown>> };
    };
    const [template] = event.detail.containers;
    event.detail.containers = exits.map((exitCode, i) => {
      const container: Record<string, unknown> = { ...template, name: `c${i}`, lastStatus: 'STOPPED' };
      if (exitCode === undefined) delete container.exitCode;
      else container.exitCode = exitCode;
      return container;
    });
    return classify(parseEcsEvent(event));
  }

  it.each([
    // exits, the summary's tail after the explaining container
    { exits: [1, 137], tail: '. Other failed containers: "c1" (exit 137, SIGKILL).' },
    { exits: [137, 1], tail: '. Other failed containers: "c0" (exit 137, SIGKILL).' },
    // SIGTERM is the agent stopping the others, not a failure
    { exits: [1, 143], tail: ' (Essential container in task exited).' },
    { exits: [1, undefined], tail: '. Other failed containers: "c1" (no exit code).' },
    // bounded: three containers named in all, the rest counted
    {
      exits: [1, 2, 3, 137, 139],
      tail: '. Other failed containers: "c1" (exit 2), "c2" (exit 3), +2 more.',
    },
  ])('names every failed container of exits $exits', ({ exits, tail }) => {
    const { summary } = exitsOf(exits);
    expect(summary.endsWith(tail)).toBe(true);
  });

  it('names the other failed containers of an OOM kill too', () => {
    const event = eventFixture('oom--failing-container-not-first') as {
      detail: { containers: Array<Record<string, unknown>> };
    };
    for (const container of event.detail.containers) if (container.exitCode === 143) container.exitCode = 2;
    expect(classify(parseEcsEvent(event)).summary).toMatch(
      /memory limit \(OutOfMemoryError, exit 137\)\. Other failed containers: "envoy" \(exit 2\)\.$/,
    );
  });
});
