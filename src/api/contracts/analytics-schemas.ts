import { Type } from '@sinclair/typebox';
import { Nullable } from './common-schemas.ts';

const Kind = Type.String({ description: "'call' or 'put'" });
const Style = Type.String({ description: "'european' or 'american'" });

export const PriceOptionsBody = Type.Object({
  options: Type.Array(Type.Object({
    kind: Kind, style: Style, spot: Type.Number(), strike: Type.Number(),
    timeToExpiryYears: Type.Number({ description: 'calendar days / 365' }), volatility: Type.Number({ description: 'annualised fraction' }),
    rate: Type.Number({ description: 'continuous, annual fraction' }), dividendYield: Type.Number({ description: 'continuous, annual fraction' }),
    method: Type.Optional(Type.String({ description: "'bsm' | 'baw' | 'bjerksund-stensland-2002' | 'binomial'; absent = accurate default for the style" })),
  }), { minItems: 1, maxItems: 10_000 }),
}, { additionalProperties: false });

const Greeks = Type.Object({
  price: Type.Number(), delta: Type.Number(), gamma: Type.Number(), vega: Type.Number(), theta: Type.Number(), rho: Type.Number(),
  dividendRho: Type.Number(), vanna: Type.Number(), volga: Type.Number(), charm: Type.Number(), method: Type.String(),
});
const ResultError = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });

export const PriceOptionsResponse = Type.Object({
  results: Type.Array(Type.Union([Greeks, ResultError])),
  units: Type.Record(Type.String(), Type.String()),
  conventions: Type.Record(Type.String(), Type.String()),
});

export const ImpliedVolBody = Type.Object({
  options: Type.Array(Type.Object({
    kind: Kind, style: Style, spot: Type.Number(), strike: Type.Number(), timeToExpiryYears: Type.Number(),
    rate: Type.Number(), dividendYield: Type.Number(), price: Type.Number({ description: 'premium per one option (multiplier 1)' }),
  }), { minItems: 1, maxItems: 10_000 }),
}, { additionalProperties: false });

export const ImpliedVolResponse = Type.Object({
  results: Type.Array(Type.Union([Type.Object({ volatility: Type.Number(), method: Type.String() }), ResultError])),
  conventions: Type.Record(Type.String(), Type.String()),
});

const ByConfidence = Type.Record(Type.String(), Nullable(Type.Number()));
export const ReturnsBody = Type.Object({
  dates: Type.Array(Type.String(), { maxItems: 200_000 }),
  prices: Type.Record(Type.String(), Type.Array(Nullable(Type.Number()), { maxItems: 200_000 })),
  weights: Type.Optional(Type.Record(Type.String(), Type.Number())),
  rebalance: Type.Optional(Type.String({ description: "'daily' (default) or 'buy-and-hold'" })),
  returnType: Type.Optional(Type.String({ description: "'simple' (default) or 'log'" })),
  confidenceLevels: Type.Optional(Type.Array(Type.Number(), { maxItems: 20 })),
  rfAnnual: Type.Optional(Type.Number()),
  periodsPerYear: Type.Optional(Type.Number()),
  quantileMethod: Type.Optional(Type.String({ description: "'type7' (default) or 'type1'" })),
  esMethod: Type.Optional(Type.String({ description: "'acerbi-tasche' (default) or 'tail-mean'" })),
  benchmark: Type.Optional(Type.Record(Type.String(), Type.Array(Nullable(Type.Number()), { maxItems: 200_000 }))),
  dropMissing: Type.Optional(Type.Boolean()),
});

const M = Nullable(Type.Number());
export const ReturnsResponse = Type.Object({
  n: Type.Integer(), mean: M, sd: M, skewness: M, excessKurtosis: M, annualizedReturn: M, annualizedVolatility: M,
  totalReturn: M, cagr: M, sharpe: M, sortino: M, calmar: M, omega: M, downsideDeviation: M,
  maxDrawdown: Type.Object({
    depth: M, peakDate: Nullable(Type.String()), troughDate: Nullable(Type.String()), recoveryDate: Nullable(Type.String()),
    peakToTroughPeriods: Nullable(Type.Integer()), peakToRecoveryPeriods: Nullable(Type.Integer()),
  }),
  longestUnderwaterPeriods: Nullable(Type.Integer()), painIndex: M, ulcerIndex: M, recoveryFactor: M,
  var: Type.Object({ historical: ByConfidence, gaussian: ByConfidence, cornishFisher: ByConfidence }),
  es: Type.Object({ historical: ByConfidence, gaussian: ByConfidence }),
  beta: Type.Optional(M), alpha: Type.Optional(M), correlation: Type.Optional(M), hhi: M,
  conventions: Type.Unknown(),
}, { additionalProperties: true });
