/**
 * Value and Greeks of a RevaluationBook: per option (per unit and per position), per underlying
 * and in total, in display units (CONVENTIONS.md, "Options"):
 * - value in currency; delta and gamma per 1 of spot (position: x optionUnits, i.e. share-equivalent);
 * - vegaPerVolPoint per 0.01 volatility, thetaPerDay per calendar day (annual / 365),
 *   rhoPerPct per 0.01 of the continuous rate;
 * - dollarDelta = delta x spot x units (stocks: units x spot);
 * - dollarGammaPer1Pct = gamma x spot^2 x 0.01 x units: the change of dollar delta for a 1 % spot
 *   move (the delta-times-move term of d(delta S)/dS is left out, as is customary).
 *
 * Methods: European options (and American ones where early exercise never pays: calls with q <= 0
 * and r >= 0, puts with r <= 0 and q >= 0) by closed-form BSM (`bsmGreeksBatch`); other American
 * options by `americanGreeksMethod` (default Bjerksund-Stensland 2002 with bumped Greeks, see
 * american-unit-greeks.ts, ~0.12 ms per option; the default American method of the pricing core, the
 * lattice, costs ~1.6 ms per option, over the ~0.1 ms budget). `options.method[j]` indexes OPTION_GREEKS_METHODS.
 */
import { earlyExerciseNeverOptimal } from '../pricing/american-pricing.ts';
import { bsmGreeksBatch, createBsmBatchOutput } from '../pricing/bsm-greeks-batch.ts';
import type { BsmBatchOutput } from '../pricing/bsm-greeks-batch.ts';
import { DAYS_PER_YEAR, RATE_POINT, VOL_POINT } from '../pricing/greek-units.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { AmericanGreeksMethod } from './american-unit-greeks.ts';
import { americanUnitGreeks } from './american-unit-greeks.ts';
import { bookOptionParams } from './book-option-params.ts';
import type { RevaluationBook } from './revaluation-book.ts';
import type { BookProblemCode } from './validate-revaluation-book.ts';
import { validateRevaluationBook } from './validate-revaluation-book.ts';

export const OPTION_GREEKS_METHODS = ['bsm', 'bjerksund-stensland-2002', 'binomial'] as const;
export type OptionGreeksMethod = (typeof OPTION_GREEKS_METHODS)[number];

/** Struct-of-arrays Greeks, display units (module comment). */
export interface GreekArrays {
  readonly value: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  readonly vegaPerVolPoint: Float64Array;
  readonly thetaPerDay: Float64Array;
  readonly rhoPerPct: Float64Array;
}

export interface PositionGreekArrays extends GreekArrays {
  readonly dollarDelta: Float64Array;
  readonly dollarGammaPer1Pct: Float64Array;
}

/** Per underlying: `value` = market value (stocks + options); gross = sum of |dollar delta| by position. */
export interface UnderlyingGreekArrays extends PositionGreekArrays {
  readonly stockValue: Float64Array;
  readonly optionValue: Float64Array;
  readonly grossDollarDelta: Float64Array;
}

export type GreekTotals = { readonly [K in keyof UnderlyingGreekArrays]: number };

export interface BookGreeks {
  /** Index j = book option j (position index in book.optionPosition[j]). */
  readonly options: {
    readonly perUnit: GreekArrays;
    readonly position: PositionGreekArrays;
    /** Index into OPTION_GREEKS_METHODS. */
    readonly method: Uint8Array;
  };
  /** Index i = book.underlyings[i]. */
  readonly underlyings: UnderlyingGreekArrays;
  /** Sums over underlyings (delta and gamma add share units of different underlyings: compare dollar figures). */
  readonly totals: GreekTotals;
  readonly methods: {
    readonly european: 'bsm';
    readonly american: AmericanGreeksMethod;
    readonly optionCountByMethod: Readonly<Record<OptionGreeksMethod, number>>;
  };
  /** 'stock-positions' when stock positions were given, else each underlying's net stock counts as one position. */
  readonly grossBasis: 'stock-positions' | 'net-stock-per-underlying';
}

export interface BookGreeksInput {
  readonly book: RevaluationBook;
  /** Stock positions one by one (the book nets them per underlying), for the gross exposure. */
  readonly stockPositions?: { readonly underlying: Int32Array; readonly units: Float64Array };
  readonly americanGreeksMethod?: AmericanGreeksMethod;
}

export type BookGreeksErrorCode = BookProblemCode | 'STOCK_POSITIONS_MISMATCH';

