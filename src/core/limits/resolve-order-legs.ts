/**
 * Validates a client order and writes its legs into the state's impact arrays, failing closed
 * with coded reasons: INVALID_ORDER (leg count, side, quantity, limit price, instrument fields,
 * expired option), INSTRUMENT_UNKNOWN (underlying not in the state's universe),
 * MARKET_DATA_MISSING (no spot or quote time, no ATM volatility for an option not held, no ADV
 * while a liquidity limit is active), MARKET_DATA_STALE (quote older than maxQuoteAgeMs at nowMs),
 * PRICING_FAILED (non-finite model value). Held instruments use the state's per-unit
 * sensitivities; others are valued here (see newOptionUnitGreeks).
 */
import { instrumentKey } from '../portfolio/instrument.ts';
import type { PreTradeOrder, PreTradeReason } from './pre-trade-decision.ts';
import type { OrderReasonCode } from './pre-trade-reason-codes.ts';
import type { PreTradeState } from './pre-trade-state.ts';
import { expiryCloseMs, newOptionUnitGreeks } from './new-option-unit-greeks.ts';

const YEAR_MS = 365 * 86_400_000;

function reason(code: OrderReasonCode, legIndex: number | null, message: string): PreTradeReason {
  return { code, limitId: null, scope: null, current: null, projected: null, limit: null, utilisation: null, legIndex, message };
}

