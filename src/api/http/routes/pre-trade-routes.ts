import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { responseText } from '../../../app/pre-trade/decision-json.ts';
import type { PreTradeGate, PreTradeRequest } from '../../../app/pre-trade/pre-trade-gate.ts';
import type { Storage } from '../../../app/ports.ts';
import { validateSignal } from '../../../app/pre-trade/validate-signal.ts';
import { withInstrumentDefaults } from '../../../core/portfolio/instrument.ts';
import { errorResponses, Nullable, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { PreTradeCheckBody, PreTradeCheckResponse, ValidateSignalBody } from '../../contracts/pre-trade-schemas.ts';
import { unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';

const tags = ['pre-trade'];
/**
 * The order path logs warnings and errors only: a per-request access log line at info (two with
 * fastify's defaults) would cost more than the decision itself at thousands of orders a second,
 * and every decision is in the audit trail already.
 */
const logLevel = 'warn';

type OrderLeg = Static<typeof PreTradeCheckBody>['legs'][number];
const needsInstrumentDefaults = (l: OrderLeg): boolean =>
  l.instrument.type === 'option' && (l.instrument.multiplier === undefined || l.instrument.exerciseStyle === undefined);

/** The order path: the pre-trade check and signal validation (decisions come from the in-memory gate). */
export async function preTradeRoutes(app: FastifyInstance, deps: { gate: PreTradeGate; storage: Storage; newId: () => string }): Promise<void> {
  app.post<{ Body: Static<typeof PreTradeCheckBody> }>('/risk/pre-trade-check', {
    config: { minRole: 'trader' }, logLevel,
    schema: { tags, summary: 'Approve or reject an order (all legs as one unit); fails closed', body: PreTradeCheckBody, response: { 200: PreTradeCheckResponse, ...errorResponses(...STD_ERRORS) } },
  }, async (req, reply) => {
    const body = req.body;
    // an option leg without style or multiplier means American, 100 (as for positions)
    const request = body.legs.some(needsInstrumentDefaults)
      ? { ...body, legs: body.legs.map((l) => ({ ...l, instrument: withInstrumentDefaults(l.instrument) })) }
      : body;
    const response = await deps.gate.check(principalOf(req), request as PreTradeRequest);
    // the decision's JSON is made once (it is also what the journal writes); sent as it is
    return reply.type('application/json; charset=utf-8').send(responseText(response));
  });

  app.post<{ Body: Static<typeof ValidateSignalBody> }>('/risk/validate-signal', {
    config: { minRole: 'trader' }, logLevel,
    schema: { tags, summary: 'Approve or reject a trading signal and give the largest size that fits every limit', body: ValidateSignalBody, response: { 200: Type.Object({ signalId: Type.String(), decision: Type.String(), largestQuantity: Type.Number(), requestedQuantity: Type.Number(), confidence: Nullable(Type.Number()), check: PreTradeCheckResponse }), ...errorResponses(...STD_ERRORS) } },
  }, async (req) => unwrap(await validateSignal(deps, principalOf(req), req.body)));
}
