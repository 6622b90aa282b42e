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
import { lowerTriangularMultiplyInPlace } from './lower-triangular-multiply.ts';
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
  lowerTriangularMultiplyInPlace({ z: out, paths: drawn, dimension: d, factor: choleskyFactor });
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
