/**
 * Antithetic variates: each drawn path is followed by its mirror image, so that pairs of paths
 * have exactly opposite (or, for uniforms, complementary) values. Halves the draws and removes
 * the odd-order sampling error of each pair.
 */
import type { Xoshiro256StarStar } from './xoshiro256-star-star.ts';
import { fillNormals } from './ziggurat-normal.ts';

/** 'negate' for symmetric shocks (z -> -z), 'complement' for uniforms (u -> 1 - u). */
export type Reflection = 'negate' | 'complement';

/**
 * Spreads the first `pathCount / 2` paths of `values` (packed at the front) into pairs in place:
 * path 2k is drawn path k, path 2k+1 its reflection. `pathCount` must be even.
 */
export function spreadAntitheticPairs({
  values,
  pathCount,
  dimension: d,
  reflection = 'negate',
}: {
  values: Float64Array;
  pathCount: number;
  dimension: number;
  reflection?: Reflection;
}): void {
  if (pathCount % 2 !== 0) throw new RangeError('antithetic pairs need an even path count');
  const offset = reflection === 'negate' ? 0 : 1;
  // from the back, so that no drawn path is overwritten before it is moved
  for (let p = pathCount / 2 - 1; p >= 0; p--) {
    for (let i = d - 1; i >= 0; i--) {
      const v = values[p * d + i]!;
      values[2 * p * d + i] = v;
      values[(2 * p + 1) * d + i] = offset - v;
    }
  }
}

/** Fills `pathCount` x `dimension` standard normals in antithetic pairs (path 2k+1 = -path 2k). */
export function fillAntitheticNormals({
  rng,
  out,
  pathCount,
  dimension,
}: {
  rng: Xoshiro256StarStar;
  out: Float64Array;
  pathCount: number;
  dimension: number;
}): void {
  if (pathCount % 2 !== 0) throw new RangeError('antithetic pairs need an even path count');
  fillNormals(rng, out, 0, (pathCount / 2) * dimension);
  spreadAntitheticPairs({ values: out, pathCount, dimension });
}
