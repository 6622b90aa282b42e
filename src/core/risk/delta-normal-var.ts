/**
 * Delta-normal (parametric, linear) VaR and ES of a book: an APPROXIMATION (CONVENTIONS.md).
 * The one-day P&L is linearised as dP = e'x with e the dollar delta per underlying (currency per
 * 1.00 relative move) and x ~ N(0, Sigma) the underlyings' daily returns, Sigma the sample
 * covariance (n - 1) of their daily log returns (core/stats covarianceMatrix). Zero mean:
 * sigma_p = sqrt(e' Sigma e), VaR = z_c sigma_p, ES = sigma_p phi(z_c) / (1 - c), z_c = Phi^-1(c).
 * One-day horizon, no sqrt-of-time scaling. Losses are positive.
 */
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import { gaussianExpectedShortfall, gaussianVar } from '../stats/parametric-var.ts';
import type { TailMeasure } from './pnl-tail-measures.ts';

export interface ParametricVarInput {
  /** Net dollar delta per underlying (e.g. BookGreeks.underlyings.dollarDelta), currency. */
  readonly dollarDeltaByUnderlying: Float64Array;
  /** Covariance of daily log returns, underlyings x underlyings row-major, same order. */
  readonly covariance: Float64Array;
  readonly netAssetValue: number;
  /** Default [0.95, 0.99]. */
  readonly confidences?: readonly number[];
}

export interface DeltaNormalVar {
  readonly method: 'delta-normal';
  readonly approximation: true;
  readonly conventions: {
    readonly mean: 'zero';
    readonly covariance: 'sample (n-1) of daily log returns';
    readonly horizonDays: 1;
    readonly losses: 'positive';
  };
  /** sigma_p = sqrt(e' Sigma e), currency per day. */
  readonly pnlStandardDeviation: number;
  readonly measures: readonly TailMeasure[];
}

export type ParametricVarErrorCode = 'INVALID_PARAMETERS' | 'INVALID_COVARIANCE';

export function deltaNormalVar(input: ParametricVarInput): Result<DeltaNormalVar, ParametricVarErrorCode> {
  const { dollarDeltaByUnderlying: e, covariance, netAssetValue, confidences = [0.95, 0.99] } = input;
  const problem = parametricInputProblem(e, covariance, netAssetValue, confidences);
  if (problem !== null) return fail(problem[0], problem[1]);
  const variance = quadraticForm(covariance, e, e);
  if (!(variance >= 0)) return fail('INVALID_COVARIANCE', `e' Sigma e = ${variance} < 0: the covariance is not positive semi-definite`);
  const sd = Math.sqrt(variance);
  return ok({
    method: 'delta-normal',
    approximation: true,
    conventions: { mean: 'zero', covariance: 'sample (n-1) of daily log returns', horizonDays: 1, losses: 'positive' },
    pnlStandardDeviation: sd,
    measures: confidences.map((confidence) => {
      const v = gaussianVar({ mean: 0, sd, confidence, centring: 'zero-mean' });
      const es = gaussianExpectedShortfall({ mean: 0, sd, confidence, centring: 'zero-mean' });
      return {
        confidence,
        valueAtRisk: { amount: v, fractionOfNav: v / netAssetValue },
        expectedShortfall: { amount: es, fractionOfNav: es / netAssetValue },
      };
    }),
  });
}

/** a' M b for a square row-major M of dimension a.length. */
export function quadraticForm(m: Float64Array, a: Float64Array, b: Float64Array): number {
  const d = a.length;
  let sum = 0;
  for (let i = 0; i < d; i++) {
    let row = 0;
    for (let j = 0; j < d; j++) row += m[i * d + j]! * b[j]!;
    sum += a[i]! * row;
  }
  return sum;
}

/** Shared input checks of the parametric kernels; null when fine. */
export function parametricInputProblem(
  e: Float64Array, covariance: Float64Array, netAssetValue: number, confidences: readonly number[],
): [ParametricVarErrorCode, string] | null {
  const d = e.length;
  if (covariance.length !== d * d) return ['INVALID_COVARIANCE', `covariance has ${covariance.length} entries, expected ${d} x ${d}`];
  if (!covariance.every(Number.isFinite)) return ['INVALID_COVARIANCE', 'covariance has non-finite entries'];
  for (let i = 0; i < d; i++) {
    if (!(covariance[i * d + i]! >= 0)) return ['INVALID_COVARIANCE', `variance ${i} is negative`];
    for (let j = 0; j < i; j++) {
      const a = covariance[i * d + j]!;
      const b = covariance[j * d + i]!;
      if (Math.abs(a - b) > 1e-12 * Math.max(Math.abs(a), Math.abs(b), 1e-300)) return ['INVALID_COVARIANCE', `covariance is not symmetric at (${i}, ${j})`];
    }
  }
  if (!e.every(Number.isFinite)) return ['INVALID_PARAMETERS', 'exposures must be finite'];
  if (confidences.length === 0 || !confidences.every((c) => c > 0 && c < 1)) return ['INVALID_PARAMETERS', 'confidences must be a non-empty list in (0, 1)'];
  if (!(netAssetValue > 0 && Number.isFinite(netAssetValue))) return ['INVALID_PARAMETERS', `netAssetValue ${netAssetValue} must be finite and > 0`];
  return null;
}
