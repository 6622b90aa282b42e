/**
 * Log-return shocks of one block of paths, `out[p * d + u]` (path p, underlying u), drawn from the
 * block's own generator in a fixed order, so results do not depend on which thread ran the block:
 *
 *   1. n d standard normals (ziggurat, fillNormals), path-major;
 *   2. x_p = F z_p with the lower-triangular shock factor F (row by row, from the last row);
 *   3. Student-t and t copula only: one chi-squared(df) draw per path, in path order, then
 *      x_p *= sqrt((df - 2) / W) (t) or x_pu = scale_u g(x_pu sqrt(df / W)) (copula,
 *      g = Phi^-1 o T_df, monte-carlo-t-copula-map.ts).
 *
 * The product F z accumulates sum_{j < i} F_ij z_j in ascending j and adds F_ii z_i last, in
 * both the blocked kernel and the single-path kernel (for the last < 4 paths of a block).
 */
import { nextChiSquared } from '../stats/gamma-sampler.ts';
import { lowerTriangularMultiplyInPlace } from '../stats/lower-triangular-multiply.ts';
import type { Xoshiro256StarStar } from '../stats/xoshiro256-star-star.ts';
import { fillNormals } from '../stats/ziggurat-normal.ts';
import { createTCopulaMap, tToNormal } from './monte-carlo-t-copula-map.ts';
import type { TCopulaMap } from './monte-carlo-t-copula-map.ts';
import type { MonteCarloPlan } from './monte-carlo-types.ts';

export interface ShockModel {
  readonly dimension: number;
  readonly factor: Float64Array;
  readonly kind: 'normal' | 'student-t' | 't-copula';
  readonly degreesOfFreedom: number;
  readonly marginalScale: Float64Array;
  readonly copulaMap: TCopulaMap | null;
}

export function createShockModel(plan: MonteCarloPlan): ShockModel {
  const dist = plan.distribution;
  const df = dist.kind === 'normal' ? Number.POSITIVE_INFINITY : dist.degreesOfFreedom;
  return {
    dimension: plan.underlyingCount,
    factor: plan.shockFactor,
    kind: dist.kind,
    degreesOfFreedom: df,
    marginalScale: plan.marginalScale,
    copulaMap: dist.kind === 't-copula' ? createTCopulaMap(df) : null,
  };
}

/** Fills `out[0, pathCount * d)` with the shocks of one block; allocates nothing. */
export function fillBlockShocks(model: ShockModel, rng: Xoshiro256StarStar, pathCount: number, out: Float64Array): void {
  const d = model.dimension;
  fillNormals(rng, out, 0, pathCount * d);
  lowerTriangularMultiplyInPlace({ z: out, paths: pathCount, dimension: d, factor: model.factor });
  if (model.kind === 'normal') return;
  for (let p = 0; p < pathCount; p++) mixPath(model, out, p * d, nextChiSquared(rng, model.degreesOfFreedom));
}

/** Step 3 for one path at `out[base, base + d)`, given its chi-squared draw `w`. */
function mixPath(model: ShockModel, out: Float64Array, base: number, w: number): void {
  const d = model.dimension;
  if (model.copulaMap === null) {
    const scale = Math.sqrt((model.degreesOfFreedom - 2) / w);
    for (let u = 0; u < d; u++) out[base + u]! *= scale;
    return;
  }
  const scale = Math.sqrt(model.degreesOfFreedom / w);
  const map = model.copulaMap;
  const sd = model.marginalScale;
  for (let u = 0; u < d; u++) out[base + u] = sd[u]! * tToNormal(map, out[base + u]! * scale);
}
