import type { OptionParams } from './option-types.ts';
import { kindSign } from './option-types.ts';

/**
 * American option value when volatility is zero: the spot moves deterministically,
 * S_tau = S e^{(r - q) tau}, and the holder picks the best exercise time tau in [0, T]:
 * V = max(0, max_tau w (S e^{-q tau} - K e^{-r tau})). The inner function has at most one
 * stationary point, tau* = ln(q S / (r K)) / (q - r), so the maximum is at 0, T or tau*.
 * This is also the lower limit of the American price as volatility falls (used by implied vol).
 */
export function americanZeroVolatilityPrice(params: OptionParams): number {
  const { kind, spot, strike, timeToExpiryYears: t, rate, dividendYield: q } = params;
  const w = kindSign(kind);
  const value = (tau: number): number => w * (spot * Math.exp(-q * tau) - strike * Math.exp(-rate * tau));
  let best = Math.max(0, value(0), t > 0 ? value(t) : 0);
  if (t > 0 && rate !== q && rate * q > 0) {
    const tauStar = Math.log((q * spot) / (rate * strike)) / (q - rate);
    if (tauStar > 0 && tauStar < t) best = Math.max(best, value(tauStar));
  }
  return best;
}
