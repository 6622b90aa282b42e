/**
 * Cost of liquidating a stressed book (liquidity-crisis scenarios). Per underlying u with a
 * liquidity shock:
 *
 *   shares_u     = sum |stock units| + sum over options |position delta after the shock|  (share-equivalent)
 *   daysToExit_u = shares_u / (participationRate x ADV_u x volumeFactor)        (Infinity when ADV is unknown)
 *   bucket_u     = liquid (<= 1 day), moderate (<= 5 days), illiquid (beyond, or ADV unknown)
 *   cost_u       = grossStockValue_u x (stockHalfSpread x widening + haircut[bucket_u])
 *                + grossOptionValue_u x (optionHalfSpread x widening + haircut[bucket_u])
 *
 * Gross values are sums of |stressed market value| position by position (stock positions one by
 * one when given, else the net stock per underlying). Crossing the widened half-spread once is the
 * cost of trading out; the haircut is the forced-sale discount of the bucket.
 */
import type { LiquidityShock } from './scenario-definition.ts';

export const LIQUIDITY_BUCKETS = ['liquid', 'moderate', 'illiquid'] as const;
export type LiquidityBucket = (typeof LIQUIDITY_BUCKETS)[number];
/** Upper bounds of the liquid and moderate buckets, days to exit. */
export const LIQUID_MAX_DAYS = 1;
export const MODERATE_MAX_DAYS = 5;

/** Market liquidity data, per underlying where arrays (aligned with book.underlyings). */
export interface LiquidityMarket {
  /** Average daily volume, shares; NaN or <= 0 = unknown. */
  readonly averageDailyVolumeShares: Float64Array;
  /** Usual half bid-ask spread of the stock, fraction of price; default 0.0005 (5 bp). */
  readonly stockHalfSpreadFraction?: number;
  /** Usual half bid-ask spread of its options, fraction of option value; default 0.025. */
  readonly optionHalfSpreadFraction?: number;
  /** Fraction of daily volume one can trade without moving the price; default 0.1. */
  readonly participationRate?: number;
}

export const DEFAULT_STOCK_HALF_SPREAD = 0.0005;
export const DEFAULT_OPTION_HALF_SPREAD = 0.025;
export const DEFAULT_PARTICIPATION_RATE = 0.1;

export interface UnderlyingLiquidityCost {
  readonly daysToExit: number;
  readonly bucket: LiquidityBucket;
  readonly spreadCost: number;
  readonly haircutCost: number;
  readonly cost: number;
}

export interface LiquidityCostReport {
  /** Positive currency amount subtracted from the scenario P&L. */
  readonly total: number;
  /** Per underlying; null where no liquidity shock applies. */
  readonly byUnderlying: readonly (UnderlyingLiquidityCost | null)[];
  readonly conventions: typeof LIQUIDITY_CONVENTIONS;
}

export const LIQUIDITY_CONVENTIONS = {
  cost: 'gross stressed value x (half-spread x spreadWideningMultiplier + haircut of the bucket), stocks and options separately',
  daysToExit: 'share-equivalent exposure (|stock units| + |option delta x units|) / (participationRate x ADV x volumeFactor)',
  buckets: `liquid <= ${LIQUID_MAX_DAYS} day, moderate <= ${MODERATE_MAX_DAYS} days, illiquid beyond or ADV unknown`,
} as const;

export function liquidityBucket(daysToExit: number): LiquidityBucket {
  return daysToExit <= LIQUID_MAX_DAYS ? 'liquid' : daysToExit <= MODERATE_MAX_DAYS ? 'moderate' : 'illiquid';
}

/**
 * `grossStockValue`, `grossOptionValue` and `shareEquivalent` are per underlying (stressed);
 * `shocks[u]` null = no liquidity shock on u (cost 0, entry null).
 */
export function liquidityCost({ shocks, grossStockValue, grossOptionValue, shareEquivalent, market }: {
  shocks: readonly (LiquidityShock | null)[];
  grossStockValue: Float64Array;
  grossOptionValue: Float64Array;
  shareEquivalent: Float64Array;
  market?: LiquidityMarket;
}): LiquidityCostReport {
  const stockSpread = market?.stockHalfSpreadFraction ?? DEFAULT_STOCK_HALF_SPREAD;
  const optionSpread = market?.optionHalfSpreadFraction ?? DEFAULT_OPTION_HALF_SPREAD;
  const participation = market?.participationRate ?? DEFAULT_PARTICIPATION_RATE;
  let total = 0;
  const byUnderlying = shocks.map((shock, u): UnderlyingLiquidityCost | null => {
    if (shock === null) return null;
    const adv = market?.averageDailyVolumeShares[u] ?? Number.NaN;
    const shares = shareEquivalent[u]!;
    const capacity = participation * adv * (shock.volumeFactor ?? 1);
    const daysToExit = shares === 0 ? 0 : capacity > 0 ? shares / capacity : Number.POSITIVE_INFINITY;
    const bucket = liquidityBucket(daysToExit);
    const haircut = shock.haircutByBucket[bucket];
    const stock = grossStockValue[u]!;
    const option = grossOptionValue[u]!;
    const spreadCost = (stock * stockSpread + option * optionSpread) * shock.spreadWideningMultiplier;
    const haircutCost = (stock + option) * haircut;
    total += spreadCost + haircutCost;
    return { daysToExit, bucket, spreadCost, haircutCost, cost: spreadCost + haircutCost };
  });
  return { total, byUnderlying, conventions: LIQUIDITY_CONVENTIONS };
}
