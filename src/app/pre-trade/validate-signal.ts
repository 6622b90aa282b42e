import type { Principal } from '../../core/auth/role.ts';
import { quoteMid } from '../../core/market/market-snapshot.ts';
import { withInstrumentDefaults, type Instrument } from '../../core/portfolio/instrument.ts';
import { INVALID_INPUT } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { Storage } from '../ports.ts';
import { actorOf } from '../use-case-deps.ts';
import type { PreTradeGate, PreTradeResponse } from './pre-trade-gate.ts';

export interface TradingSignal {
  readonly portfolioId: string;
  readonly signalId?: string;
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  readonly strategy?: string;
  readonly confidence?: number;
  readonly suggestedQuantity?: number;
  /** Base currency; converted at the quote's mid (for an option, times its multiplier: underlying notional). */
  readonly suggestedNotional?: number;
  readonly limitPrice?: number;
  readonly option?: { readonly kind: 'call' | 'put'; readonly strike: number; readonly expiry: string; readonly exerciseStyle?: 'american' | 'european'; readonly multiplier?: number };
}

export interface SignalDecision {
  readonly signalId: string;
  /** approve: the suggested size fits; approve-reduced: a smaller one does (largestQuantity); reject: none does. */
  readonly decision: 'approve' | 'approve-reduced' | 'reject';
  readonly largestQuantity: number;
  readonly requestedQuantity: number;
  readonly confidence: number | null;
  readonly check: PreTradeResponse;
}

/**
 * A trading signal judged by the gate: the largest size (up to the suggested one) that every limit
 * allows, and the decision at that size. Nothing is counted against order-rate limits. Audited
 * (pre-trade.signal-validated) before it is answered: a signal that cannot be recorded is not answered.
 */
export async function validateSignal(deps: { gate: PreTradeGate; storage: Storage; newId: () => string }, actor: Principal, s: TradingSignal): Promise<Result<SignalDecision>> {
  const instrument: Instrument = s.option === undefined ? { type: 'stock', symbol: s.symbol } : withInstrumentDefaults({ type: 'option', underlying: s.symbol, ...s.option });
  let requested = s.suggestedQuantity;
  if (requested === undefined) {
    if (s.suggestedNotional === undefined) return fail(INVALID_INPUT, 'give suggestedQuantity or suggestedNotional', [{ path: '/suggestedQuantity', message: 'required when suggestedNotional is absent' }]);
    const q = (await deps.storage.marketData.listQuotes([s.symbol]))[0];
    if (q === undefined) return fail('MARKET_DATA_UNAVAILABLE', `no quote for ${s.symbol} to convert the notional`);
    requested = s.suggestedNotional / (quoteMid(q) * (instrument.type === 'option' ? instrument.multiplier : 1));
  }
  const units = Math.floor(requested);
  // A signal for less than one share or contract cannot be traded: it is refused, not approved.
  if (units < 1) {
    const path = s.suggestedQuantity === undefined ? '/suggestedNotional' : '/suggestedQuantity';
    return fail(INVALID_INPUT, `the signal's size is less than one ${instrument.type === 'option' ? 'contract' : 'share'}`, [{ path, message: `${requested} rounds down to 0 units` }]);
  }
  const signalId = s.signalId ?? deps.newId();
  const r = deps.gate.validateSignal({
    portfolioId: s.portfolioId, signalId, maxQuantity: units,
    leg: { instrument, side: s.direction === 'long' ? 'buy' : 'sell', ...(s.limitPrice === undefined ? {} : { limitPrice: s.limitPrice }) },
    ...(s.strategy === undefined ? {} : { strategy: s.strategy }),
  });
  const decision = r.largestQuantity <= 0 ? 'reject' : r.largestQuantity >= units ? 'approve' : 'approve-reduced';
  await deps.storage.audit.append({
    actor: actorOf(actor), eventType: 'pre-trade.signal-validated', subject: `portfolio:${s.portfolioId}`,
    payload: {
      signalId, symbol: s.symbol, direction: s.direction, strategy: s.strategy ?? null, option: s.option ?? null, requestedQuantity: units,
      decision, largestQuantity: r.largestQuantity, limitsVersion: r.response.limitsVersion, reasons: r.response.reasons.map((x) => ({ code: x.code, limitId: x.limitId })),
      tradingState: r.response.tradingState, checkedAt: r.response.checkedAt,
    },
  });
  return ok({ signalId, decision, largestQuantity: r.largestQuantity, requestedQuantity: units, confidence: s.confidence ?? null, check: r.response });
}
