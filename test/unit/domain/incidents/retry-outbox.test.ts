import { describe, expect, it } from 'vitest';
import { decide } from '../../../../shared/domain/incidents/decide.js';
import { addNote, INCIDENT_LIMITS } from '../../../../shared/domain/incidents/incident-state.js';
import { clearOutbox, hasPendingOutbox, markDelivered } from '../../../../shared/domain/incidents/outbox.js';
import { at, deploymentEvent, inputFor, KEYS, serviceTask, World } from './factories.js';

describe('Function: decide (retry safety)', () => {
  it('changes nothing for an already-applied event and asks to re-deliver its alert', () => {
    // Prepare: the opening was written but no channel got the alert
    const world = new World(undefined, false);
    const event = serviceTask('oom', 't1', 0);
    world.play(event);
    const stored = world.incident(KEYS.tasks);
    // Act
    const retry = decide(inputFor(event, { incidents: [stored] }));
    // Assess
    expect(retry.decision).toMatchObject({ reason: 'duplicate', incidentKey: KEYS.tasks });
    expect(retry.pendingOutbox).toBe(true);
    expect(retry.alerts).toEqual([{ incidentKey: KEYS.tasks, transition: 'opened' }]);
    expect(retry.incidents).toEqual([]);
  });

  it('is a plain duplicate once every channel has the alert', () => {
    // Prepare
    const world = new World(undefined, false);
    const event = serviceTask('oom', 't1', 0);
    world.play(event);
    const delivered = clearOutbox(markDelivered(markDelivered(world.incident(KEYS.tasks), 'slack'), 'sns'));
    // Act
    const retry = decide(inputFor(event, { incidents: [delivered] }));
    // Assess
    expect(retry.decision.reason).toBe('duplicate');
    expect(retry.pendingOutbox).toBeUndefined();
    expect(retry.alerts).toEqual([]);
  });

  it('recognises a retried deployment failure on the episode incident it escalated', () => {
    const world = new World(undefined, false);
    world.play(serviceTask('app-exit', 't1', 0));
    const failed = deploymentEvent('deployment-failed', 'ecs-svc/2', 1);
    world.play(failed);
    const incidents = [world.incident(KEYS.tasks)];
    const key = world.outputs.at(-1)!.incidents[0]!.appliedKeys!.at(-1)!;
    expect(incidents[0]!.appliedKeys).toContain(key);
    expect(decide(inputFor(failed, { incidents })).decision.reason).toBe('duplicate');
  });

  it('records no applied key when the event has none', () => {
    const output = decide({ ...inputFor(serviceTask('oom', 't1', 0)), dedupKey: '' });
    expect(output.incidents[0]?.appliedKeys).toBeUndefined();
  });

  it('sets a fresh outbox on each alerting transition (the newest alert supersedes an undelivered one)', () => {
    const world = new World(undefined, false);
    world.playAll([1, 2, 3].map((m) => serviceTask('app-exit', `t${m}`, m)));
    expect(world.incident(KEYS.tasks).outbox).toEqual({ transition: 'escalated', at: at(3), delivered: [] });
  });
});

describe('Functions: markDelivered, clearOutbox, addNote', () => {
  const world = new World(undefined, false);
  world.play(serviceTask('oom', 't1', 0));
  const incident = world.incident(KEYS.tasks);

  it.each([
    // first channel
    { channels: ['slack'] as const, delivered: ['slack'] },
    // both channels
    { channels: ['slack', 'sns'] as const, delivered: ['slack', 'sns'] },
    // marking twice is harmless
    { channels: ['sns', 'sns'] as const, delivered: ['sns'] },
  ])('marks $channels → $delivered, leaving rev to the writer', ({ channels, delivered }) => {
    const marked = channels.reduce((acc, channel) => markDelivered(acc, channel), incident);
    expect(marked.outbox?.delivered).toEqual(delivered);
    expect(marked.rev).toBe(incident.rev);
    expect(incident.outbox?.delivered).toEqual([]);
  });

  it('clears the outbox and is a no-op without one', () => {
    const cleared = clearOutbox(incident);
    expect(hasPendingOutbox(incident)).toBe(true);
    expect(hasPendingOutbox(cleared)).toBe(false);
    expect(clearOutbox(cleared)).toBe(cleared);
    expect(markDelivered(cleared, 'slack')).toBe(cleared);
  });

  it('keeps notes bounded and free of exact repeats', () => {
    let noted = addNote(incident, 'Replacement task started');
    noted = addNote(noted, 'Replacement task started');
    expect(noted.notes).toEqual(['Replacement task started']);
    for (let i = 0; i < 30; i++) noted = addNote(noted, `note ${i}`);
    expect(noted.notes.length).toBe(INCIDENT_LIMITS.notes);
    expect(noted.notes.at(-1)).toBe('note 29');
  });
});
