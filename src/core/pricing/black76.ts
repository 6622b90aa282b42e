import { bsmGreeks, bsmPrice } from './bsm-greeks.ts';
import type { OptionKind, RawGreeks } from './option-types.ts';

/** Inputs of Black (1976) for European options on a futures or forward price. */
export interface Black76Params {
  readonly kind: OptionKind;
  /** Futures (forward) price for the option's expiry. */
  readonly forward: number;
  readonly strike: number;
  readonly timeToExpiryYears: number;
  readonly volatility: number;
  /** Continuously compounded discount rate to the premium payment date (= expiry). */
  readonly rate: number;
}

/**
 * Sensitivities of Black-76, raw per-1.00 units (as RawGreeks), with respect to the FORWARD:
 * delta = dV/dF, gamma = d2V/dF2, vanna = d2V/dF dsigma, charm = d delta/dt holding F;
 * rho = dV/dr holding F fixed = -T V. There is no dividend rho (reported as 0).
 */
export type Black76Greeks = RawGreeks;

/**
 * Black-76: V = e^{-rT} [w F N(w d1) - w K N(w d2)], d1 = (ln(F/K) + sigma^2 T / 2) / (sigma sqrt T).
 * It is BSM with spot = F and dividend yield = rate (zero carry); rho differs because r moves both
 * discounting and the BSM "dividend" at once: rho_76 = rho_bsm + dividendRho_bsm = -T V.
 */
export function black76Greeks(params: Black76Params): Black76Greeks {
  const g = bsmGreeks({
    kind: params.kind,
    spot: params.forward,
    strike: params.strike,
    timeToExpiryYears: params.timeToExpiryYears,
    volatility: params.volatility,
    rate: params.rate,
    dividendYield: params.rate,
  });
  return { ...g, rho: g.rho + g.dividendRho, dividendRho: 0 };
}

/** Black-76 price only. */
export function black76Price(params: Black76Params): number {
  return bsmPrice({
    kind: params.kind,
    spot: params.forward,
    strike: params.strike,
    timeToExpiryYears: params.timeToExpiryYears,
    volatility: params.volatility,
    rate: params.rate,
    dividendYield: params.rate,
  });
}