/** Fills `state.scratch` legs; returns false (with reasons pushed) when any leg cannot be used. */
export function resolveOrderLegs({ state, order, nowMs, maxQuoteAgeMs, reasons, pricing }: {
  state: PreTradeState;
  order: PreTradeOrder;
  nowMs: number;
  maxQuoteAgeMs: number;
  reasons: PreTradeReason[];
  /** Receives the valuation method of each option not held. */
  pricing: string[];
}): boolean {
  const x = state.scratch; const und = state.tables.underlyings; const pos = state.tables.positions;
  x.legCount = 0;
  const legs = order.legs;
  if (!Array.isArray(legs) || legs.length < 1 || legs.length > state.maxOrderLegs) {
    reasons.push(reason('INVALID_ORDER', null, `an order has 1 to ${state.maxOrderLegs} legs`));
    return false;
  }
  const before = reasons.length;
  const strategy = order.strategy === undefined ? -1 : (state.tables.strategies.index.get(order.strategy) ?? -1);
  for (let j = 0; j < legs.length; j++) {
    const leg = legs[j];
    if (leg === null || typeof leg !== 'object') { reasons.push(reason('INVALID_ORDER', j, 'leg is not an object')); continue; }
    const i = leg.instrument;
    if (leg.side !== 'buy' && leg.side !== 'sell') { reasons.push(reason('INVALID_ORDER', j, `side must be buy or sell`)); continue; }
    const option = i?.type === 'option';
    if (!(leg.quantity > 0) || !Number.isFinite(leg.quantity) || (option && !Number.isInteger(leg.quantity))) {
      reasons.push(reason('INVALID_ORDER', j, 'quantity must be a positive finite number (whole contracts for options)')); continue;
    }
    if (leg.limitPrice !== undefined && !(leg.limitPrice > 0 && Number.isFinite(leg.limitPrice))) { reasons.push(reason('INVALID_ORDER', j, 'limitPrice must be positive')); continue; }
    if (i === undefined || i === null || (!option && typeof i.symbol !== 'string')) { reasons.push(reason('INVALID_ORDER', j, 'instrument is missing')); continue; }
    const expiryMs = option ? expiryCloseMs(i.expiry) : 0;
    if (option && (!(i.strike > 0 && Number.isFinite(i.strike)) || !(i.multiplier > 0 && Number.isFinite(i.multiplier)) || Number.isNaN(expiryMs) || (i.kind !== 'call' && i.kind !== 'put'))) {
      reasons.push(reason('INVALID_ORDER', j, 'option needs kind call|put, a positive strike and multiplier and an expiry YYYY-MM-DD')); continue;
    }
    const symbol = option ? i.underlying : i.symbol;
    const u = und.index.get(symbol);
    if (u === undefined) { reasons.push(reason('INSTRUMENT_UNKNOWN', j, `no reference or market data for ${symbol}`)); continue; }
    const spot = und.spot[u]!; const quoteMs = und.quoteTimeMs[u]!;
    if (Number.isNaN(spot) || Number.isNaN(quoteMs)) { reasons.push(reason('MARKET_DATA_MISSING', j, `no quote for ${symbol}`)); continue; }
    // written so that a NaN age or bound counts as stale (fail closed)
    if (!(nowMs - quoteMs <= maxQuoteAgeMs)) { reasons.push(reason('MARKET_DATA_STALE', j, `quote for ${symbol} is ${nowMs - quoteMs} ms old (max ${maxQuoteAgeMs})`)); continue; }
    if (state.needsAverageDailyVolume && Number.isNaN(und.averageDailyVolume[u]!)) { reasons.push(reason('MARKET_DATA_MISSING', j, `no average daily volume for ${symbol} (liquidity limit)`)); continue; }
    const key = option ? instrumentKey(i) : i.symbol;
    const p = pos.index.get(key) ?? -1;
    const n = x.legCount;
    x.legUnderlying[n] = u; x.legPosition[n] = p; x.legKey[n] = key; x.legIsOption[n] = option ? 1 : 0;
    x.legQuantity[n] = leg.side === 'buy' ? leg.quantity : -leg.quantity;
    x.legLimitPrice[n] = leg.limitPrice ?? Number.NaN;
    if (p >= 0) {
      x.legStrategy[n] = pos.strategy[p]!; x.legMultiplier[n] = pos.multiplier[p]!; x.legUnitPrice[n] = pos.unitPrice[p]!;
      x.legUnitDelta[n] = pos.unitDelta[p]!; x.legUnitGamma[n] = pos.unitGamma[p]!; x.legUnitVega[n] = pos.unitVegaPerVolPoint[p]!; x.legUnitTheta[n] = pos.unitThetaPerDay[p]!;
    } else if (!option) {
      x.legStrategy[n] = strategy; x.legMultiplier[n] = 1; x.legUnitPrice[n] = spot;
      x.legUnitDelta[n] = 1; x.legUnitGamma[n] = 0; x.legUnitVega[n] = 0; x.legUnitTheta[n] = 0;
    } else {
      const t = (expiryMs - nowMs) / YEAR_MS;
      if (!(t > 0)) { reasons.push(reason('INVALID_ORDER', j, `option ${key} has expired`)); continue; }
      const vol = und.atmVolatility[u]!;
      if (Number.isNaN(vol)) { reasons.push(reason('MARKET_DATA_MISSING', j, `no ATM volatility for ${symbol} to value ${key}`)); continue; }
      const g = newOptionUnitGreeks({ kind: i.kind, style: i.exerciseStyle, spot, strike: i.strike, timeToExpiryYears: t, volatility: vol, rate: state.rate, dividendYield: und.dividendYield[u]! });
      if (!(Number.isFinite(g.price) && Number.isFinite(g.delta) && Number.isFinite(g.gamma) && Number.isFinite(g.vegaPerVolPoint) && Number.isFinite(g.thetaPerDay))) {
        reasons.push(reason('PRICING_FAILED', j, g.error === undefined ? `${g.method} gave a non-finite value for ${key}` : `${key}: ${g.error}`)); continue;
      }
      pricing.push(g.method);
      x.legStrategy[n] = strategy; x.legMultiplier[n] = i.multiplier; x.legUnitPrice[n] = g.price;
      x.legUnitDelta[n] = g.delta; x.legUnitGamma[n] = g.gamma; x.legUnitVega[n] = g.vegaPerVolPoint; x.legUnitTheta[n] = g.thetaPerDay;
    }
    x.legCount = n + 1;
  }
  return reasons.length === before;
}
