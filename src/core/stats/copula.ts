/**
 * Gaussian and Student-t copulas: correlated uniforms u in (0, 1)^d, written into a preallocated
 * Float64Array (`out[p * dimension + i]`), to be fed through any marginal quantile functions.
 *
 * - Gaussian: u_i = Phi(x_i), x = L z with L L^T = R (a correlation matrix).
 * - Student-t: u_i = T_df(x_i), x = L z sqrt(df / W), W ~ chi-squared(df): R is the dispersion
 *   matrix of a standard multivariate t; the copula has tail dependence that the Gaussian lacks.
 * Antithetic 'pairs' give u' = 1 - u for the mirror path (Phi and T_df are symmetric).
 */
import type { Xoshiro256StarStar } from './xoshiro256-star-star.ts';
import { normalCdf } from './normal-distribution.ts';
import { fillCorrelatedShocks } from './multivariate-shocks.ts';
import type { AntitheticMode } from './multivariate-shocks.ts';
import { studentTCdf } from './student-t-distribution.ts';

export interface CopulaRequest {
  readonly rng: Xoshiro256StarStar;
  /** Cholesky factor of the correlation matrix (unit diagonal), flat row-major. */
  readonly choleskyFactor: Float64Array;
  readonly dimension: number;
  readonly pathCount: number;
  readonly out: Float64Array;
  readonly antithetic?: AntitheticMode;
}

export function fillGaussianCopula(request: CopulaRequest): void {
  fillCorrelatedShocks({ ...request, distribution: { kind: 'normal' } });
  const { out } = request;
  const n = request.pathCount * request.dimension;
  for (let k = 0; k < n; k++) out[k] = normalCdf(out[k]!);
}

export function fillStudentTCopula(request: CopulaRequest & { readonly degreesOfFreedom: number }): void {
  const df = request.degreesOfFreedom;
  fillCorrelatedShocks({ ...request, distribution: { kind: 'student-t', degreesOfFreedom: df, scaling: 'dispersion' } });
  const { out } = request;
  const n = request.pathCount * request.dimension;
  for (let k = 0; k < n; k++) out[k] = studentTCdf(out[k]!, df);
}
