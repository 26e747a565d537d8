/**
 * Hand-written EventBridge operator cases: a pattern, an event, and whether EventBridge matches it (per the
 * EventBridge user guide, "Content filtering in Amazon EventBridge event patterns", and aws/event-ruler's README,
 * the matcher EventBridge runs). The unit test checks the hand matcher against `matches`; the moto test checks moto
 * against the hand matcher on every case, except where `motoDiffers` says why moto is wrong.
 *
 * Patterns name only source, detail-type, resources and detail: PutEvents sets every other envelope field itself.
 */
import type { EventPattern } from './event-pattern.js';

/** One operator case. */
export interface PatternCase {
  name: string;
  pattern: EventPattern;
  /** The event (default: `OPERATOR_EVENT`). */
  event?: PatternEvent;
  /** What EventBridge answers. */
  matches: boolean;
  /** Set when moto 5.x answers otherwise: why moto is wrong, with the source. */
  motoDiffers?: string;
}

/** The fields of an event PutEvents can carry. */
export interface PatternEvent {
  source: string;
  'detail-type': string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** The event most cases match against: a task stopping, with two containers. */
export const OPERATOR_EVENT: PatternEvent = {
  source: 'aws.ecs',
  'detail-type': 'ECS Task State Change',
  resources: ['arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef'],
  detail: {
    clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    group: 'service:web',
    lastStatus: 'RUNNING',
    desiredStatus: 'STOPPED',
    stopCode: null,
    version: 4,
    cpu: '256',
    connectivity: true,
    emptyReason: '',
    attachments: [{ type: 'eni', details: [{ name: 'subnetId', value: 'subnet-1' }] }],
    containers: [
      { name: 'app', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
      { name: 'sidecar', lastStatus: 'RUNNING' },
    ],
    overrides: { containerOverrides: [] },
    tags: ['team:payments', 'tier:web'],
  },
};

const ARRAYS_OF_OBJECTS =
  'EventBridge crushes arrays of objects out of the event, so a nested pattern matches against each element ' +
  '(aws/event-ruler README, "JSON Array Matching"); moto 5.2 flattens objects but not arrays, so it finds no field';
const LEAVES_ONLY =
  'exists matches only leaf nodes, so an object or an array of objects is absent to it (aws/event-ruler README, ' +
  '"Exists matching"); moto 5.2 counts any value present, an array of objects included';
const NUMBERS_ONLY =
  'numeric matching works only on JSON numbers (aws/event-ruler README, "Numeric matching"); moto 5.2 checks ' +
  "isinstance(value, (int, float)), and Python's bool is an int";

/** Every operator case, named for the test table. */
export const PATTERN_CASES: PatternCase[] = [
  // exact values, one of a list
  { name: 'exact string', pattern: { source: ['aws.ecs'] }, matches: true },
  { name: 'one of several', pattern: { source: ['aws.ec2', 'aws.ecs'] }, matches: true },
  { name: 'wrong value', pattern: { source: ['aws.ec2'] }, matches: false },
  { name: 'exact match is case-sensitive', pattern: { source: ['AWS.ECS'] }, matches: false },
  { name: 'nested field', pattern: { detail: { lastStatus: ['RUNNING'] } }, matches: true },
  {
    name: 'every key must match',
    pattern: { source: ['aws.ecs'], detail: { lastStatus: ['STOPPED'] } },
    matches: false,
  },
  { name: 'missing field', pattern: { detail: { stoppedReason: ['x'] } }, matches: false },
  { name: 'null value', pattern: { detail: { stopCode: [null] } }, matches: true },
  { name: 'null is not the empty string', pattern: { detail: { stopCode: [''] } }, matches: false },
  { name: 'empty string', pattern: { detail: { emptyReason: [''] } }, matches: true },
  { name: 'boolean', pattern: { detail: { connectivity: [true] } }, matches: true },
  { name: 'a number does not equal its string', pattern: { detail: { version: ['4'] } }, matches: false },
  { name: 'a string does not equal its number', pattern: { detail: { cpu: [256] } }, matches: false },
  { name: 'value in an event array', pattern: { detail: { tags: ['tier:web'] } }, matches: true },
  // prefix, suffix, equals-ignore-case, wildcard
  { name: 'prefix', pattern: { detail: { clusterArn: [{ prefix: 'arn:aws:ecs:us-east-1:' }] } }, matches: true },
  { name: 'prefix is case-sensitive', pattern: { detail: { group: [{ prefix: 'SERVICE:' }] } }, matches: false },
  {
    name: 'prefix ignoring case',
    pattern: { detail: { group: [{ prefix: { 'equals-ignore-case': 'SERVICE:' } }] } },
    matches: true,
  },
  { name: 'prefix over an event array', pattern: { resources: [{ prefix: 'arn:aws:ecs:' }] }, matches: true },
  { name: 'prefix on a number', pattern: { detail: { version: [{ prefix: '4' }] } }, matches: false },
  { name: 'suffix', pattern: { detail: { clusterArn: [{ suffix: ':cluster/prod' }] } }, matches: true },
  {
    name: 'suffix ignoring case',
    pattern: { detail: { clusterArn: [{ suffix: { 'equals-ignore-case': ':CLUSTER/PROD' } }] } },
    matches: true,
  },
  {
    name: 'equals-ignore-case',
    pattern: { detail: { lastStatus: [{ 'equals-ignore-case': 'running' }] } },
    matches: true,
  },
  {
    name: 'equals-ignore-case is whole-value',
    pattern: { detail: { lastStatus: [{ 'equals-ignore-case': 'run' }] } },
    matches: false,
  },
  {
    name: 'wildcard',
    pattern: { detail: { clusterArn: [{ wildcard: 'arn:*:ecs:*:*:cluster/prod' }] } },
    matches: true,
  },
  {
    name: 'wildcard is anchored',
    pattern: { detail: { clusterArn: [{ wildcard: 'arn:*:ecs:*:*:cluster/pro' }] } },
    matches: false,
  },
  {
    name: 'wildcard over an event array',
    pattern: { resources: [{ wildcard: 'arn:*:ecs:*:*:task/prod/*' }] },
    matches: true,
  },
  { name: 'wildcard dot is literal', pattern: { detail: { group: [{ wildcard: 'service.web' }] } }, matches: false },
  // anything-but
  { name: 'anything-but list', pattern: { detail: { lastStatus: [{ 'anything-but': ['STOPPED'] }] } }, matches: true },
  {
    name: 'anything-but excludes',
    pattern: { detail: { lastStatus: [{ 'anything-but': ['RUNNING', 'STOPPED'] }] } },
    matches: false,
  },
  {
    name: 'anything-but one value',
    pattern: { detail: { lastStatus: [{ 'anything-but': 'RUNNING' }] } },
    matches: false,
  },
  { name: 'anything-but a number', pattern: { detail: { version: [{ 'anything-but': [3, 5] }] } }, matches: true },
  {
    name: 'anything-but needs the field',
    pattern: { detail: { reason: [{ 'anything-but': ['x'] }] } },
    matches: false,
  },
  {
    name: 'anything-but prefix excludes',
    pattern: { detail: { lastStatus: [{ 'anything-but': { prefix: 'RUN' } }] } },
    matches: false,
  },
  {
    name: 'anything-but prefix lets others through',
    pattern: { detail: { desiredStatus: [{ 'anything-but': { prefix: 'RUN' } }] } },
    matches: true,
  },
  {
    name: 'anything-but prefix needs the field',
    pattern: { detail: { stoppedReason: [{ 'anything-but': { prefix: 'Essential' } }] } },
    matches: false,
  },
  {
    name: 'anything-but suffix',
    pattern: { detail: { clusterArn: [{ 'anything-but': { suffix: '/prod' } }] } },
    matches: false,
  },
  {
    name: 'anything-but ignoring case',
    pattern: { detail: { lastStatus: [{ 'anything-but': { 'equals-ignore-case': ['running'] } }] } },
    matches: false,
  },
  {
    name: 'anything-but over an event array: one element outside is enough',
    pattern: { detail: { tags: [{ 'anything-but': ['team:payments'] }] } },
    matches: true,
  },
  // exists
  { name: 'exists true', pattern: { detail: { version: [{ exists: true }] } }, matches: true },
  { name: 'exists true on null', pattern: { detail: { stopCode: [{ exists: true }] } }, matches: true },
  { name: 'exists false on a missing field', pattern: { detail: { stoppedAt: [{ exists: false }] } }, matches: true },
  { name: 'exists false on a present field', pattern: { detail: { version: [{ exists: false }] } }, matches: false },
  {
    name: 'exists false under a missing parent',
    pattern: { detail: { stopping: { at: [{ exists: false }] } } },
    matches: true,
  },
  {
    name: 'exists true is for leaves, not objects',
    pattern: { detail: { overrides: [{ exists: true }] } },
    matches: false,
  },
  {
    name: 'exists false on an object',
    pattern: { detail: { overrides: [{ exists: false }] } },
    matches: true,
  },
  {
    name: 'anything-but on an object finds no leaf',
    pattern: { detail: { overrides: [{ 'anything-but': ['x'] }] } },
    matches: false,
  },
  {
    name: 'exists true inside an array of objects',
    pattern: { detail: { containers: { exitCode: [{ exists: true }] } } },
    matches: true,
    motoDiffers: ARRAYS_OF_OBJECTS,
  },
  {
    name: 'exists true on an array of objects',
    pattern: { detail: { containers: [{ exists: true }] } },
    matches: false,
    motoDiffers: LEAVES_ONLY,
  },
  {
    name: 'value inside an array of objects',
    pattern: { detail: { containers: { name: ['sidecar'] } } },
    matches: true,
    motoDiffers: ARRAYS_OF_OBJECTS,
  },
  {
    name: 'arrays of objects match element by element',
    pattern: { detail: { containers: { name: ['sidecar'], exitCode: [137] } } },
    matches: false,
  },
  {
    name: 'nested arrays of objects',
    pattern: { detail: { attachments: { details: { value: [{ prefix: 'subnet-' }] } } } },
    matches: true,
    motoDiffers: ARRAYS_OF_OBJECTS,
  },
  // numeric
  { name: 'numeric range', pattern: { detail: { version: [{ numeric: ['>', 3, '<=', 4] }] } }, matches: true },
  { name: 'numeric equals', pattern: { detail: { version: [{ numeric: ['=', 4] }] } }, matches: true },
  { name: 'numeric outside', pattern: { detail: { version: [{ numeric: ['>', 4] }] } }, matches: false },
  { name: 'numeric open bound', pattern: { detail: { version: [{ numeric: ['<', 4] }] } }, matches: false },
  { name: 'numeric on a numeric string', pattern: { detail: { cpu: [{ numeric: ['>', 0] }] } }, matches: false },
  {
    name: 'numeric on a boolean',
    pattern: { detail: { connectivity: [{ numeric: ['>=', 0] }] } },
    matches: false,
    motoDiffers: NUMBERS_ONLY,
  },
  // $or
  {
    name: '$or one branch',
    pattern: { detail: { $or: [{ desiredStatus: ['STOPPED'] }, { lastStatus: ['STOPPED'] }] } },
    matches: true,
  },
  {
    name: '$or no branch',
    pattern: { detail: { $or: [{ desiredStatus: ['RUNNING'] }, { lastStatus: ['STOPPED'] }] } },
    matches: false,
  },
  {
    name: '$or at the top, with other keys',
    pattern: {
      source: ['aws.ecs'],
      $or: [{ 'detail-type': ['ECS Service Action'] }, { detail: { lastStatus: ['RUNNING'] } }],
    },
    matches: true,
  },
  {
    name: '$or with an exists false branch',
    pattern: { detail: { $or: [{ stoppedAt: [{ exists: false }] }, { lastStatus: ['STOPPED'] }] } },
    matches: true,
  },
  // several entries in one leaf array: any of them
  {
    name: 'a value or exists false',
    pattern: { detail: { lastStatus: ['RUNNING', { exists: false }] } },
    matches: true,
  },
  {
    name: 'a prefix or a numeric range',
    pattern: { detail: { version: [{ prefix: 'v' }, { numeric: ['>', 1] }] } },
    matches: true,
  },
];

/** The event of a case. */
export const eventOf = (c: PatternCase): PatternEvent => c.event ?? OPERATOR_EVENT;
