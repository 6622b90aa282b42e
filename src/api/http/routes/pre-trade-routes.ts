import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { responseText } from '../../../app/pre-trade/decision-json.ts';
import type { PreTradeGate, PreTradeRequest } from '../../../app/pre-trade/pre-trade-gate.ts';
import type { Storage } from '../../../app/ports.ts';
import { quoteMid } from '../../../core/market/market-snapshot.ts';
import { withInstrumentDefaults, type Instrument } from '../../../core/portfolio/instrument.ts';
import { errorResponses, Nullable, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { PreTradeCheckBody, PreTradeCheckResponse, ValidateSignalBody } from '../../contracts/pre-trade-schemas.ts';
import { ApiError } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';

const tags = ['pre-trade'];
/**
 * The order path logs warnings and errors only: a per-request access log line at info (two with
 * fastify's defaults) would cost more than the decision itself at thousands of orders a second,
 * and every decision is in the audit trail already.
 */
const logLevel = 'warn';

/** The order path: the pre-trade check and signal validation (decisions come from the in-memory gate). */
export async function preTradeRoutes(app: FastifyInstance, deps: { gate: PreTradeGate; storage: Storage; newId: () => string }): Promise<void> {
  app.post<{ Body: Static<typeof PreTradeCheckBody> }>('/risk/pre-trade-check', {
    config: { minRole: 'trader' }, logLevel,
    schema: { tags, summary: 'Approve or reject an order (all legs as one unit); fails closed', body: PreTradeCheckBody, response: { 200: PreTradeCheckResponse, ...errorResponses(...STD_ERRORS) } },
  }, async (req, reply) => {
    const body = req.body;
    // an option leg without style or multiplier means American, 100 (as for positions)
    const legs = body.legs.some((l) => l.instrument.type === 'option' && (l.instrument.multiplier === undefined || l.instrument.exerciseStyle === undefined))
      ? body.legs.map((l) => ({ ...l, instrument: withInstrumentDefaults(l.instrument) }))
      : body.legs;
    const response = await deps.gate.check(principalOf(req), { ...body, legs } as PreTradeRequest);
    // the decision's JSON is made once (it is also what the journal writes); sent as it is
    return reply.type('application/json; charset=utf-8').send(responseText(response));
  });

  app.post<{ Body: Static<typeof ValidateSignalBody> }>('/risk/validate-signal', {
    config: { minRole: 'trader' }, logLevel,
    schema: { tags, summary: 'Approve or reject a trading signal and give the largest size that fits every limit', body: ValidateSignalBody, response: { 200: Type.Object({ signalId: Type.String(), decision: Type.String(), largestQuantity: Type.Number(), requestedQuantity: Type.Number(), confidence: Nullable(Type.Number()), check: PreTradeCheckResponse }), ...errorResponses(...STD_ERRORS) } },
  }, async (req) => {
    const b = req.body;
    const instrument: Instrument = b.option === undefined ? { type: 'stock', symbol: b.symbol }
      : withInstrumentDefaults({ type: 'option', underlying: b.symbol, ...b.option });
    let requested = b.suggestedQuantity;
    if (requested === undefined) {
      if (b.suggestedNotional === undefined) throw new ApiError('INVALID_INPUT', 'give suggestedQuantity or suggestedNotional', [{ path: '/suggestedQuantity', message: 'required when suggestedNotional is absent' }]);
      const q = (await deps.storage.marketData.listQuotes([b.symbol]))[0];
      if (q === undefined) throw new ApiError('MARKET_DATA_UNAVAILABLE', `no quote for ${b.symbol} to convert the notional`);
      requested = Math.floor(b.suggestedNotional / (quoteMid(q) * (instrument.type === 'option' ? instrument.multiplier : 1)));
    }
    const units = Math.floor(requested);
    // A signal for less than one share or contract cannot be traded: it is refused, not approved.
    if (units < 1) {
      const path = b.suggestedQuantity === undefined ? '/suggestedNotional' : '/suggestedQuantity';
      throw new ApiError('INVALID_INPUT', `the signal's size is less than one ${instrument.type === 'option' ? 'contract' : 'share'}`, [{ path, message: `${requested} rounds down to 0 units` }]);
    }
    const signalId = b.signalId ?? deps.newId();
    const r = deps.gate.validateSignal({
      portfolioId: b.portfolioId, signalId, maxQuantity: units,
      leg: { instrument, side: b.direction === 'long' ? 'buy' : 'sell', ...(b.limitPrice === undefined ? {} : { limitPrice: b.limitPrice }) },
      ...(b.strategy === undefined ? {} : { strategy: b.strategy }),
    });
    const decision = r.largestQuantity <= 0 ? 'reject' : r.largestQuantity >= units ? 'approve' : 'approve-reduced';
    return { signalId, decision, largestQuantity: r.largestQuantity, requestedQuantity: units, confidence: b.confidence ?? null, check: r.response };
  });
}
