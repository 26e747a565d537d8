import { describe, expect, it } from 'vitest';
import { LruMap } from '../../../../shared/use-cases/batch/container-cache.js';

describe('LruMap', () => {
  it('remembers at least the last `limit` keys set, and forgets a key once 2 × limit newer keys came', () => {
    const map = new LruMap<number>(3);
    for (let i = 0; i < 10; i++) map.set(`k${i}`, i);
    for (let i = 7; i < 10; i++) expect(map.get(`k${i}`)).toBe(i);
    expect(map.get('k0')).toBeUndefined();
    expect(map.get('k3')).toBeUndefined();
  });

  it('keeps a key that is read while others come and go', () => {
    const map = new LruMap<string>(2);
    map.set('hot', 'kept');
    for (let i = 0; i < 20; i++) {
      map.set(`cold${i}`, 'x');
      expect(map.get('hot')).toBe('kept');
    }
    expect(map.get('cold0')).toBeUndefined();
  });

  it('overwrites a key in place without ageing the others', () => {
    const map = new LruMap<number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('b', 3);
    map.set('b', 4);
    expect(map.get('a')).toBe(1);
    expect(map.get('b')).toBe(4);
  });
});
