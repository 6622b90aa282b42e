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

describe('firstUnsafeValue working memory', () => {
  it('gives the same answers call after call, whatever an earlier walk left in its working memory', () => {
    const big = { legs: Array.from({ length: 50 }, (_, i) => ({ instrument: { type: 'stock', symbol: `S${i}` }, quantity: i })) };
    expect(firstUnsafeValue(big)).toBeNull();
    expect(firstUnsafeValue({ a: [1, { b: Number.POSITIVE_INFINITY }] })).toEqual({ path: '/a/1/b', message: 'must be a finite number' });
    // a later, smaller walk is not confused by what an earlier, larger one left
    expect(firstUnsafeValue({ x: 'fine' })).toBeNull();
    expect(firstUnsafeValue([['a\u0000']])).toMatchObject({ path: '/0/0' });
    // one problem is reported, with its own path
    expect(['/first', '/second']).toContain(firstUnsafeValue({ first: Number.NaN, second: Number.NaN })?.path);
  });
});
