/**
 * Cholesky factor of a correlation or covariance matrix, repairing a matrix that is not positive
 * definite (estimated from gappy data, stressed by hand, or singular) instead of failing:
 *
 * - correlation: replaced by Higham's nearest correlation matrix;
 * - covariance: scaled to its correlation matrix (sd_i = sqrt(Sigma_ii), which must be > 0),
 *   repaired as above, and scaled back with the same standard deviations, so variances are kept.
 *
 * The response says whether a repair happened; the caller should report it with the result.
 */
import { fail, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { cholesky } from './cholesky.ts';
import { correlationToCovariance, covarianceToCorrelation } from './covariance-matrix.ts';
import { nearestCorrelation } from './nearest-correlation.ts';

export interface RepairedCholesky {
  /** Lower-triangular L, flat row-major, with L L^T = `matrix`. */
  readonly factor: Float64Array;
  /** The matrix factored: the input itself, or its repair. */
  readonly matrix: Float64Array;
  readonly repaired: boolean;
  /** Higham iterations spent (0 without repair). */
  readonly iterations: number;
}

export type RepairFailure = 'NEAREST_CORRELATION_NOT_CONVERGED' | 'INVALID_MATRIX' | 'NOT_POSITIVE_DEFINITE';

export function choleskyWithRepair({
  matrix,
  dimension,
  kind,
  minEigenvalue,
}: {
  matrix: Float64Array;
  dimension: number;
  kind: 'correlation' | 'covariance';
  minEigenvalue?: number;
}): Result<RepairedCholesky, RepairFailure> {
  const direct = cholesky({ matrix, dimension });
  if (direct.ok) return ok({ factor: direct.value, matrix, repaired: false, iterations: 0 });

  const scaled = kind === 'covariance' ? covarianceToCorrelation({ covariance: matrix, dimension }) : undefined;
  if (scaled !== undefined && !scaled.sd.every((s) => s > 0 && Number.isFinite(s))) {
    return fail('INVALID_MATRIX', 'every variance must be positive and finite to repair a covariance matrix', { sd: Array.from(scaled.sd) });
  }
  const near = nearestCorrelation({ matrix: scaled?.correlation ?? matrix, dimension, ...(minEigenvalue === undefined ? {} : { minEigenvalue }) });
  if (!near.ok) return near;
  const repairedMatrix = scaled === undefined ? near.value.matrix : correlationToCovariance({ correlation: near.value.matrix, sd: scaled.sd });
  const factor = cholesky({ matrix: repairedMatrix, dimension });
  if (!factor.ok) return factor;
  return ok({ factor: factor.value, matrix: repairedMatrix, repaired: true, iterations: near.value.iterations });
}
