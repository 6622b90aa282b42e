import { Type } from '@sinclair/typebox';
import { Id, IsoDate, IsoTime, Nullable } from './common-schemas.ts';

const closed = { additionalProperties: false } as const;
const Fraction = Type.Number({ minimum: 0, maximum: 1 });

export const ScenarioTypeSchema = Type.Union(['market-crash', 'volatility-spike', 'interest-rate', 'sector-rotation', 'correlation-breakdown',
  'liquidity-crisis', 'historical-replay', 'monte-carlo', 'custom'].map((t) => Type.Literal(t)));
export const SeveritySchema = Type.Union(['mild', 'moderate', 'severe', 'extreme'].map((s) => Type.Literal(s)));

const Target = Type.Union([
  Type.Object({ underlying: Type.String({ minLength: 1, maxLength: 32 }) }, closed),
  Type.Object({ sector: Type.String({ minLength: 1, maxLength: 64 }) }, closed),
  Type.Object({ market: Type.Literal(true) }, closed),
], { description: 'whom the shock moves: one underlying, one sector, or the market (each name by its beta)' });

const TermScaling = Type.Object({
  referenceDays: Type.Number({ exclusiveMinimum: 0 }), exponent: Type.Number(), maxFactor: Type.Number({ minimum: 1 }),
}, { ...closed, description: 'vol shock x min(maxFactor, (referenceDays / max(daysToExpiry, 1))^exponent)' });

const Shock = Type.Object({
  target: Target,
  spot: Type.Optional(Type.Union([
    Type.Object({ relative: Type.Number({ description: "S' = S (1 + relative); -0.2 = -20 %; must be in (-1, 10] (shock bounds: conventions.shockBounds)" }) }, closed),
    Type.Object({ sigmas: Type.Number(), horizonDays: Type.Number({ exclusiveMinimum: 0 }) }, closed),
  ])),
  volatility: Type.Optional(Type.Union([
    Type.Object({ relative: Type.Number({ description: "sigma' = sigma (1 + relative x term)" }), termScaling: Type.Optional(TermScaling) }, closed),
    Type.Object({ absolute: Type.Number({ description: "sigma' = sigma + absolute x term (0.05 = +5 vol points)" }), termScaling: Type.Optional(TermScaling) }, closed),
  ])),
  skew: Type.Optional(Type.Object({ volPerLogMoneyness: Type.Number() }, closed)),
  rateBp: Type.Optional(Type.Number({ description: 'additive shift of the continuous rate, basis points' })),
  dividend: Type.Optional(Type.Object({ absolute: Type.Number() }, closed)),
  days: Type.Optional(Type.Number({ description: 'calendar days that pass (options age)' })),
  liquidity: Type.Optional(Type.Object({
    spreadWideningMultiplier: Type.Number({ minimum: 0 }),
    haircutByBucket: Type.Object({ liquid: Fraction, moderate: Fraction, illiquid: Fraction }, closed),
    volumeFactor: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  }, closed)),
}, closed);

const Simulation = Type.Object({
  distribution: Type.Object({ kind: Type.Union([Type.Literal('student-t'), Type.Literal('t-copula')]), degreesOfFreedom: Type.Number() }, closed),
  horizonDays: Type.Number(),
  stressedRegime: Type.Object({ probability: Type.Number(), volatilityMultiplier: Type.Number(), correlationFloor: Type.Number(), impliedVolRelative: Type.Number() }, closed),
  confidence: Type.Number(), pathCount: Type.Integer({ minimum: 100, maximum: 1_000_000 }), seed: Type.Integer(),
}, closed);

const scenarioFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  type: Type.Optional(ScenarioTypeSchema),
  severity: Type.Optional(SeveritySchema),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  sourceNotes: Type.Optional(Type.String({ maxLength: 2000 })),
  shocks: Type.Array(Shock, { maxItems: 500 }),
  simulation: Type.Optional(Simulation),
};

export const ScenarioInput = Type.Object({ id: Type.Optional(Id), ...scenarioFields },
  { ...closed, description: 'a scenario definition: a list of shocks, each read as stated in `conventions`' });

export const UpdateScenarioBody = Type.Object({ ...scenarioFields, expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }, closed);

export const StressTestBody = Type.Object({
  scenarios: Type.Optional(Type.Array(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), ScenarioInput]), { maxItems: 100 })),
  severity: Type.Optional(SeveritySchema),
  valuationDate: Type.Optional(IsoDate),
  worstContributorCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  includeReplayPath: Type.Optional(Type.Boolean()),
}, closed);

const Money = Type.Number();
const Greeks = Nullable(Type.Object({
  value: Money, dollarDelta: Money, dollarGammaPer1Pct: Money, vegaPerVolPoint: Money, thetaPerDay: Money, rhoPerPct: Money,
}));
const PositionPnl = Type.Object({
  positionId: Type.String(), instrumentKey: Type.String(), underlying: Type.String(), assetClass: Type.String(), pnl: Money, fractionOfNav: Type.Number(),
});
const Problem = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) });

