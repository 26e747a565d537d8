import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../../shared/domain/classify/types.js';
import { deploymentEvent, KEYS, serviceAction, serviceTask, World } from './factories.js';

/** The alerts a run sent, as `transition key-group` strings, in order. */
function story(world: World): string[] {
  return world.outputs.flatMap((output) =>
    output.alerts.map((alert) => `${alert.transition} ${alert.incidentKey.split('/').pop()}`),
  );
}

const newTask = (category: Verdict['category'], task: string, m: number) =>
  serviceTask(category, task, m, { startedBy: 'ecs-svc/2' });

describe('Function: decide (one incident per service episode)', () => {
  it.each<{ name: string; events: Verdict[]; expected: string[] }>([
    // the breaker rolls back a deployment whose tasks cannot pull their image: opened, rolled back, resolved
    {
      name: 'bad deploy rolled back by the breaker',
      events: [
        deploymentEvent('deployment-started', 'ecs-svc/2', 0),
        newTask('image-pull', 't1', 1),
        serviceAction('start-impaired', 2),
        newTask('image-pull', 't2', 2),
        newTask('image-pull', 't3', 3),
        deploymentEvent('deployment-rollback', 'ecs-svc/3', 4),
        deploymentEvent('deployment-failed', 'ecs-svc/2', 4),
        newTask('image-pull', 't4', 4),
        deploymentEvent('deployment-completed', 'ecs-svc/3', 6),
        serviceAction('service-steady', 7),
      ],
      expected: ['opened deployment', 'escalated deployment', 'resolved deployment'],
    },
    // a crash loop outside a deployment that ECS also reports as "unable to start tasks": one incident
    {
      name: 'crash loop with start impaired',
      events: [
        serviceTask('app-exit', 't1', 0),
        serviceTask('app-exit', 't2', 1),
        serviceTask('app-exit', 't3', 2),
        serviceAction('start-impaired', 20),
        serviceAction('service-steady', 40),
      ],
      expected: ['opened task-failure', 'escalated task-failure', 'resolved task-failure'],
    },
    // start impaired first, then the task failures: they join its incident
    {
      name: 'start impaired, then task failures',
      events: [
        serviceAction('start-impaired', 0),
        serviceTask('image-pull', 't1', 1),
        serviceAction('service-steady', 10),
      ],
      expected: ['opened service-health', 'resolved service-health'],
    },
    // task failures seen before the deployment's start event (out of order): the failure escalates their incident
    {
      name: 'failures before the deployment record',
      events: [
        newTask('app-exit', 't1', 1),
        deploymentEvent('deployment-failed', 'ecs-svc/2', 3),
        deploymentEvent('deployment-completed', 'ecs-svc/3', 5),
      ],
      expected: ['opened task-failure', 'escalated task-failure', 'resolved task-failure'],
    },
  ])('$name → $expected', ({ events, expected }) => {
    // Prepare
    const world = new World();
    // Act
    world.playAll(events);
    // Assess
    expect(story(world)).toEqual(expected);
  });

  it('names the failing deployment on the incident its failures open', () => {
    const world = new World();
    world.playAll([deploymentEvent('deployment-started', 'ecs-svc/2', 0), newTask('image-pull', 't1', 1)]);
    expect(world.incident(KEYS.deployment)).toMatchObject({ deploymentId: 'ecs-svc/2', category: 'image-pull' });
  });

  it('raises a deployment crash loop to critical without a message of its own', () => {
    // Prepare
    const world = new World();
    world.play(deploymentEvent('deployment-started', 'ecs-svc/2', 0));
    // Act: app exits are warnings; three within the window are a crash loop
    const reasons = world.playAll([1, 2, 3].map((m) => newTask('app-exit', `t${m}`, m)));
    // Assess
    expect(reasons).toEqual(['first', 'deduplicated', 'deduplicated']);
    expect(story(world)).toEqual(['opened deployment']);
    expect(world.incident(KEYS.deployment)).toMatchObject({ severity: 'critical', totalFailures: 3 });
  });

  it('leaves an old task failing during the deployment to its own incident', () => {
    const world = new World();
    world.play(deploymentEvent('deployment-started', 'ecs-svc/2', 0));
    const output = world.play(serviceTask('oom', 't1', 1, { startedBy: 'ecs-svc/1' }));
    expect(output.decision).toMatchObject({ reason: 'first', incidentKey: KEYS.tasks });
    expect(world.incident(KEYS.tasks).deploymentId).toBeUndefined();
  });

  it.each([
    { name: 'a completed rollback', last: deploymentEvent('deployment-completed', 'ecs-svc/3', 6), by: 'rollback' },
    { name: 'a completed deployment', last: deploymentEvent('deployment-completed', 'ecs-svc/2', 6), by: 'deployment' },
  ])('says what resolved it: $name', ({ last, by }) => {
    // Prepare
    const world = new World();
    const events = [deploymentEvent('deployment-started', 'ecs-svc/2', 0), newTask('image-pull', 't1', 1)];
    if (by === 'rollback') events.push(deploymentEvent('deployment-rollback', 'ecs-svc/3', 4));
    world.playAll(events);
    // Act
    world.play(last);
    // Assess
    const expected = by === 'rollback' ? 'rollback completed (deployment ecs-svc/3)' : 'deployment ecs-svc/2 completed';
    expect(world.incident(KEYS.deployment)).toMatchObject({ status: 'resolved', resolution: expected });
  });
});
