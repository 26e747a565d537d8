import { describe, expect, it } from 'vitest';
import {
  assertAllUsed,
  compileCondition,
  compileUpdate,
  type ExpressionContext,
  type Item,
} from '../../../bench/support/dynamo-expressions.js';

const names = { '#pk': 'pk', '#v': 'version', '#d': 'data', '#s': 'status', '#n': 'n', '#e': 'expiresAt' };
const ctx = (values: Record<string, unknown> = {}): ExpressionContext => ({ names, values, used: new Set() });
const stored: Item = { pk: 'a', version: 3, data: { status: 'done' }, n: 2, expiresAt: 100 };

describe('compileCondition', () => {
  it.each([
    ['attribute_not_exists(#pk)', {}, undefined, true],
    ['attribute_not_exists(#pk)', {}, stored, false],
    ['attribute_exists(#pk)', {}, stored, true],
    ['#v < :v', { ':v': 4 }, stored, true],
    ['#v < :v', { ':v': 3 }, stored, false],
    ['#v <= :v AND #v >= :v', { ':v': 3 }, stored, true],
    ['#v > :v OR #v = :v', { ':v': 3 }, stored, true],
    ['NOT #v = :v', { ':v': 3 }, stored, false],
    ['attribute_not_exists(#pk) OR (#n < :l AND #e > :now)', { ':l': 3, ':now': 99 }, stored, true],
    ['attribute_not_exists(#pk) OR (#n < :l AND #e > :now)', { ':l': 3, ':now': 100 }, stored, false],
    ['#d.#s <> :done', { ':done': 'done' }, stored, false],
    ['#d.#s <> :done', { ':done': 'started' }, stored, true],
    ['#v = :v', { ':v': '3' }, stored, false],
    ['#v <> :v', { ':v': 1 }, undefined, false],
    ['begins_with(#pk, :p)', { ':p': 'a' }, stored, true],
    ['begins_with(#pk, :p)', { ':p': 'b' }, stored, false],
  ])('%s with %j on %j is %s', (text, values, item, expected) => {
    expect(compileCondition(text, ctx(values))(item)).toBe(expected);
  });

  it.each([
    ['#unknown = :v', { ':v': 1 }, /not in ExpressionAttributeNames/],
    ['#v = :missing', {}, /not in ExpressionAttributeValues/],
    ['#v = :v )', { ':v': 1 }, /unexpected/],
    ['#v = ', {}, /expected/],
    ['#v ~ :v', { ':v': 1 }, /cannot read/],
  ])('rejects %s', (text, values, error) => {
    expect(() => compileCondition(text, ctx(values))(stored)).toThrow(error);
  });
});

describe('compileUpdate', () => {
  it.each([
    ['ADD #n :one', { ':one': 1 }, { n: 3 }],
    ['ADD #n :one SET #e = if_not_exists(#e, :e)', { ':one': 1, ':e': 500 }, { n: 3, expiresAt: 100 }],
    ['SET #e = :e, #v = #v + :one', { ':e': 7, ':one': 1 }, { expiresAt: 7, version: 4 }],
    ['SET #v = #v - :one REMOVE #n', { ':one': 1 }, { version: 2, n: undefined }],
  ])('%s', (text, values, changed) => {
    expect(compileUpdate(text, ctx(values))(stored)).toEqual({ ...stored, ...changed });
  });

  it('starts from nothing when the item is new', () => {
    const update = compileUpdate('ADD #n :one SET #e = if_not_exists(#e, :e)', ctx({ ':one': 1, ':e': 500 }));
    expect(update({ pk: 'b' })).toEqual({ pk: 'b', n: 1, expiresAt: 500 });
  });
});

describe('assertAllUsed', () => {
  it('names what a request carried but never used', () => {
    const context = ctx({ ':v': 1, ':extra': 2 });
    compileCondition('#v = :v', context);
    expect(() => assertAllUsed(context)).toThrow(/#pk.*:extra/);
  });
});
