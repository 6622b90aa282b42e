import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import { bsmPrice } from './bsm-greeks.ts';
import type { OptionParams } from './option-types.ts';
import { intrinsicValue } from './option-types.ts';

/** Coded failure of an American approximation outside its domain (price-option.ts passes it on). */
export type ApproximationErrorCode = 'METHOD_NOT_APPLICABLE';
export type ApproximationResult = Result<number, ApproximationErrorCode>;

/** The approximations named in reasons. */
export type ApproximationName = 'baw' | 'bjerksund-stensland-2002';

export const notApplicable = (method: ApproximationName, why: string): ApproximationResult =>
  fail('METHOD_NOT_APPLICABLE', `method '${method}' is not applicable to these inputs: ${why}`, { method, reason: why });

/**
 * Where a single-boundary approximation (BAW, Bjerksund-Stensland) applies, in put terms (a call
 * is the put with r and q swapped, McDonald-Schroder): rate r_p and dividend yield q_p.
 * - r_p < 0 and q_p >= r_p: immediate exercise is never optimal (exercise needs q_p S <= r_p K
 *   with S < K, impossible), so the European value is exact: 'european';
 * - r_p < 0 and q_p < r_p: the exercise region is a band between TWO boundaries (Battauz, De Donno
 *   and Sbuelz 2015), and with r_p = 0, q_p < 0 it is a region the approximations do not model (for
 *   calls with r <= 0 they return the European value although early exercise pays): not applicable;
 * - otherwise ('approximate'; r_p = 0 with q_p >= 0 keeps the formulas' QuantLib-compatible value).
 */
export function approximationDomain(params: OptionParams, method: ApproximationName): 'european' | 'approximate' | ApproximationResult {
  const rp = params.kind === 'put' ? params.rate : params.dividendYield;
  const qp = params.kind === 'put' ? params.dividendYield : params.rate;
  if (rp < 0 && qp >= rp) return 'european';
  if (rp < 0) {
    return notApplicable(method, `an American ${params.kind} with ${params.kind === 'put' ? 'q < r < 0' : 'r < q < 0'} has two early-exercise boundaries`);
  }
  if (rp === 0 && qp < 0) {
    return notApplicable(method, `early exercise of an American ${params.kind} with ${params.kind === 'put' ? 'r = 0 and q < 0' : 'r < 0 and q = 0'} is outside the approximation's single-boundary model`);
  }
  return 'approximate';
}

/**
 * No-arbitrage bounds every American value must satisfy: at least max(European, intrinsic), at
 * most the undiscounted bound (put: K max(1, e^{-rT}); call: S max(1, e^{-qT})). A result outside
 * them (or not finite) means the approximation failed for these inputs.
 */
export function checkAmericanBounds(params: OptionParams, value: number, method: ApproximationName): ApproximationResult {
  if (!Number.isFinite(value)) return notApplicable(method, 'the approximation is undefined (non-finite value)');
  const { kind, spot, strike, timeToExpiryYears: t, rate, dividendYield: q } = params;
  const floor = Math.max(bsmPrice(params), intrinsicValue(kind, spot, strike));
  const cap = kind === 'put' ? strike * Math.max(1, Math.exp(-rate * t)) : spot * Math.max(1, Math.exp(-q * t));
  const slack = 1e-9 * Math.max(spot, strike);
  if (value < floor - slack) {
    return notApplicable(method, `its value ${value} is below the no-arbitrage floor max(European, intrinsic) = ${floor}`);
  }
  if (value > cap + slack) return notApplicable(method, `its value ${value} exceeds the no-arbitrage cap ${cap}`);
  return ok(value);
}
