/**
 * The one lower-triangular matrix x many vectors kernel of the simulations (Monte Carlo VaR shocks,
 * multivariate shock generation): tuned once, used by both.
 */
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
 * z_p := F z_p for paths 0..paths-1 in place (F lower triangular, d x d row-major; paths stored
 * one after another, d values each): the correlation step of every simulation (Cholesky factor).
 * Blocks of 4 paths x 2 rows share every load of F and z across 8 independent accumulators (about
 * 1.6x faster in V8 than one path at a time); the summation order equals `correlatePath`'s, so a
 * path's result does not depend on the block it falls in.
 */
export function lowerTriangularMultiplyInPlace({ z, paths, dimension: d, factor: f }: { z: Float64Array; paths: number; dimension: number; factor: Float64Array }): void {
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
