import type { PositionValuation } from './position-valuation.ts';

export interface PositionLiquidity {
  readonly positionId: string;
  /** Days to exit at `participationRate` x average daily volume of the underlying (options: by delta-equivalent shares); null when ADV is unknown. */
  readonly daysToLiquidate: number | null;
  /** Half the quoted bid-ask spread times the position size: cost of crossing to exit now. */
  readonly spreadCost: number | null;
}

export interface LiquidityRisk {
  readonly participationRate: number;
  readonly positions: readonly PositionLiquidity[];
  readonly totalSpreadCost: number;
  /** Exposure-weighted mean days to liquidate over positions with a known ADV. */
  readonly weightedDaysToLiquidate: number | null;
  /** Share of gross exposure that needs more than `illiquidDays` to exit. */
  readonly illiquidShare: number | null;
  /** 100 = everything exits within a day; 0 = everything needs `illiquidDays` or more. */
  readonly score: number | null;
  /** Positions without an average daily volume (not scored). */
  readonly unknown: readonly string[];
}

/**
 * Liquidity: days to liquidate each position at a share of ADV, spread cost, and a portfolio score
 * = 100 x (1 - min(1, weighted days / illiquidDays)).
 */
export function liquidityRisk(args: {
  valuations: readonly PositionValuation[];
  averageDailyVolume: ReadonlyMap<string, number>;
  /** Half-spread per unit of quantity (per share or per option unit), from quotes; absent = unknown. */
  halfSpread: ReadonlyMap<string, number>;
  participationRate: number;
  illiquidDays: number;
}): LiquidityRisk {
  const positions: PositionLiquidity[] = [];
  const unknown: string[] = [];
  let weighted = 0; let weight = 0; let illiquid = 0; let totalSpreadCost = 0;
  for (const v of args.valuations) {
    if (v.status !== 'ok') continue;
    const adv = args.averageDailyVolume.get(v.underlying);
    const shares = Math.abs(v.greeks.delta);
    const exposure = Math.abs(v.assetClass === 'equity' ? v.marketValue : v.greeks.dollarDelta) + (v.assetClass === 'option' ? Math.abs(v.marketValue) : 0);
    const days = adv !== undefined && adv > 0 ? shares / (args.participationRate * adv) : null;
    const hs = args.halfSpread.get(v.instrumentKey);
    const spreadCost = hs === undefined ? null : hs * Math.abs(v.quantity * v.multiplier);
    if (spreadCost !== null) totalSpreadCost += spreadCost;
    if (days === null) unknown.push(v.positionId);
    else {
      weighted += days * exposure; weight += exposure;
      if (days > args.illiquidDays) illiquid += exposure;
    }
    positions.push({ positionId: v.positionId, daysToLiquidate: days, spreadCost });
  }
  const weightedDays = weight > 0 ? weighted / weight : null;
  return {
    participationRate: args.participationRate, positions, totalSpreadCost, weightedDaysToLiquidate: weightedDays,
    illiquidShare: weight > 0 ? illiquid / weight : null,
    score: weightedDays === null ? null : 100 * (1 - Math.min(1, weightedDays / args.illiquidDays)), unknown,
  };
}
