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
  correlateBlock(out, pathCount, d, model.factor);
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

/** z := F z for one path in place (rows from the last: row i reads z_0..z_i only). */
function correlatePath(z: Float64Array, base: number, d: number, f: Float64Array): void {
  for (let i = d - 1; i >= 0; i--) {
    const row = i * d;
    let s = 0;
    for (let j = 0; j < i; j++) s += f[row + j]! * z[base + j]!;
    z[base + i] = s + f[row + i]! * z[base + i]!;
  }
}

/**
 * z_p := F z_p for paths 0..paths-1 in place. Blocks of 4 paths x 2 rows share every load of F
 * and z across 8 independent accumulators; the summation order equals `correlatePath`'s.
 */
function correlateBlock(z: Float64Array, paths: number, d: number, f: Float64Array): void {
  let p = 0;
  for (; p + 4 <= paths; p += 4) {
    const b0 = p * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
    let i = d - 1;
    for (; i >= 1; i -= 2) {
      const ra = i * d, rb = ra - d; // rows i and i - 1
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let j = 0; j < i - 1; j++) {
        const fa = f[ra + j]!, fb = f[rb + j]!;
        const z0 = z[b0 + j]!, z1 = z[b1 + j]!, z2 = z[b2 + j]!, z3 = z[b3 + j]!;
        a0 += fa * z0;
        a1 += fa * z1;
        a2 += fa * z2;
        a3 += fa * z3;
        c0 += fb * z0;
        c1 += fb * z1;
        c2 += fb * z2;
        c3 += fb * z3;
      }
      // j = i - 1: the diagonal of row i - 1 (its last term) and an inner term of row i
      const j = i - 1;
      const fa = f[ra + j]!, fb = f[rb + j]!;
      const z0 = z[b0 + j]!, z1 = z[b1 + j]!, z2 = z[b2 + j]!, z3 = z[b3 + j]!;
      a0 += fa * z0;
      a1 += fa * z1;
      a2 += fa * z2;
      a3 += fa * z3;
      const fii = f[ra + i]!;
      z[b0 + i] = a0 + fii * z[b0 + i]!;
      z[b1 + i] = a1 + fii * z[b1 + i]!;
      z[b2 + i] = a2 + fii * z[b2 + i]!;
      z[b3 + i] = a3 + fii * z[b3 + i]!;
      z[b0 + j] = c0 + fb * z0;
      z[b1 + j] = c1 + fb * z1;
      z[b2 + j] = c2 + fb * z2;
      z[b3 + j] = c3 + fb * z3;
    }
    if (i === 0) {
      const f00 = f[0]!;
      z[b0] = 0 + f00 * z[b0]!;
      z[b1] = 0 + f00 * z[b1]!;
      z[b2] = 0 + f00 * z[b2]!;
      z[b3] = 0 + f00 * z[b3]!;
    }
  }
  for (; p < paths; p++) correlatePath(z, p * d, d, f);
}
