import type { OptionParams, RawGreeks } from './option-types.ts';
import { expiredGreeks } from './option-types.ts';

/** What a pricer returns for one set of inputs; theta (per year) only if it has its own. */
export interface SpotSensitivities {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly theta?: number;
}

export type SpotPricer = (params: OptionParams) => SpotSensitivities;

/** Bump sizes of the central differences, in the inputs' own units. */
export interface BumpSizes {
  /** Relative spot bump for delta and gamma of price-only pricers. */
  readonly spotRelative: number;
  readonly volatility: number;
  readonly rate: number;
  readonly timeYears: number;
}

/** For smooth closed-form approximations (BAW, Bjerksund-Stensland). */
export const CLOSED_FORM_BUMPS: BumpSizes = { spotRelative: 1e-4, volatility: 1e-4, rate: 1e-4, timeYears: 1e-4 };
/** For the lattice: wider bumps so that node-crossing noise does not dominate the differences. */
export const LATTICE_BUMPS: BumpSizes = { spotRelative: 1e-3, volatility: 5e-3, rate: 1e-3, timeYears: 1 / 365 };

/** Turns a price-only function into a SpotPricer: delta and gamma by central differences in spot. */
export function withSpotDifferences(price: (params: OptionParams) => number, bumps: BumpSizes = CLOSED_FORM_BUMPS): SpotPricer {
  return (params: OptionParams): SpotSensitivities => {
    const h = params.spot * bumps.spotRelative;
    const mid = price(params);
    const up = price({ ...params, spot: params.spot + h });
    const down = price({ ...params, spot: params.spot - h });
    return { price: mid, delta: (up - down) / (2 * h), gamma: (up - 2 * mid + down) / (h * h) };
  };
}

/**
 * All raw Greeks (RawGreeks units) of a pricer by central differences in volatility, rate,
 * dividend yield and time; delta and gamma come from the pricer itself. Theta comes from the
 * pricer when it has one, otherwise from the time bumps (theta = -dV/dT, charm = -d delta/dT).
 */
export function bumpedGreeks(pricer: SpotPricer, params: OptionParams, bumps: BumpSizes): RawGreeks {
  const t = params.timeToExpiryYears;
  if (!(t > 0)) return expiredGreeks(params.kind, params.spot, params.strike);
  const base = pricer(params);
  const vol = params.volatility;
  let vega = 0, volga = 0, vanna = 0;
  if (vol > 0) {
    const h = Math.min(bumps.volatility, vol / 2);
    const up = pricer({ ...params, volatility: vol + h });
    const down = pricer({ ...params, volatility: vol - h });
    vega = (up.price - down.price) / (2 * h);
    volga = (up.price - 2 * base.price + down.price) / (h * h);
    vanna = (up.delta - down.delta) / (2 * h);
  }
  const hr = bumps.rate;
  const rho = (pricer({ ...params, rate: params.rate + hr }).price - pricer({ ...params, rate: params.rate - hr }).price) / (2 * hr);
  const dividendRho = (pricer({ ...params, dividendYield: params.dividendYield + hr }).price
    - pricer({ ...params, dividendYield: params.dividendYield - hr }).price) / (2 * hr);
  const ht = Math.min(bumps.timeYears, t / 2);
  const longer = pricer({ ...params, timeToExpiryYears: t + ht });
  const shorter = pricer({ ...params, timeToExpiryYears: t - ht });
  return {
    price: base.price,
    delta: base.delta,
    gamma: base.gamma,
    vega,
    theta: base.theta ?? -(longer.price - shorter.price) / (2 * ht),
    rho,
    dividendRho,
    vanna,
    volga,
    charm: -(longer.delta - shorter.delta) / (2 * ht),
  };
}
