import type { PositionValuation, ValuedPosition } from './position-valuation.ts';

export interface Exposures {
  /** Sum of |exposure|: equities at market value, options at dollar delta (delta-adjusted). */
  readonly gross: number;
  readonly net: number;
  readonly long: number;
  /** Negative or zero. */
  readonly short: number;
  /** Net dollar delta of everything (equities and options). */
  readonly deltaAdjusted: number;
  /** gross / NAV; null when NAV <= 0. */
  readonly leverage: number | null;
  /** Sum of |market value| of options (premium at risk). */
  readonly optionPremiumGross: number;
}

/** Exposure of one valued position: equities by market value, options by dollar delta. */
export const positionExposure = (p: ValuedPosition): number => (p.assetClass === 'equity' ? p.marketValue : p.greeks.dollarDelta);

export function exposures(valuations: readonly PositionValuation[], nav: number): Exposures {
  let long = 0; let short = 0; let deltaAdjusted = 0; let optionPremiumGross = 0;
  for (const v of valuations) {
    if (v.status !== 'ok') continue;
    const e = positionExposure(v);
    if (e >= 0) long += e; else short += e;
    deltaAdjusted += v.greeks.dollarDelta;
    if (v.assetClass === 'option') optionPremiumGross += Math.abs(v.marketValue);
  }
  const gross = long - short;
  return { gross, net: long + short, long, short, deltaAdjusted, leverage: nav > 0 ? gross / nav : null, optionPremiumGross };
}
