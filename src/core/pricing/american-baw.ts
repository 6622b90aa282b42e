import { normalCdf, normalPdf } from '../stats/normal-distribution.ts';
import { ok } from '../shared/result.ts';
import type { ApproximationResult } from './american-approximation-domain.ts';
import { approximationDomain, checkAmericanBounds, notApplicable } from './american-approximation-domain.ts';
import { americanBinomial } from './american-binomial.ts';
import { bsmPrice } from './bsm-greeks.ts';
import type { OptionParams } from './option-types.ts';
import { intrinsicValue } from './option-types.ts';

const CRITICAL_PRICE_TOLERANCE = 1e-13; // relative to the strike; QuantLib stops at 1e-6
const MAX_ITERATIONS = 200;

/**
 * Barone-Adesi & Whaley (1987) quadratic approximation of an American option, as implemented by
 * QuantLib's BaroneAdesiWhaleyApproximationEngine (same seed, same Newton iteration for the
 * critical price, here run to 1e-13 instead of 1e-6). Calls with q <= 0 and r >= 0 are European
 * (exact). Like QuantLib, puts with r = 0 and q >= 0 get the formula's value (the premium vanishes
 * once the critical price is fully converged).
 *
 * Outside its domain the approximation returns METHOD_NOT_APPLICABLE instead of a number: where
 * early exercise has two boundaries or one the formula does not model (see approximationDomain:
 * puts with q < r < 0 or r = 0 > q, calls with r < q < 0 or r < 0 = q), where the critical-price
 * search fails (no convergence, or a critical price on the wrong side of the strike), and where
 * the result breaks the no-arbitrage bounds (below max(European, intrinsic), e.g. put S = K = 100,
 * T = 50, vol 2 %, r = 20 % gave 0). Where exercise is never optimal with negative rates (put with
 * r < 0 and q >= r, call with q < 0 and r >= q) it returns the exact European value.
 */
export function baroneAdesiWhaleyApproximation(params: OptionParams): ApproximationResult {
  const { kind, spot, strike, timeToExpiryYears: t, volatility: vol, rate, dividendYield: q } = params;
  if (!(t > 0)) return ok(intrinsicValue(kind, spot, strike));
  const european = bsmPrice(params);
  const domain = approximationDomain(params, 'baw');
  if (domain === 'european') return ok(european);
  if (domain !== 'approximate') return domain;
  if (kind === 'call' && q <= 0) return ok(european);
  const variance = vol * vol * t;
  if (!(variance > 0)) return ok(Math.max(european, intrinsicValue(kind, spot, strike)));
  const coefs = bawCoefficients(params, variance);
  const critical = criticalPrice(params, variance, coefs);
  // no reachable exercise region: a put boundary at 0, a call boundary at infinity
  if (kind === 'put' && critical === 0) return ok(european);
  if (kind === 'call' && critical === Number.POSITIVE_INFINITY) return ok(european);
  if (!Number.isFinite(critical) || (kind === 'put' ? !(critical < strike) : !(critical > strike))) {
    return notApplicable('baw', `the critical-price search failed (critical price ${critical} for strike ${strike})`);
  }
  const stdDev = Math.sqrt(variance);
  const dD = Math.exp(-q * t);
  const d1 = (Math.log(critical / strike) + (rate - q) * t + 0.5 * variance) / stdDev;
  let value: number;
  if (kind === 'call') {
    const a = (critical / coefs.qCall) * (1 - dD * normalCdf(d1));
    value = spot < critical ? european + a * Math.pow(spot / critical, coefs.qCall) : spot - strike;
  } else {
    const a = -(critical / coefs.qPut) * (1 - dD * normalCdf(-d1));
    value = spot > critical ? european + a * Math.pow(spot / critical, coefs.qPut) : strike - spot;
  }
  return checkAmericanBounds(params, value, 'baw');
}

