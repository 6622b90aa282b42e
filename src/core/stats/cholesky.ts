/**
 * Cholesky factorisation A = L L^T of a symmetric positive-definite matrix stored flat, row-major
 * (`dimension x dimension`). Only the lower triangle of A is read. L is returned flat, row-major,
 * with zeros above the diagonal. A matrix that is not positive definite (a pivot <= 0 or NaN) is
 * an expected failure, not an exception: see cholesky-with-repair.ts for the repair.
 */
import { fail, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';

export function cholesky({ matrix, dimension }: { matrix: Float64Array; dimension: number }): Result<Float64Array, 'NOT_POSITIVE_DEFINITE'> {
  const d = dimension;
  if (matrix.length !== d * d) throw new RangeError(`matrix has ${matrix.length} entries, expected ${d * d}`);
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const rowJ = j * d;
    let pivot = matrix[rowJ + j]!;
    for (let k = 0; k < j; k++) pivot -= l[rowJ + k]! * l[rowJ + k]!;
    if (!(pivot > 0)) {
      return fail('NOT_POSITIVE_DEFINITE', `matrix is not positive definite: pivot ${j} is ${pivot}`, { pivotIndex: j, pivotValue: pivot });
    }
    const ljj = Math.sqrt(pivot);
    l[rowJ + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      const rowI = i * d;
      let s = matrix[rowI + j]!;
      for (let k = 0; k < j; k++) s -= l[rowI + k]! * l[rowJ + k]!;
      l[rowI + j] = s / ljj;
    }
  }
  return ok(l);
}
