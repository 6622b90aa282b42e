import { Type } from '@sinclair/typebox';
import { Id, Instrument, IsoDate, IsoTime, Nullable, Symbol } from './common-schemas.ts';

export const RiskQuery = Type.Object({
  valuationDate: Type.Optional(IsoDate),
  lookbackDays: Type.Optional(Type.Union([Type.Integer({ minimum: 2, maximum: 100_000 }), Type.Literal('all')])),
  method: Type.Optional(Type.Union(['hybrid', 'historical', 'parametric', 'monte-carlo', 'all'].map((m) => Type.Literal(m)))),
  paths: Type.Optional(Type.Integer({ minimum: 100, maximum: 1_000_000 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  distribution: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('student-t'), Type.Literal('t-copula')])),
  df: Type.Optional(Type.Number({ exclusiveMinimum: 2, maximum: 1000 })),
  horizonDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
  ageOptions: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const Loss = Type.Object({ amount: Type.Number(), fraction: Nullable(Type.Number()) });
const ByConfidence = Nullable(Type.Record(Type.String(), Loss));

export const RiskReport = Type.Object({
  portfolioId: Type.String(), baseCurrency: Type.String(), asOf: Type.String(), inputsAsOf: Nullable(Type.String()),
  inputAgeSeconds: Nullable(Type.Number()), stale: Type.Boolean(), incomplete: Type.Boolean(),
  navComplete: Type.Boolean({ description: 'every position was valued, so nav covers the whole book' }),
  issues: Type.Array(Type.Object({ code: Type.String(), scope: Type.String(), message: Type.String() })),
  nav: Type.Number(), cash: Type.Number(), marketValue: Type.Number(),
  var: Type.Record(Type.String(), ByConfidence, { description: 'by method: historical, parametric-delta-normal, parametric-delta-gamma, monte-carlo, hybrid; confidence keys "0.95"' }),
  es: Type.Record(Type.String(), ByConfidence),
  riskLevel: Type.Object({ level: Type.String(), score: Type.Number(), drivers: Type.Array(Type.Unknown()) }, { additionalProperties: true }),
  conventions: Type.Record(Type.String(), Type.String()),
}, { additionalProperties: true, description: 'Full report: also positions, greeks, exposures, methods, hybrid, drawdown, volatility, beta, sharpe, sortino, concentration, liquidity, correlation' });

export const RiskHistoryQuery = Type.Object({
  from: Type.Optional(IsoTime), to: Type.Optional(IsoTime), maxPoints: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 500 })),
}, { additionalProperties: false });

export const RiskHistoryResponse = Type.Object({
  portfolioId: Type.String(),
  points: Type.Array(Type.Object({ at: Type.String(), summary: Type.Record(Type.String(), Type.Unknown()) })),
});

export const WhatIfBody = Type.Object({
  portfolioId: Id,
  trades: Type.Array(Type.Object({
    instrument: Instrument, quantity: Type.Number({ description: 'signed: + buy, - sell; shares or contracts' }),
    price: Type.Optional(Type.Number({ description: 'per unit; default the model/quote value' })),
    strategy: Type.Optional(Nullable(Type.String())), strategyGroupId: Type.Optional(Nullable(Type.String())),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
  options: Type.Optional(RiskQuery),
}, { additionalProperties: false });

export const ScenarioGridQuery = Type.Object({ underlying: Type.Optional(Symbol), valuationDate: Type.Optional(IsoDate) }, { additionalProperties: false });
