import { ZERO_GREEKS, type PositionGreeks, type PositionValuation, type ValuedPosition } from './position-valuation.ts';

export interface GreekTotals extends PositionGreeks {
  readonly marketValue: number;
  readonly positions: number;
}

const add = (a: GreekTotals, p: ValuedPosition): GreekTotals => ({
  marketValue: a.marketValue + p.marketValue, positions: a.positions + 1,
  delta: a.delta + p.greeks.delta, dollarDelta: a.dollarDelta + p.greeks.dollarDelta, gamma: a.gamma + p.greeks.gamma,
  dollarGammaPer1Pct: a.dollarGammaPer1Pct + p.greeks.dollarGammaPer1Pct, vegaPerVolPoint: a.vegaPerVolPoint + p.greeks.vegaPerVolPoint,
  thetaPerDay: a.thetaPerDay + p.greeks.thetaPerDay, rhoPerPct: a.rhoPerPct + p.greeks.rhoPerPct,
});

export const EMPTY_TOTALS: GreekTotals = { ...ZERO_GREEKS, marketValue: 0, positions: 0 };

export interface AggregatedGreeks {
  /** Sums over valued positions. Share deltas of different underlyings are summed as given; use dollarDelta to compare. */
  readonly total: GreekTotals;
  readonly byUnderlying: Record<string, GreekTotals>;
  readonly byExpiry: Record<string, GreekTotals>;
  readonly byStrategy: Record<string, GreekTotals>;
  readonly bySector: Record<string, GreekTotals>;
}

function groupBy(valued: readonly ValuedPosition[], key: (p: ValuedPosition) => string): Record<string, GreekTotals> {
  const out: Record<string, GreekTotals> = {};
  for (const p of valued) out[key(p)] = add(out[key(p)] ?? EMPTY_TOTALS, p);
  return out;
}

/** Totals and breakdowns of position Greeks; failed positions are left out (the report says so). */
export function aggregateGreeks(valuations: readonly PositionValuation[]): AggregatedGreeks {
  const valued = valuations.filter((v): v is ValuedPosition => v.status === 'ok');
  return {
    total: valued.reduce(add, EMPTY_TOTALS),
    byUnderlying: groupBy(valued, (p) => p.underlying),
    byExpiry: groupBy(valued, (p) => p.expiryBucket),
    byStrategy: groupBy(valued, (p) => p.strategy),
    bySector: groupBy(valued, (p) => p.sector),
  };
}
