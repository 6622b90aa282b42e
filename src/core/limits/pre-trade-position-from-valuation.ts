import type { ValuedPosition } from '../risk/position-valuation.ts';
import type { PreTradePositionInput } from './pre-trade-inputs.ts';

/**
 * A valued position as pre-trade input: position Greeks divided back to one unit of the
 * underlying (quantity x multiplier). Null for a flat position (no unit can be recovered) - the
 * app leaves it out of the state.
 */
export function preTradePositionFromValuation(v: ValuedPosition): PreTradePositionInput | null {
  const units = v.quantity * v.multiplier;
  if (units === 0) return null;
  return {
    instrumentKey: v.instrumentKey, underlying: v.underlying, assetClass: v.assetClass, quantity: v.quantity, multiplier: v.multiplier,
    strategy: v.strategy, strategyGroupId: v.strategyGroupId, unitPrice: v.unitPrice,
    unitDelta: v.greeks.delta / units, unitGamma: v.greeks.gamma / units,
    unitVegaPerVolPoint: v.greeks.vegaPerVolPoint / units, unitThetaPerDay: v.greeks.thetaPerDay / units,
  };
}
