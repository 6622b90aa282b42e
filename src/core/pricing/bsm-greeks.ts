import { normalCdf, normalPdf } from '../stats/normal-distribution.ts';
import type { OptionParams, RawGreeks } from './option-types.ts';
import { expiredGreeks, kindSign } from './option-types.ts';

/**
 * Black-Scholes-Merton with continuous dividend yield q (carry b = r - q), European exercise.
 *
 * Expired options (timeToExpiryYears <= 0) are worth intrinsic and carry no Greeks.
 * With zero volatility the option is worth its discounted forward intrinsic value
 * max(+-(S e^-qT - K e^-rT), 0) and the Greeks are the limits of the formulas.
 * Inputs are trusted (validate at the boundary: price-option.ts); units in option-types.ts.
 */
export function bsmPrice(params: OptionParams): number {
  const { kind, spot, strike, timeToExpiryYears: t, volatility, rate, dividendYield } = params;
  if (!(t > 0)) return expiredGreeks(kind, spot, strike).price;
  const w = kindSign(kind);
  const fwdSpot = spot * Math.exp(-dividendYield * t);
  const fwdStrike = strike * Math.exp(-rate * t);
  const sst = volatility * Math.sqrt(t);
  if (!(sst > 0)) return Math.max(w * (fwdSpot - fwdStrike), 0);
  const d1 = Math.log(fwdSpot / fwdStrike) / sst + 0.5 * sst;
  const d2 = d1 - sst;
  return Math.max(w * (fwdSpot * normalCdf(w * d1) - fwdStrike * normalCdf(w * d2)), 0);
}

/** Price and all Greeks in raw per-1.00 units (see RawGreeks). */
export function bsmGreeks(params: OptionParams): RawGreeks {
  const { kind, spot, strike, timeToExpiryYears: t, volatility: vol, rate, dividendYield: q } = params;
  if (!(t > 0)) return expiredGreeks(kind, spot, strike);
  const w = kindSign(kind);
  const dq = Math.exp(-q * t);
  const fwdSpot = spot * dq;
  const fwdStrike = strike * Math.exp(-rate * t);
  const sqrtT = Math.sqrt(t);
  const sst = vol * sqrtT;
  if (!(sst > 0)) return zeroVolGreeks(w, dq, fwdSpot, fwdStrike, t, rate, q);

  const d1 = Math.log(fwdSpot / fwdStrike) / sst + 0.5 * sst;
  const d2 = d1 - sst;
  const nd1 = normalCdf(w * d1);
  const nd2 = normalCdf(w * d2);
  const pdf1 = normalPdf(d1);
  const price = Math.max(w * (fwdSpot * nd1 - fwdStrike * nd2), 0);
  const vega = fwdSpot * pdf1 * sqrtT;
  return {
    price,
    delta: w * dq * nd1,
    gamma: (dq * pdf1) / (spot * sst),
    vega,
    theta: (-fwdSpot * pdf1 * vol) / (2 * sqrtT) - w * rate * fwdStrike * nd2 + w * q * fwdSpot * nd1,
    rho: w * t * fwdStrike * nd2,
    dividendRho: -w * t * fwdSpot * nd1,
    vanna: (-dq * pdf1 * d2) / vol,
    volga: (vega * d1 * d2) / vol,
    charm: w * q * dq * nd1 - (dq * pdf1 * (2 * (rate - q) * t - d2 * sst)) / (2 * t * sst),
  };
}

/** Deterministic limit sigma -> 0: the option is a forward (if in the money) or worthless. */
function zeroVolGreeks(
  w: 1 | -1, dq: number, fwdSpot: number, fwdStrike: number, t: number, rate: number, q: number,
): RawGreeks {
  const itm = w * (fwdSpot - fwdStrike) > 0 ? 1 : 0;
  return {
    price: itm * w * (fwdSpot - fwdStrike),
    delta: itm * w * dq,
    gamma: 0,
    vega: 0,
    theta: itm * w * (q * fwdSpot - rate * fwdStrike),
    rho: itm * w * t * fwdStrike,
    dividendRho: -itm * w * t * fwdSpot,
    vanna: 0,
    volga: 0,
    charm: itm * w * q * dq,
  };
}
