/**
 * The pre-trade check: approve or reject one order against a portfolio's PreTradeState. Pure and
 * synchronous; time comes in as `nowMs`. A multi-leg order is judged as ONE unit: all legs are
 * applied together and the order is approved or rejected as a whole (all-or-nothing).
 *
 * Order of judgement (every applicable reason is reported, not only the first):
 * 1. trading state HALTED -> TRADING_HALTED (rejects everything);
 * 2. order shape and market data, failing closed (resolveOrderLegs): INVALID_ORDER,
 *    INSTRUMENT_UNKNOWN, MARKET_DATA_MISSING, MARKET_DATA_STALE, PRICING_FAILED; an order that
 *    cannot be valued is rejected and no limit is judged;
 * 3. REDUCE_ONLY: every leg must reduce the absolute position in the instrument it touches
 *    without flipping its sign (legs on one instrument are applied in order); otherwise
 *    REDUCE_ONLY_VIOLATION naming the leg;
 * 4. book limits by the per-dimension increase/reduce rule (check-book-limits.ts);
 * 5. per-order limits (check-order-limits.ts).
 * Approve iff no reason. Cost: O(limits + legs x touched underlyings); the only allocations are
 * the result and its reasons (working arrays live in `state.scratch`, one check at a time).
 */
import type { PreTradeDecision, PreTradeOrder, PreTradeReason, PreTradeWarning, ProjectedRisk } from './pre-trade-decision.ts';
import type { PreTradeState } from './pre-trade-state.ts';
import type { OrderImpact } from './order-impact.ts';
import { computeOrderImpact } from './order-impact.ts';
import { resolveOrderLegs } from './resolve-order-legs.ts';
import { checkBookLimits } from './check-book-limits.ts';
import { checkOrderLimits } from './check-order-limits.ts';
import { projectedVar } from './project-limit-metric.ts';

export interface EvaluateOrderInput {
  readonly state: PreTradeState;
  readonly order: PreTradeOrder;
  /** Decision time, epoch ms (quote age = nowMs - quote time; option expiry measured from here). */
  readonly nowMs: number;
  /** Oldest acceptable quote for a leg's underlying, ms. */
  readonly maxQuoteAgeMs: number;
  /** Orders already checked for this portfolio in the last second (for order-rate limits). */
  readonly ordersInLastSecond: number;
}

export function evaluateOrder({ state, order, nowMs, maxQuoteAgeMs, ordersInLastSecond }: EvaluateOrderInput): PreTradeDecision {
  const reasons: PreTradeReason[] = [];
  const warnings: PreTradeWarning[] = [];
  const pricing: string[] = [];
  if (state.tradingState === 'HALTED') {
    reasons.push({ code: 'TRADING_HALTED', limitId: null, scope: { kind: 'portfolio' }, current: null, projected: null, limit: null, utilisation: null, legIndex: null, message: `trading in ${state.portfolioId} is halted` });
  }
  const x = state.scratch;
  const usable = resolveOrderLegs({ state, order, nowMs, maxQuoteAgeMs, reasons, pricing });
  if (!usable) x.legCount = 0;
  computeOrderImpact({ tables: state.tables, impact: x, withCorrelation: state.needsCorrelation });
  if (usable) {
    if (state.tradingState === 'REDUCE_ONLY') checkReduceOnly(state, x, reasons);
    const findings = { reasons, warnings, newStrategyName: order.strategy ?? '' };
    checkBookLimits(state, x, findings);
    checkOrderLimits(state, x, ordersInLastSecond, findings);
  }
  return {
    clientOrderId: order.clientOrderId,
    decision: reasons.length === 0 ? 'approve' : 'reject',
    reasons, warnings,
    projected: projectedRisk(state, x),
    tradingState: state.tradingState,
    limitsVersion: state.limitsVersion,
    pricing,
  };
}

/** REDUCE_ONLY: each leg, applied in order, must shrink |position| of its instrument without crossing zero. */
function checkReduceOnly(state: PreTradeState, x: OrderImpact, reasons: PreTradeReason[]): void {
  for (let g = 0; g < x.groupCount; g++) x.groupRunning[g] = x.groupQuantityBefore[g]!;
  for (let j = 0; j < x.legCount; j++) {
    const g = x.legGroup[j]!; const held = x.groupRunning[g]!; const q = x.legQuantity[j]!;
    const reduces = held !== 0 && Math.sign(q) === -Math.sign(held) && Math.abs(q) <= Math.abs(held);
    if (reduces) { x.groupRunning[g] = held + q; continue; }
    const why = held === 0 ? 'opens a position' : Math.sign(q) === Math.sign(held) ? 'increases the position' : 'flips the position';
    reasons.push({
      code: 'REDUCE_ONLY_VIOLATION', limitId: null, scope: { kind: 'symbol', value: x.legKey[j]! }, current: held, projected: held + q,
      limit: null, utilisation: null, legIndex: j, message: `${state.portfolioId} is REDUCE_ONLY: leg ${j} ${why} in ${x.legKey[j]!} (${held} -> ${held + q})`,
    });
    x.groupRunning[g] = held + q;
  }
}

function projectedRisk(state: PreTradeState, x: OrderImpact): ProjectedRisk {
  const t = state.tables.totals;
  const gross = t.gross + x.dGross;
  return {
    greeks: {
      dollarDelta: t.net + x.dNet, dollarGammaPer1Pct: t.dollarGammaPer1Pct + x.dGamma,
      vegaPerVolPoint: t.vegaPerVolPoint + x.dVega, thetaPerDay: t.thetaPerDay + x.dTheta,
    },
    exposure: { gross, net: t.net + x.dNet, long: t.long + x.dLong, short: t.short + x.dShort, leverage: gross / state.nav },
    var: {
      var95: projectedVar(state.var95, 0.95, t.netCovNet, x.netCovNet),
      var99: projectedVar(state.var99, 0.99, t.netCovNet, x.netCovNet),
      method: 'delta-normal-scaled',
    },
  };
}
