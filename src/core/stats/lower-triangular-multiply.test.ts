import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerTriangularMultiplyInPlace } from './lower-triangular-multiply.ts';

/** Plain matrix-vector products, one path at a time, summing in row order with the diagonal last. */
function reference(z: Float64Array, paths: number, d: number, f: Float64Array): Float64Array {
  const out = new Float64Array(z.length);
  for (let p = 0; p < paths; p++) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < i; j++) s += f[i * d + j]! * z[p * d + j]!;
      out[p * d + i] = s + f[i * d + i]! * z[p * d + i]!;
    }
  }
  return out;
}

describe('lower-triangular multiply of many paths', () => {
  it('equals the plain product bit for bit, for any dimension and path count (blocked and tail paths alike)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 2 ** 31 }), (d, paths, seed) => {
      let s = seed;
      const next = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; };
      const f = new Float64Array(d * d);
      for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) f[i * d + j] = next();
      const z = Float64Array.from({ length: paths * d }, next);
      const expected = reference(z, paths, d, f);
      lowerTriangularMultiplyInPlace({ z, paths, dimension: d, factor: f });
      return z.every((x, k) => Object.is(x, expected[k]) || x === expected[k]);
    }), { numRuns: 300 });
  });

  it('gives a 2 x 2 example by hand', () => {
    const z = Float64Array.from([1, 2, 3, 4]);
    lowerTriangularMultiplyInPlace({ z, paths: 2, dimension: 2, factor: Float64Array.from([2, 0, 0.5, 3]) });
    expect(Array.from(z)).toEqual([2, 0.5 + 6, 6, 1.5 + 12]);
  });
});