export function bookGreeks(input: BookGreeksInput): Result<BookGreeks, BookGreeksErrorCode> {
  const { book, stockPositions, americanGreeksMethod = 'bjerksund-stensland-2002' } = input;
  const valid = validateRevaluationBook(book);
  if (!valid.ok) return valid;
  if (stockPositions !== undefined) {
    const problem = stockPositionsProblem(book, stockPositions);
    if (problem !== null) return fail('STOCK_POSITIONS_MISMATCH', problem);
  }
  const n = book.optionCount;
  const raw = createBsmBatchOutput(n);
  const method = new Uint8Array(n);
  computeUnitGreeks(book, raw, method, americanGreeksMethod);
  const perUnit = displayUnits(raw, n);
  const position = positionGreeks(book, perUnit);
  const underlyings = aggregateByUnderlying(book, position, stockPositions);
  const optionCountByMethod = { bsm: 0, 'bjerksund-stensland-2002': 0, binomial: 0 };
  for (let j = 0; j < n; j++) optionCountByMethod[OPTION_GREEKS_METHODS[method[j]!]!]++;
  return ok({
    options: { perUnit, position, method },
    underlyings,
    totals: totalsOf(underlyings),
    methods: { european: 'bsm', american: americanGreeksMethod, optionCountByMethod },
    grossBasis: stockPositions === undefined ? 'net-stock-per-underlying' : 'stock-positions',
  });
}

/** Raw per-unit Greeks (RawGreeks units) of every option: BSM batch, then American overrides. */
function computeUnitGreeks(book: RevaluationBook, raw: BsmBatchOutput, method: Uint8Array, american: AmericanGreeksMethod): void {
  const n = book.optionCount;
  const callPutSign = new Int8Array(n);
  const spot = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    callPutSign[j] = book.optionIsCall[j] === 1 ? 1 : -1;
    spot[j] = book.spots[book.optionUnderlying[j]!]!;
  }
  bsmGreeksBatch({
    callPutSign, spot, strike: book.optionStrike, timeToExpiryYears: book.optionTimeYears,
    volatility: book.optionVolatility, rate: book.optionRate, dividendYield: book.optionDividendYield,
  }, raw);
  const americanCode = OPTION_GREEKS_METHODS.indexOf(american);
  for (let j = 0; j < n; j++) {
    if (book.optionIsAmerican[j] !== 1) continue;
    const params = bookOptionParams(book, j, spot[j]!);
    if (earlyExerciseNeverOptimal(params)) continue;
    const g = americanUnitGreeks(params, american);
    raw.price[j] = g.price;
    raw.delta[j] = g.delta;
    raw.gamma[j] = g.gamma;
    raw.vega[j] = g.vega;
    raw.theta[j] = g.theta;
    raw.rho[j] = g.rho;
    method[j] = americanCode;
  }
}

function displayUnits(raw: BsmBatchOutput, n: number): GreekArrays {
  const out = greekArrays(n);
  const { value, delta, gamma, vegaPerVolPoint, thetaPerDay, rhoPerPct } = out;
  const { price: rawPrice, delta: rawDelta, gamma: rawGamma, vega: rawVega, theta: rawTheta, rho: rawRho } = raw;
  for (let j = 0; j < n; j++) {
    value[j] = rawPrice[j]!;
    delta[j] = rawDelta[j]!;
    gamma[j] = rawGamma[j]!;
    vegaPerVolPoint[j] = rawVega[j]! * VOL_POINT;
    thetaPerDay[j] = rawTheta[j]! / DAYS_PER_YEAR;
    rhoPerPct[j] = rawRho[j]! * RATE_POINT;
  }
  return out;
}

function positionGreeks(book: RevaluationBook, perUnit: GreekArrays): PositionGreekArrays {
  const n = book.optionCount;
  const out = positionGreekArrays(n);
  const { value, delta, gamma, vegaPerVolPoint, thetaPerDay, rhoPerPct, dollarDelta, dollarGammaPer1Pct } = out;
  const { optionUnits, optionUnderlying, spots } = book;
  for (let j = 0; j < n; j++) {
    const units = optionUnits[j]!;
    const s = spots[optionUnderlying[j]!]!;
    const d = perUnit.delta[j]! * units;
    const g = perUnit.gamma[j]! * units;
    value[j] = perUnit.value[j]! * units;
    delta[j] = d;
    gamma[j] = g;
    vegaPerVolPoint[j] = perUnit.vegaPerVolPoint[j]! * units;
    thetaPerDay[j] = perUnit.thetaPerDay[j]! * units;
    rhoPerPct[j] = perUnit.rhoPerPct[j]! * units;
    dollarDelta[j] = d * s;
    dollarGammaPer1Pct[j] = g * s * s * 0.01;
  }
  return out;
}

