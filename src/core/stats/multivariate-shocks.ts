/**
 * Correlated shock vectors for Monte Carlo, written into a preallocated Float64Array:
 * `out[p * dimension + i]` is factor i of path p.
 *
 * - normal: x = L z, z ~ N(0, I), so Cov(x) = L L^T = Sigma.
 * - student-t: x = sqrt((df - 2) / W) L z, W ~ chi-squared(df) per path: a multivariate t whose
 *   scale matrix is Sigma (df - 2) / df, hence Cov(x) = Sigma exactly (df > 2). Using Sigma itself
 *   as the scale would inflate every variance by df / (df - 2).
 *   With `scaling: 'dispersion'` Sigma is the scale (dispersion) matrix instead, Cov = Sigma df/(df-2),
 *   any df > 0: the standard t of a t copula.
 * - antithetic 'pairs': path 2k+1 = -(path 2k), sharing the chi-squared draw, so pairs sum to zero.
 *
 * `choleskyFactor` is the lower-triangular L (flat row-major, e.g. from `cholesky`). The normals
 * are drawn into `out` and transformed in place (row i only needs z_0..z_i, so rows go from the
 * last to the first), four paths at a time for independent accumulators; nothing is allocated.
 */
import { spreadAntitheticPairs } from './antithetic.ts';
import { nextChiSquared } from './gamma-sampler.ts';
import type { Xoshiro256StarStar } from './xoshiro256-star-star.ts';
import { fillNormals } from './ziggurat-normal.ts';

export type ShockDistribution =
  | { readonly kind: 'normal' }
  | { readonly kind: 'student-t'; readonly degreesOfFreedom: number; readonly scaling?: 'covariance' | 'dispersion' };
export type AntitheticMode = 'none' | 'pairs';

export interface CorrelatedShocksRequest {
  readonly rng: Xoshiro256StarStar;
  readonly choleskyFactor: Float64Array;
  readonly dimension: number;
  readonly pathCount: number;
  readonly out: Float64Array;
  readonly distribution?: ShockDistribution;
  readonly antithetic?: AntitheticMode;
}

export function fillCorrelatedShocks({
  rng,
  choleskyFactor,
  dimension: d,
  pathCount,
  out,
  distribution = { kind: 'normal' },
  antithetic = 'none',
}: CorrelatedShocksRequest): void {
  if (choleskyFactor.length !== d * d) throw new RangeError('choleskyFactor must be dimension x dimension');
  if (out.length < pathCount * d) throw new RangeError(`out holds ${out.length} values, need ${pathCount * d}`);
  if (antithetic === 'pairs' && pathCount % 2 !== 0) throw new RangeError('antithetic pairs need an even path count');
  const tScaling = distribution.kind === 'student-t' ? (distribution.scaling ?? 'covariance') : undefined;
  if (distribution.kind === 'student-t' && !(distribution.degreesOfFreedom > (tScaling === 'covariance' ? 2 : 0))) {
    throw new RangeError(`degreesOfFreedom ${distribution.degreesOfFreedom} is out of range (> 2 for a covariance-matched t, > 0 otherwise)`);
  }
  const step = antithetic === 'pairs' ? 2 : 1;
  const drawn = pathCount / step; // independent paths
  // independent normals for the drawn paths, packed at the front of `out`
  fillNormals(rng, out, 0, drawn * d);
  correlateInPlace(out, drawn, d, choleskyFactor);
  if (distribution.kind === 'student-t') {
    const df = distribution.degreesOfFreedom;
    const numerator = tScaling === 'covariance' ? df - 2 : df;
    for (let p = 0; p < drawn; p++) {
      const scale = Math.sqrt(numerator / nextChiSquared(rng, df));
      for (let i = p * d; i < (p + 1) * d; i++) out[i]! *= scale;
    }
  }
  if (step === 2) spreadAntitheticPairs({ values: out, pathCount, dimension: d });
}

/**
 * out[p] := L out[p] for paths 0..paths-1, in place. Blocks of 4 paths x 2 rows share every load
 * of L and z across 8 independent accumulators (about 1.6x faster in V8 than one path at a time);
 * rows run from the last to the first because row i reads z_0..z_i only.
 */
function correlateInPlace(out: Float64Array, paths: number, d: number, l: Float64Array): void {
  let p = 0;
  for (; p + 4 <= paths; p += 4) {
    const b0 = p * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
    let i = d - 1;
    for (; i >= 1; i -= 2) {
      const ra = i * d, rb = ra - d; // rows i and i - 1
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let j = 0; j < i; j++) {
        const la = l[ra + j]!, lb = l[rb + j]!;
        const z0 = out[b0 + j]!, z1 = out[b1 + j]!, z2 = out[b2 + j]!, z3 = out[b3 + j]!;
        a0 += la * z0;
        a1 += la * z1;
        a2 += la * z2;
        a3 += la * z3;
        c0 += lb * z0;
        c1 += lb * z1;
        c2 += lb * z2;
        c3 += lb * z3;
      }
      const lii = l[ra + i]!;
      out[b0 + i] = a0 + lii * out[b0 + i]!;
      out[b1 + i] = a1 + lii * out[b1 + i]!;
      out[b2 + i] = a2 + lii * out[b2 + i]!;
      out[b3 + i] = a3 + lii * out[b3 + i]!;
      out[b0 + i - 1] = c0;
      out[b1 + i - 1] = c1;
      out[b2 + i - 1] = c2;
      out[b3 + i - 1] = c3;
    }
    if (i === 0) {
      const l00 = l[0]!;
      out[b0]! *= l00;
      out[b1]! *= l00;
      out[b2]! *= l00;
      out[b3]! *= l00;
    }
  }
  for (; p < paths; p++) {
    const b = p * d;
    for (let i = d - 1; i >= 0; i--) {
      const row = i * d;
      let s = 0;
      for (let j = 0; j <= i; j++) s += l[row + j]! * out[b + j]!;
      out[b + i] = s;
    }
  }
}