/**
 * baroneAdesiWhaleyPrice as a number, for automatic callers (risk revaluation, limits): where the
 * approximation is not applicable (see baroneAdesiWhaleyApproximation) it falls back to the
 * default American lattice (americanBinomial) instead of failing or returning a wrong value.
 * Requests that name the method explicitly go through price-option.ts, which reports
 * METHOD_NOT_APPLICABLE instead.
 */
export function baroneAdesiWhaleyPrice(params: OptionParams): number {
  const result = baroneAdesiWhaleyApproximation(params);
  return result.ok ? result.value : americanBinomial(params).price;
}

interface BawCoefficients {
  readonly n: number;
  readonly qCall: number;
  readonly qPut: number;
}

function bawCoefficients(params: OptionParams, variance: number): BawCoefficients {
  const { timeToExpiryYears: t, rate, dividendYield: q } = params;
  const n = (2 * (rate - q) * t) / variance;
  // K = 2r / (sigma^2 (1 - e^{-rT})), with its limit 2 / (sigma^2 T) at r = 0
  const rt = rate * t;
  const k = Math.abs(rt) < 1e-9 ? (2 / variance) * (1 + rt / 2) : (2 * rt) / (variance * -Math.expm1(-rt));
  const root = Math.sqrt((n - 1) * (n - 1) + 4 * k);
  return { n, qCall: (-(n - 1) + root) / 2, qPut: (-(n - 1) - root) / 2 };
}

/** Critical spot S* beyond which immediate exercise is optimal (QuantLib's seed and iteration); NaN if the search fails. */
function criticalPrice(params: OptionParams, variance: number, coefs: BawCoefficients): number {
  const { kind, strike, timeToExpiryYears: t, rate, dividendYield: q } = params;
  const stdDev = Math.sqrt(variance);
  const bT = (rate - q) * t;
  const m = (2 * rate * t) / variance;
  const n = coefs.n;
  const dD = Math.exp(-q * t);
  let si: number;
  if (kind === 'call') {
    const qu = (-(n - 1) + Math.sqrt((n - 1) * (n - 1) + 4 * m)) / 2;
    const su = strike / (1 - 1 / qu);
    const h = (-(bT + 2 * stdDev) * strike) / (su - strike);
    si = strike + (su - strike) * (1 - Math.exp(h));
  } else {
    const qu = (-(n - 1) - Math.sqrt((n - 1) * (n - 1) + 4 * m)) / 2;
    const su = strike / (1 - 1 / qu);
    const h = ((bT - 2 * stdDev) * strike) / (strike - su);
    si = su + (strike - su) * Math.exp(h);
  }
  const Q = kind === 'call' ? coefs.qCall : coefs.qPut;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    if (kind === 'call' && si === Number.POSITIVE_INFINITY) return si; // no reachable exercise region
    if (!(Number.isFinite(si) && si > 0)) return Number.NaN;
    const d1 = (Math.log(si / strike) + bT + 0.5 * variance) / stdDev;
    const european = bsmPrice({ ...params, spot: si });
    let next: number;
    let residual: number;
    if (kind === 'call') {
      const rhs = european + ((1 - dD * normalCdf(d1)) * si) / Q;
      const bi = dD * normalCdf(d1) * (1 - 1 / Q) + (1 - (dD * normalPdf(d1)) / stdDev) / Q;
      residual = si - strike - rhs;
      next = (strike + rhs - bi * si) / (1 - bi);
    } else {
      const rhs = european - ((1 - dD * normalCdf(-d1)) * si) / Q;
      const bi = -dD * normalCdf(-d1) * (1 - 1 / Q) - (1 + (dD * normalPdf(-d1)) / stdDev) / Q;
      residual = strike - si - rhs;
      next = (strike - rhs + bi * si) / (1 + bi);
    }
    if (Math.abs(residual) / strike <= CRITICAL_PRICE_TOLERANCE) return si;
    // A put boundary collapsing to 0 (e.g. r = 0) means no early-exercise region
    if (!(next > 0)) return 0;
    si = next;
  }
  return Number.NaN; // no convergence
}