export const ScenarioResult = Type.Object({
  scenarioId: Type.String(), name: Type.String(), type: Type.String(), severity: Type.String(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('failed')]),
  error: Type.Optional(Problem),
  pnl: Nullable(Type.Object({ amount: Money, fraction: Type.Number() })),
  revaluationPnl: Nullable(Money), liquidityCost: Nullable(Money), horizonDays: Nullable(Type.Number()),
  byPosition: Type.Array(PositionPnl),
  byUnderlying: Type.Array(Type.Object({
    underlying: Type.String(), sector: Type.String(), spotFactor: Type.Number(), stockPnl: Money, optionPnl: Money, liquidityCost: Money, pnl: Money, greeksAfter: Greeks,
  })),
  worstContributors: Type.Array(PositionPnl),
  greeksBefore: Greeks, greeksAfter: Greeks,
  breaches: Nullable(Type.Array(Type.Object({
    limitId: Type.String(), type: Type.String(), action: Type.String(), scope: Type.Unknown(), current: Type.Number(), limit: Type.Number(), utilisation: Type.Number(), newlyBreached: Type.Boolean(),
  }))),
  breachesUnavailable: Type.Optional(Problem),
  liquidity: Type.Unknown(),
  unmatchedTargets: Type.Array(Type.String()),
  simulation: Type.Optional(Type.Unknown({ description: 'monte-carlo scenarios: loss distribution, tail statistics, histogram, regimes' })),
  replay: Type.Optional(Type.Unknown({ description: 'historical replays on shipped data: the day-by-day path, its worst and end points, and the source of each name' })),
});

export const StressTestResponse = Type.Object({
  stressTestId: Type.String(), portfolioId: Type.String(), runAt: IsoTime, runBy: Type.String(), asOf: Type.String(), valuationDate: Nullable(IsoDate),
  nav: Money, baseValue: Money, baseCurrency: Type.String(),
  results: Type.Array(ScenarioResult),
  issues: Type.Array(Type.Unknown()), incomplete: Type.Boolean(),
  conventions: Type.Record(Type.String(), Type.String()),
});

const StoredScenario = Type.Object({
  portfolioId: Type.String(), id: Type.String(), definition: Type.Unknown(), version: Type.Integer(), createdBy: Type.String(), createdAt: IsoTime, updatedAt: IsoTime,
});
export { StoredScenario as StoredScenarioSchema };

export const ScenarioListResponse = Type.Object({
  portfolioId: Type.String(),
  library: Type.Array(Type.Unknown({ description: 'built-in scenario definitions' })),
  custom: Type.Array(StoredScenario),
  conventions: Type.Record(Type.String(), Type.String()),
});

export const ScenarioListQuery = Type.Object({ type: Type.Optional(ScenarioTypeSchema), severity: Type.Optional(SeveritySchema) });
export const ScenarioParams = Type.Object({ portfolioId: Id, scenarioId: Id });
export const StressTestParams = Type.Object({ portfolioId: Id, stressTestId: Id });

export const StressHistoryQuery = Type.Object({
  from: Type.Optional(IsoTime), to: Type.Optional(IsoTime), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
export const StressHistoryResponse = Type.Object({
  portfolioId: Type.String(),
  tests: Type.Array(Type.Object({
    stressTestId: Type.String(), runAt: IsoTime, runBy: Type.String(), valuationDate: Nullable(Type.String()), request: Type.Unknown(),
    scenarios: Type.Array(Type.Object({
      scenarioId: Type.String(), name: Type.String(), type: Type.String(), severity: Type.String(),
      pnlAmount: Nullable(Type.Number()), pnlFraction: Nullable(Type.Number()), breachCount: Nullable(Type.Integer()),
    })),
  })),
});

const ScanRange = Type.Object({ down: Type.Number({ maximum: 0, minimum: -0.99 }), up: Type.Number({ minimum: 0, maximum: 10 }), volShiftRelative: Type.Number({ minimum: 0, maximum: 0.99 }) }, closed);
const ScanClass = Type.Union([Type.Literal('equity'), Type.Literal('broad-index')]);
export const ScanGridBody = Type.Object({
  classes: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 32 }), ScanClass)),
  ranges: Type.Optional(Type.Object({ equity: Type.Optional(ScanRange), 'broad-index': Type.Optional(ScanRange) }, closed)),
  valuationDate: Type.Optional(IsoDate),
}, closed);
export const ScanGridResponse = Type.Object({
  portfolioId: Type.String(), asOf: Type.String(), nav: Money, requirement: Money, requirementFractionOfNav: Nullable(Type.Number()),
  byClass: Type.Record(Type.String(), Money), byUnderlying: Type.Array(Type.Unknown()), spotMoves: Type.Unknown(), volShifts: Type.Unknown(),
  classes: Type.Record(Type.String(), Type.String()), issues: Type.Array(Type.Unknown()), conventions: Type.Record(Type.String(), Type.String()),
});

const Range = Type.Object({ down: Type.Number({ exclusiveMinimum: 0, maximum: 0.99 }), up: Type.Number({ exclusiveMinimum: 0, maximum: 10 }) }, closed);
export const ReverseStressBody = Type.Object({
  lossFractions: Type.Optional(Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 10 }), { maxItems: 20 })),
  includeLimits: Type.Optional(Type.Boolean()),
  ranges: Type.Optional(Type.Object({ market: Type.Optional(Range), volatility: Type.Optional(Range) }, closed)),
  valuationDate: Type.Optional(IsoDate),
}, closed);
export const ReverseStressResponse = Type.Object({
  portfolioId: Type.String(), asOf: Type.String(), nav: Money,
  entries: Type.Array(Type.Unknown()), ranges: Type.Unknown(), evaluations: Type.Integer(),
  limitsUnavailable: Nullable(Problem), issues: Type.Array(Type.Unknown()), conventions: Type.Record(Type.String(), Type.String()),
});
