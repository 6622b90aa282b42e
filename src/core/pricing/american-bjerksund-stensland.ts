import { normalCdf } from '../stats/normal-distribution.ts';
import { ok } from '../shared/result.ts';
import type { ApproximationResult } from './american-approximation-domain.ts';
import { approximationDomain, checkAmericanBounds, notApplicable } from './american-approximation-domain.ts';
import { americanBinomial } from './american-binomial.ts';
import { bivariateNormalCdf } from './bivariate-normal-cdf.ts';
import { bsmPrice } from './bsm-greeks.ts';
import type { OptionParams } from './option-types.ts';
import { intrinsicValue } from './option-types.ts';

/**
 * Bjerksund & Stensland (2002), "Closed form valuation of American options": the exercise
 * boundary is approximated by two flat pieces split at t1 = (sqrt(5) - 1) / 2 * T, which needs the
 * bivariate normal cdf (Genz 2004). Usually within a few cents of the true value, and a lower
 * bound in theory; never below the European value. Calls with q <= 0 (carry b >= r) and r >= q are
 * European (exact). Puts use the put-call transformation P(S, K, T, r, q) = C(K, S, T, q, r). Formulas as in E. G. Haug,
 * "The Complete Guide to Option Pricing Formulas" (2nd ed.).
 *
 * Outside its domain it returns METHOD_NOT_APPLICABLE instead of a number: two or unmodelled
 * exercise boundaries with negative rates (approximationDomain: puts with q < r < 0 or r = 0 > q,
 * calls with r < q < 0 or r < 0 = q, where it used to return the European value), exercise
 * triggers that are undefined or not beyond the strike (strongly negative carry over long
 * horizons, e.g. put S = K = 100, T = 50, vol 2 %, r = 20 % gave 0), and results outside the
 * no-arbitrage bounds. Where exercise is never optimal with negative rates it is European (exact).
 */
export function bjerksundStensland2002Approximation(params: OptionParams): ApproximationResult {
  const { kind, spot, strike, timeToExpiryYears: t, volatility: vol, rate, dividendYield: q } = params;
  if (!(t > 0)) return ok(intrinsicValue(kind, spot, strike));
  if (!(vol * vol * t > 0)) return ok(Math.max(bsmPrice(params), intrinsicValue(kind, spot, strike)));
  const domain = approximationDomain(params, 'bjerksund-stensland-2002');
  if (domain === 'european') return ok(bsmPrice(params));
  if (domain !== 'approximate') return domain;
  const value = kind === 'call' ? callPrice(spot, strike, t, rate, rate - q, vol) : callPrice(strike, spot, t, q, q - rate, vol);
  if (Number.isNaN(value)) {
    return notApplicable('bjerksund-stensland-2002', 'its exercise triggers are undefined or not beyond the strike for these inputs');
  }
  return checkAmericanBounds(params, value, 'bjerksund-stensland-2002');
}

/**
 * bjerksundStensland2002Approximation as a number, for automatic callers (risk revaluation,
 * scenario grids, Monte Carlo): where the approximation is not applicable it falls back to the
 * default American lattice (americanBinomial). Requests that name the method go through
 * price-option.ts, which reports METHOD_NOT_APPLICABLE instead.
 */
export function bjerksundStensland2002Price(params: OptionParams): number {
  const result = bjerksundStensland2002Approximation(params);
  return result.ok ? result.value : americanBinomial(params).price;
}

/** American call in Haug's notation: spot s, strike k, rate r, carry b = r - q; NaN outside its domain. */
function callPrice(s: number, k: number, t: number, r: number, b: number, vol: number): number {
  const european = bsmPrice({ kind: 'call', spot: s, strike: k, timeToExpiryYears: t, volatility: vol, rate: r, dividendYield: r - b });
  if (b >= r) return european;
  // Both are lower bounds of the American value; the flat-boundary formula can fall below the
  // European value when r and b are both near 0, so keep the larger.
  const flat = flatBoundaryCall(s, k, t, r, b, vol);
  return Number.isNaN(flat) ? flat : Math.max(flat, european);
}

