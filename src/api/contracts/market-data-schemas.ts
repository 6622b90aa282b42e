import { Type } from '@sinclair/typebox';
import { Currency, Instrument, IsoDate, IsoTime, Nullable, Symbol } from './common-schemas.ts';

export const QuoteBody = Type.Object({
  symbol: Type.Optional(Symbol), instrument: Type.Optional(Instrument),
  last: Type.Number({ exclusiveMinimum: 0 }), bid: Type.Optional(Nullable(Type.Number({ minimum: 0 }))), ask: Type.Optional(Nullable(Type.Number({ minimum: 0 }))),
  impliedVolatility: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, description: 'annualised fraction (0.25 = 25 %)' }))),
  timestamp: IsoTime,
}, { additionalProperties: false });
export const QuotesBody = Type.Object({ quotes: Type.Array(QuoteBody, { minItems: 1, maxItems: 100_000 }) }, { additionalProperties: false });

export const Quote = Type.Object({
  instrumentKey: Type.String(), instrument: Instrument, last: Type.Number(), bid: Nullable(Type.Number()), ask: Nullable(Type.Number()),
  impliedVolatility: Nullable(Type.Number()), timestamp: Type.String(), receivedAt: Type.String(),
  ageSeconds: Type.Number({ description: 'seconds since the source timestamp, at response time' }),
});

const InstrumentType = Type.Union([Type.Literal('stock'), Type.Literal('etf'), Type.Literal('index')]);
export const ReferenceBody = Type.Object({
  symbols: Type.Array(Type.Object({
    symbol: Symbol, type: InstrumentType, sector: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    averageDailyVolume: Type.Optional(Nullable(Type.Number({ minimum: 0, description: 'shares per day' }))),
    dividendYield: Type.Optional(Nullable(Type.Number({ description: 'continuous annual yield, fraction' }))),
    beta: Type.Optional(Nullable(Type.Number())), currency: Type.Optional(Nullable(Currency)),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 100_000 }),
}, { additionalProperties: false });
export const ReferenceData = Type.Object({
  symbol: Type.String(), type: InstrumentType, sector: Nullable(Type.String()), averageDailyVolume: Nullable(Type.Number()),
  dividendYield: Nullable(Type.Number()), beta: Nullable(Type.Number()), currency: Nullable(Type.String()), updatedAt: Type.String(),
});

export const RatesBody = Type.Object({
  rates: Type.Array(Type.Object({
    currency: Currency, rate: Type.Number({ description: 'continuously compounded annual rate, fraction (0.05 = 5 %)' }), asOf: Type.Optional(IsoTime),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
}, { additionalProperties: false });
export const Rate = Type.Object({ currency: Type.String(), rate: Type.Number(), asOf: Type.String(), updatedAt: Type.String() });

export const Bar = Type.Object({ symbol: Symbol, date: IsoDate, close: Type.Number({ description: 'positive close in the symbol currency' }) }, { additionalProperties: false });
export const HistoryBody = Type.Object({ bars: Type.Array(Bar, { minItems: 1, maxItems: 1_000_000 }) }, { additionalProperties: false });
export const HistoryQuery = Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false });
export const SymbolsQuery = Type.Object({ symbols: Type.Optional(Type.String({ description: 'comma-separated symbols or instrument keys' })) }, { additionalProperties: false });
export const IngestResult = Type.Object({ accepted: Type.Integer() });
