/**
 * Exponentially weighted (RiskMetrics) covariance matrix, flat row-major `columns x columns`.
 *
 * With rows r_1..r_T (oldest first) and decay `lambda` (0.94 for daily data):
 *   Sigma = sum_{t=1..T} w_t r_t r_t^T,  w_t = (1 - lambda) lambda^(T - t) / (1 - lambda^T).
 * Initialisation: this equals the recursion Sigma_t = lambda Sigma_{t-1} + (1 - lambda) r_t r_t^T
 * started from Sigma_0 = 0, divided by (1 - lambda^T) so that the finite window's weights sum to 1
 * (no dependence on a seed matrix; for long windows the correction is negligible: 0.94^250 ~ 2e-7).
 * Returns are taken as zero-mean (RiskMetrics) unless `centring: 'sample-mean'`, which first
 * subtracts the equally weighted column means.
 */
import type { Centring } from './parametric-var.ts';
import type { SeriesMatrix } from './series-matrix.ts';

export const RISKMETRICS_DAILY_LAMBDA = 0.94;

export function ewmaCovariance({
  returns,
  lambda = RISKMETRICS_DAILY_LAMBDA,
  centring = 'zero-mean',
}: {
  returns: SeriesMatrix;
  lambda?: number;
  centring?: Centring;
}): Float64Array {
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`lambda must be in (0, 1), got ${lambda}`);
  const { values, rows, columns: d } = returns;
  const means = new Float64Array(d);
  if (centring === 'sample-mean') {
    for (let t = 0; t < rows; t++) for (let j = 0; j < d; j++) means[j]! += values[t * d + j]! / rows;
  }
  const cov = new Float64Array(d * d);
  const x = new Float64Array(d);
  const norm = (1 - lambda) / -Math.expm1(rows * Math.log(lambda)); // (1 - lambda) / (1 - lambda^T)
  let weight = norm * lambda ** (rows - 1); // weight of the oldest row
  for (let t = 0; t < rows; t++) {
    for (let j = 0; j < d; j++) x[j] = values[t * d + j]! - means[j]!;
    for (let i = 0; i < d; i++) {
      const wi = weight * x[i]!;
      for (let j = i; j < d; j++) cov[i * d + j]! += wi * x[j]!;
    }
    weight /= lambda;
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i]!;
  return cov;
}
