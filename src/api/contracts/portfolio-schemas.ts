import { Type } from '@sinclair/typebox';
import { Currency, Id, Instrument, IsoTime, Nullable, Symbol } from './common-schemas.ts';

const Status = Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('closed')]);

export const Portfolio = Type.Object({
  id: Type.String(), name: Type.String(), baseCurrency: Type.String(), cash: Type.Number({ description: 'base currency' }),
  benchmarkSymbol: Nullable(Type.String()), status: Status, createdAt: Type.String(), updatedAt: Type.String(),
});

export const CreatePortfolioBody = Type.Object({
  id: Type.Optional(Id), name: Type.String({ minLength: 1, maxLength: 200 }), baseCurrency: Type.Optional(Currency),
  cash: Type.Optional(Type.Number()), benchmarkSymbol: Type.Optional(Nullable(Symbol)), status: Type.Optional(Status),
  applyDefaultLimits: Type.Optional(Type.Boolean({ description: 'create the configured default limits with the portfolio (default true)' })),
}, { additionalProperties: false });

export const UpdatePortfolioBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), baseCurrency: Type.Optional(Currency),
  cash: Type.Optional(Type.Number()), benchmarkSymbol: Type.Optional(Nullable(Symbol)), status: Type.Optional(Status),
}, { additionalProperties: false, minProperties: 1 });

export const PortfolioParams = Type.Object({ portfolioId: Id });
export const PositionParams = Type.Object({ portfolioId: Id, positionId: Type.String({ minLength: 1, maxLength: 128 }) });

export const PositionBody = Type.Object({
  positionId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  instrument: Instrument,
  quantity: Type.Number({ description: 'signed: negative = short; shares or contracts' }),
  averageCost: Type.Number({ minimum: 0, description: 'per share or per option unit (not per contract)' }),
  sector: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  strategy: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
  strategyGroupId: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
  openedAt: Type.Optional(IsoTime),
}, { additionalProperties: false });

export const Position = Type.Object({
  portfolioId: Type.String(), positionId: Type.String(), instrument: Instrument, instrumentKey: Type.String(),
  quantity: Type.Number(), averageCost: Type.Number(), sector: Nullable(Type.String()), strategy: Nullable(Type.String()),
  tags: Type.Array(Type.String()), strategyGroupId: Nullable(Type.String()), openedAt: Type.String(), updatedAt: Type.String(),
});

export const ReplacePositionsBody = Type.Object({ positions: Type.Array(PositionBody, { maxItems: 100_000 }) }, { additionalProperties: false });

export const NavPoint = Type.Object({
  portfolioId: Type.String(), at: Type.String(), nav: Type.Number(), cash: Nullable(Type.Number()), marketValue: Nullable(Type.Number()), source: Type.String(),
});
export const AppendNavBody = Type.Object({
  points: Type.Array(Type.Object({ at: IsoTime, nav: Type.Number(), cash: Type.Optional(Nullable(Type.Number())), marketValue: Type.Optional(Nullable(Type.Number())) }, { additionalProperties: false }), { minItems: 1, maxItems: 100_000 }),
}, { additionalProperties: false });
export const RangeQuery = Type.Object({
  from: Type.Optional(IsoTime), to: Type.Optional(IsoTime), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
}, { additionalProperties: false });
