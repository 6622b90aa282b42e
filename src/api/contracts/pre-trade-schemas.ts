import { Type } from '@sinclair/typebox';
import { Id, Instrument, IsoDate, Nullable, Symbol } from './common-schemas.ts';

export const PreTradeCheckBody = Type.Object({
  portfolioId: Id,
  clientOrderId: Type.String({ minLength: 1, maxLength: 128 }),
  strategy: Type.Optional(Type.String({ maxLength: 100, description: 'strategy that instruments not yet held are booked under' })),
  legs: Type.Array(Type.Object({
    instrument: Instrument,
    side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
    quantity: Type.Number({ exclusiveMinimum: 0, description: 'shares, or option contracts' }),
    limitPrice: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'per unit of the underlying (per share; option premium per share)' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 16 }),
}, { additionalProperties: false });

const Reason = Type.Object({
  code: Type.String(), limitId: Nullable(Type.String()), scope: Type.Unknown(), current: Nullable(Type.Number()), projected: Nullable(Type.Number()),
  limit: Nullable(Type.Number()), utilisation: Nullable(Type.Number()), legIndex: Nullable(Type.Integer()), message: Type.String(),
});

export const PreTradeCheckResponse = Type.Object({
  portfolioId: Type.String(), clientOrderId: Type.String(),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  reasons: Type.Array(Reason), warnings: Type.Array(Type.Unknown()),
  projected: Nullable(Type.Object({ greeks: Type.Record(Type.String(), Type.Number()), exposure: Type.Record(Type.String(), Type.Number()), var: Type.Object({ var95: Type.Number(), var99: Type.Number(), method: Type.String() }) })),
  tradingState: Nullable(Type.String()), limitsVersion: Nullable(Type.Integer()), pricing: Type.Array(Type.String()),
  checkedAt: Type.String(), latencyMicros: Type.Integer(),
});

export const ValidateSignalBody = Type.Object({
  portfolioId: Id,
  signalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  symbol: Symbol,
  direction: Type.Union([Type.Literal('long'), Type.Literal('short')], { description: 'long = buy, short = sell' }),
  strategy: Type.Optional(Type.String({ maxLength: 100 })),
  confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  suggestedQuantity: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  suggestedNotional: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'base currency; converted at the last price' })),
  option: Type.Optional(Type.Object({
    kind: Type.Union([Type.Literal('call'), Type.Literal('put')]), strike: Type.Number({ exclusiveMinimum: 0 }), expiry: IsoDate,
    exerciseStyle: Type.Optional(Type.Union([Type.Literal('american'), Type.Literal('european')])), multiplier: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  }, { additionalProperties: false })),
  limitPrice: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
}, { additionalProperties: false });