function aggregateByUnderlying(
  book: RevaluationBook, position: PositionGreekArrays, stockPositions: BookGreeksInput['stockPositions'],
): UnderlyingGreekArrays {
  const u = book.underlyings.length;
  const f = (): Float64Array => new Float64Array(u);
  const out: UnderlyingGreekArrays = {
    value: f(), delta: f(), gamma: f(), vegaPerVolPoint: f(), thetaPerDay: f(), rhoPerPct: f(),
    dollarDelta: f(), dollarGammaPer1Pct: f(), stockValue: f(), optionValue: f(), grossDollarDelta: f(),
  };
  const { spots, stockUnits } = book;
  for (let i = 0; i < u; i++) {
    const stockValue = stockUnits[i]! * spots[i]!;
    out.stockValue[i] = stockValue;
    out.delta[i] = stockUnits[i]!;
    out.dollarDelta[i] = stockValue;
    if (stockPositions === undefined) out.grossDollarDelta[i] = Math.abs(stockValue);
  }
  if (stockPositions !== undefined) {
    const { underlying, units } = stockPositions;
    const gross = out.grossDollarDelta;
    for (let k = 0; k < units.length; k++) {
      const i = underlying[k]!;
      gross[i]! += Math.abs(units[k]! * spots[i]!);
    }
  }
  addOptionsByUnderlying(book.optionUnderlying, position, out);
  for (let i = 0; i < u; i++) out.value[i] = out.stockValue[i]! + out.optionValue[i]!;
  return out;
}

function addOptionsByUnderlying(underlying: Int32Array, position: PositionGreekArrays, out: UnderlyingGreekArrays): void {
  const { optionValue, delta, dollarDelta, gamma, dollarGammaPer1Pct, vegaPerVolPoint, thetaPerDay, rhoPerPct, grossDollarDelta } = out;
  const p = position;
  for (let j = 0; j < underlying.length; j++) {
    const i = underlying[j]!;
    optionValue[i]! += p.value[j]!;
    delta[i]! += p.delta[j]!;
    dollarDelta[i]! += p.dollarDelta[j]!;
    gamma[i]! += p.gamma[j]!;
    dollarGammaPer1Pct[i]! += p.dollarGammaPer1Pct[j]!;
    vegaPerVolPoint[i]! += p.vegaPerVolPoint[j]!;
    thetaPerDay[i]! += p.thetaPerDay[j]!;
    rhoPerPct[i]! += p.rhoPerPct[j]!;
    grossDollarDelta[i]! += Math.abs(p.dollarDelta[j]!);
  }
}

function totalsOf(perUnderlying: UnderlyingGreekArrays): GreekTotals {
  const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
  const p = perUnderlying;
  return {
    value: sum(p.value), stockValue: sum(p.stockValue), optionValue: sum(p.optionValue), delta: sum(p.delta),
    dollarDelta: sum(p.dollarDelta), gamma: sum(p.gamma), dollarGammaPer1Pct: sum(p.dollarGammaPer1Pct),
    vegaPerVolPoint: sum(p.vegaPerVolPoint), thetaPerDay: sum(p.thetaPerDay), rhoPerPct: sum(p.rhoPerPct),
    grossDollarDelta: sum(p.grossDollarDelta),
  };
}

function greekArrays(n: number): GreekArrays {
  return {
    value: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n),
    vegaPerVolPoint: new Float64Array(n), thetaPerDay: new Float64Array(n), rhoPerPct: new Float64Array(n),
  };
}

function positionGreekArrays(n: number): PositionGreekArrays {
  return {
    value: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n),
    vegaPerVolPoint: new Float64Array(n), thetaPerDay: new Float64Array(n), rhoPerPct: new Float64Array(n),
    dollarDelta: new Float64Array(n), dollarGammaPer1Pct: new Float64Array(n),
  };
}

/** The stock positions must net to book.stockUnits (1e-9 relative), else the book and list disagree. */
function stockPositionsProblem(book: RevaluationBook, stocks: NonNullable<BookGreeksInput['stockPositions']>): string | null {
  const u = book.underlyings.length;
  if (stocks.underlying.length !== stocks.units.length) return 'stockPositions.underlying and .units differ in length';
  const net = new Float64Array(u);
  const gross = new Float64Array(u);
  for (let k = 0; k < stocks.units.length; k++) {
    const i = stocks.underlying[k]!;
    const units = stocks.units[k]!;
    if (!(i >= 0 && i < u) || !Number.isFinite(units)) return `stock position ${k}: underlying ${i} or units ${units} invalid`;
    net[i]! += units;
    gross[i]! += Math.abs(units);
  }
  for (let i = 0; i < u; i++) {
    if (Math.abs(net[i]! - book.stockUnits[i]!) > 1e-9 * Math.max(1, gross[i]!)) {
      return `stock positions on ${book.underlyings[i]} net to ${net[i]}, the book holds ${book.stockUnits[i]}`;
    }
  }
  return null;
}
