import { describe, expect, it } from 'vitest';
import { firstUnsafeValue } from './unsafe-value.ts';

describe('firstUnsafeValue', () => {
  it('passes ordinary JSON values', () => {
    expect(firstUnsafeValue({ a: [1, -2.5, 'x', null, true, { b: 'é😀' }], c: 1e308 })).toBeNull();
    expect(firstUnsafeValue(undefined)).toBeNull();
  });
  it('finds a non-finite number, a NUL and an unpaired surrogate, with the path', () => {
    expect(firstUnsafeValue({ cash: JSON.parse('1e400') as number })).toEqual({ path: '/cash', message: 'must be a finite number' });
    expect(firstUnsafeValue({ a: [{ name: 'x\u0000y' }] })).toMatchObject({ path: '/a/0/name' });
    expect(firstUnsafeValue({ a: ['ok', 'a\ud800b'] })).toMatchObject({ path: '/a/1' });
    expect(firstUnsafeValue({ ['k\u0000']: 1 })?.message).toMatch(/^a property name/);
    expect(firstUnsafeValue('\udc00')).toMatchObject({ path: '/' });
  });
  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: unknown = Number.NaN;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(firstUnsafeValue(deep)?.message).toBe('must be a finite number');
  });
});
