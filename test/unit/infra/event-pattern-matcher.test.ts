import { describe, expect, it } from 'vitest';
import { type EventPattern, matchesPattern } from '../../helpers/event-pattern.js';

const event = {
  source: 'aws.ecs',
  'detail-type': 'ECS Task State Change',
  resources: ['arn:aws:ecs:us-east-1:123456789012:service/prod/web'],
  detail: {
    clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    lastStatus: 'RUNNING',
    desiredStatus: 'STOPPED',
    version: 4,
    stopCode: null,
  },
};

describe('Function: matchesPattern', () => {
  it.each<[string, EventPattern, boolean]>([
    // exact values, one of a list
    ['exact string', { source: ['aws.ecs'] }, true],
    ['one of several', { source: ['aws.ec2', 'aws.ecs'] }, true],
    ['wrong value', { source: ['aws.ec2'] }, false],
    ['nested field', { detail: { lastStatus: ['RUNNING'] } }, true],
    ['every key must match', { source: ['aws.ecs'], detail: { lastStatus: ['STOPPED'] } }, false],
    ['missing field', { detail: { stoppedReason: ['x'] } }, false],
    ['null value', { detail: { stopCode: [null] } }, true],
    // operators
    ['prefix', { detail: { clusterArn: [{ prefix: 'arn:aws:ecs:us-east-1:' }] } }, true],
    ['suffix', { detail: { clusterArn: [{ suffix: ':cluster/prod' }] } }, true],
    ['wildcard', { detail: { clusterArn: [{ wildcard: 'arn:*:ecs:*:*:cluster/prod' }] } }, true],
    ['wildcard is anchored', { detail: { clusterArn: [{ wildcard: 'arn:*:ecs:*:*:cluster/pro' }] } }, false],
    ['wildcard over an event array', { resources: [{ wildcard: 'arn:*:ecs:*:*:service/prod/*' }] }, true],
    ['anything-but list', { detail: { lastStatus: [{ 'anything-but': ['STOPPED'] }] } }, true],
    ['anything-but excludes', { detail: { lastStatus: [{ 'anything-but': ['RUNNING'] }] } }, false],
    ['anything-but needs the field', { detail: { reason: [{ 'anything-but': ['x'] }] } }, false],
    ['anything-but prefix', { detail: { lastStatus: [{ 'anything-but': { prefix: 'RUN' } }] } }, false],
    ['exists true', { detail: { version: [{ exists: true }] } }, true],
    ['exists false on a missing field', { detail: { stoppedAt: [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { version: [{ exists: false }] } }, false],
    ['numeric range', { detail: { version: [{ numeric: ['>', 3, '<=', 4] }] } }, true],
    ['numeric outside', { detail: { version: [{ numeric: ['>', 4] }] } }, false],
    // $or
    ['$or one branch', { detail: { $or: [{ desiredStatus: ['STOPPED'] }, { lastStatus: ['STOPPED'] }] } }, true],
    ['$or no branch', { detail: { $or: [{ desiredStatus: ['RUNNING'] }, { lastStatus: ['STOPPED'] }] } }, false],
  ])('%s', (_name, pattern, expected) => {
    // Act
    const result = matchesPattern(pattern, event);

    // Assess
    expect(result).toBe(expected);
  });

  it('never matches a non-object event', () => {
    expect(matchesPattern({ source: ['aws.ecs'] }, null)).toBe(false);
    expect(matchesPattern({ source: ['aws.ecs'] }, 'aws.ecs')).toBe(false);
  });

  it('refuses operators it does not implement instead of guessing', () => {
    expect(() => matchesPattern({ source: [{ cidr: '10.0.0.0/8' }] }, event)).toThrow(/unsupported pattern operator/);
  });
});
