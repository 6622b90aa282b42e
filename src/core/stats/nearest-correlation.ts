/**
 * Nearest correlation matrix by Higham's alternating projections with Dykstra's correction
 * (N. J. Higham, "Computing the nearest correlation matrix - a problem from finance",
 * IMA J. Numer. Anal. 22 (2002) 329-343), unweighted Frobenius norm.
 *
 * Alternates the projection onto S = {X symmetric, eigenvalues >= minEigenvalue} (Dykstra-
 * corrected) and onto U = {unit diagonal}. The result is then made strictly positive definite:
 * one last projection onto S and the congruence D^-1/2 X D^-1/2 restoring the unit diagonal
 * (which keeps every eigenvalue positive), so that Cholesky succeeds on it.
 */
import { fail, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { symmetricEigen } from './symmetric-eigen.ts';

export interface NearestCorrelation {
  /** Flat row-major correlation matrix: symmetric, unit diagonal, positive definite. */
  readonly matrix: Float64Array;
  readonly iterations: number;
}

export const DEFAULT_MIN_EIGENVALUE = 1e-8;

export function nearestCorrelation({
  matrix,
  dimension,
  minEigenvalue = DEFAULT_MIN_EIGENVALUE,
  tolerance = 1e-10,
  maxIterations = 1000,
}: {
  matrix: Float64Array;
  dimension: number;
  minEigenvalue?: number;
  tolerance?: number;
  maxIterations?: number;
}): Result<NearestCorrelation, 'NEAREST_CORRELATION_NOT_CONVERGED'> {
  const n = dimension;
  let y = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i * n + j] = 0.5 * (matrix[i * n + j]! + matrix[j * n + i]!);
  const correction = new Float64Array(n * n);
  const r = new Float64Array(n * n);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    for (let k = 0; k < r.length; k++) r[k] = y[k]! - correction[k]!;
    const x = projectToEigenvalueFloor(r, n, minEigenvalue);
    for (let k = 0; k < r.length; k++) correction[k] = x[k]! - r[k]!;
    const next = Float64Array.from(x);
    for (let i = 0; i < n; i++) next[i * n + i] = 1;
    let change = 0, size = 0;
    for (let k = 0; k < next.length; k++) {
      change += (next[k]! - y[k]!) ** 2;
      size += next[k]! ** 2;
    }
    y = next;
    if (Math.sqrt(change) <= tolerance * Math.sqrt(size)) return ok({ matrix: finalise(y, n, minEigenvalue), iterations: iteration });
  }
  return fail('NEAREST_CORRELATION_NOT_CONVERGED', `no convergence in ${maxIterations} iterations`, { maxIterations, tolerance });
}

/** V max(Lambda, floor) V^T: the nearest (Frobenius) symmetric matrix with eigenvalues >= floor. */
export function projectToEigenvalueFloor(a: Float64Array, n: number, floor: number): Float64Array {
  const { values, vectors } = symmetricEigen({ matrix: a, dimension: n });
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lambda = Math.max(values[k]!, floor);
    for (let i = 0; i < n; i++) {
      const vik = lambda * vectors[i * n + k]!;
      for (let j = 0; j < n; j++) out[i * n + j]! += vik * vectors[j * n + k]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i] = 0.5 * (out[i * n + j]! + out[j * n + i]!);
  return out;
}

function finalise(y: Float64Array, n: number, minEigenvalue: number): Float64Array {
  const x = projectToEigenvalueFloor(y, n, minEigenvalue);
  const scale = Float64Array.from({ length: n }, (_, i) => 1 / Math.sqrt(x[i * n + i]!));
  for (let i = 0; i < n; i++) {
    x[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) x[i * n + j] = x[j * n + i] = x[i * n + j]! * scale[i]! * scale[j]!; // exactly symmetric
  }
  return x;
}
