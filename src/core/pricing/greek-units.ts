import type { RawGreeks } from './option-types.ts';

/**
 * Greeks in display units, per one option (multiplier 1): what the API returns.
 * Position Greeks multiply by quantity x contract multiplier.
 */
export interface DisplayGreeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
  readonly dividendRho: number;
  readonly vanna: number;
  readonly volga: number;
  readonly charm: number;
}

/** Calendar days per year for theta and charm (Act/365F, as timeToExpiryYears). */
export const DAYS_PER_YEAR = 365;
/** One volatility point (0.01 = 1 %). */
export const VOL_POINT = 0.01;
/** One percentage point of rate or dividend yield (0.01 = 100 bp). */
export const RATE_POINT = 0.01;

/** Each display unit in words, for API documentation and responses. */
export const OPTION_GREEK_UNITS = {
  price: 'currency units per one option (multiplier 1)',
  delta: 'change in option value per 1 unit change in spot',
  gamma: 'change in delta per 1 unit change in spot',
  vega: 'change in option value per 1 volatility point (0.01 absolute volatility)',
  theta: 'change in option value per calendar day passing (annual theta / 365); usually negative',
  rho: 'change in option value per 1 percentage point (0.01) rise in the continuously compounded rate',
  dividendRho: 'change in option value per 1 percentage point (0.01) rise in the continuous dividend yield',
  vanna: 'change in delta per 1 volatility point (0.01)',
  volga: 'change in vega (per volatility point) per 1 volatility point (0.01)',
  charm: 'change in delta per calendar day passing (annual charm / 365)',
} as const satisfies Record<keyof DisplayGreeks, string>;

/** Converts raw per-1.00 kernel Greeks (option-types.ts RawGreeks) to display units. */
export function toDisplayGreeks(raw: RawGreeks): DisplayGreeks {
  return {
    price: raw.price,
    delta: raw.delta,
    gamma: raw.gamma,
    vega: raw.vega * VOL_POINT,
    theta: raw.theta / DAYS_PER_YEAR,
    rho: raw.rho * RATE_POINT,
    dividendRho: raw.dividendRho * RATE_POINT,
    vanna: raw.vanna * VOL_POINT,
    volga: raw.volga * VOL_POINT * VOL_POINT,
    charm: raw.charm / DAYS_PER_YEAR,
  };
}