function flatBoundaryCall(s: number, k: number, t: number, r: number, b: number, vol: number): number {
  const v2 = vol * vol;
  const beta = 0.5 - b / v2 + Math.sqrt((b / v2 - 0.5) ** 2 + (2 * r) / v2);
  const bInfinity = (beta / (beta - 1)) * k;
  // beta -> 1 (carry -> 0 with r = 0) puts the exercise boundary at infinity: no premium
  if (Number.isNaN(beta)) return Number.NaN;
  if (!Number.isFinite(bInfinity) || !(beta > 1)) return 0;
  const b0 = Math.max(k, (r / (r - b)) * k);
  const t1 = 0.5 * (Math.sqrt(5) - 1) * t;
  const ht1 = (-(b * t1 + 2 * vol * Math.sqrt(t1)) * k * k) / ((bInfinity - b0) * b0);
  const ht2 = (-(b * t + 2 * vol * Math.sqrt(t)) * k * k) / ((bInfinity - b0) * b0);
  const i1 = b0 + (bInfinity - b0) * (1 - Math.exp(ht1));
  const i2 = b0 + (bInfinity - b0) * (1 - Math.exp(ht2));
  // triggers must lie beyond the strike (h > 0 when b t + 2 vol sqrt(t) < 0 pushes them below it)
  if (!(Number.isFinite(i1) && Number.isFinite(i2) && i1 > k && i2 > k)) return Number.NaN;
  if (s >= i2) return s - k;
  const alpha1 = (i1 - k) * Math.pow(i1, -beta);
  const alpha2 = (i2 - k) * Math.pow(i2, -beta);
  const m: Model = { s, r, b, vol, t, t1 };
  return (
    alpha2 * Math.pow(s, beta)
    - alpha2 * phi(m, beta, i2, i2)
    + phi(m, 1, i2, i2)
    - phi(m, 1, i1, i2)
    - k * phi(m, 0, i2, i2)
    + k * phi(m, 0, i1, i2)
    + alpha1 * phi(m, beta, i1, i2)
    - alpha1 * psi(m, beta, i1, i2, i1)
    + psi(m, 1, i1, i2, i1)
    - psi(m, 1, k, i2, i1)
    - k * psi(m, 0, i1, i2, i1)
    + k * psi(m, 0, k, i2, i1)
  );
}

interface Model {
  readonly s: number;
  readonly r: number;
  readonly b: number;
  readonly vol: number;
  readonly t: number;
  readonly t1: number;
}

/** phi(S, t1, gamma, H, I) of Bjerksund-Stensland, evaluated over the first period t1. */
function phi(m: Model, gamma: number, h: number, i: number): number {
  const { s, r, b, vol, t1 } = m;
  const v2 = vol * vol;
  const sst = vol * Math.sqrt(t1);
  const lambda = (-r + gamma * b + 0.5 * gamma * (gamma - 1) * v2) * t1;
  const d = -(Math.log(s / h) + (b + (gamma - 0.5) * v2) * t1) / sst;
  const kappa = (2 * b) / v2 + (2 * gamma - 1);
  return Math.exp(lambda) * Math.pow(s, gamma)
    * (normalCdf(d) - Math.pow(i / s, kappa) * normalCdf(d - (2 * Math.log(i / s)) / sst));
}

/** psi(S, T, gamma, H, I2, I1, t1) of Bjerksund-Stensland 2002 (four bivariate normals). */
function psi(m: Model, gamma: number, h: number, i2: number, i1: number): number {
  const { s, r, b, vol, t, t1 } = m;
  const v2 = vol * vol;
  const drift1 = (b + (gamma - 0.5) * v2) * t1;
  const drift = (b + (gamma - 0.5) * v2) * t;
  const sst1 = vol * Math.sqrt(t1);
  const sst = vol * Math.sqrt(t);
  const e1 = (Math.log(s / i1) + drift1) / sst1;
  const e2 = (Math.log((i2 * i2) / (s * i1)) + drift1) / sst1;
  const e3 = (Math.log(s / i1) - drift1) / sst1;
  const e4 = (Math.log((i2 * i2) / (s * i1)) - drift1) / sst1;
  const f1 = (Math.log(s / h) + drift) / sst;
  const f2 = (Math.log((i2 * i2) / (s * h)) + drift) / sst;
  const f3 = (Math.log((i1 * i1) / (s * h)) + drift) / sst;
  const f4 = (Math.log((s * i1 * i1) / (h * i2 * i2)) + drift) / sst;
  const rho = Math.sqrt(t1 / t);
  const lambda = -r + gamma * b + 0.5 * gamma * (gamma - 1) * v2;
  const kappa = (2 * b) / v2 + (2 * gamma - 1);
  return Math.exp(lambda * t) * Math.pow(s, gamma) * (
    bivariateNormalCdf(-e1, -f1, rho)
    - Math.pow(i2 / s, kappa) * bivariateNormalCdf(-e2, -f2, rho)
    - Math.pow(i1 / s, kappa) * bivariateNormalCdf(-e3, -f3, -rho)
    + Math.pow(i1 / i2, kappa) * bivariateNormalCdf(-e4, -f4, -rho)
  );
}
