/**
 * Turns a scenario into the shocked inputs of a RevaluationBook: per-underlying spot factors,
 * per-option volatilities (relative / absolute, term-scaled, put-wing skew), rates, dividend
 * yields and times to expiry, read as scenario-definition.ts states. The result is a book of the
 * same shape (strikes, units and positions shared), so every revaluation kernel prices it as is.
 */
import type { RevaluationBook } from '../risk/revaluation-book.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { LiquidityShock, ScenarioDefinition, ScenarioShock, ShockTarget, TermScaling } from './scenario-definition.ts';
import { MIN_SPOT_FACTOR } from './scenario-definition.ts';
import type { ScenarioProblem } from './validate-scenario.ts';

/** Per-underlying market data a scenario reads besides the book (aligned with book.underlyings). */
export interface StressMarket {
  /** Sector label of each underlying. */
  readonly sectors: readonly string[];
  /** Beta of each underlying to the market index (market moves reach u as beta_u x move). */
  readonly betas: Float64Array;
  /** Sample sd (n-1) of daily log returns, fraction per day; needed by 'sigmas' spot shocks. */
  readonly dailyLogReturnSd?: Float64Array;
}

export interface ShockedBook {
  /** The book with shocked spots, vols, rates, dividend yields and aged times (floored at 0). */
  readonly book: RevaluationBook;
  /** S' / S per underlying. */
  readonly spotFactors: Float64Array;
  /** Calendar days that pass (the largest `days` of the shocks). */
  readonly horizonDays: number;
  /** Liquidity shock per underlying (most specific target wins); null = none. */
  readonly liquidity: readonly (LiquidityShock | null)[];
  /** Targets of the scenario that match nothing in the book (not an error: the book does not hold them). */
  readonly unmatchedTargets: readonly string[];
}

export type ShockBookErrorCode = 'INVALID_SCENARIO' | 'MISSING_MARKET_DATA';

const DAYS_PER_YEAR = 365;
/** At most this many negative-vol options are listed in the error details. */
const MAX_LISTED_PROBLEMS = 20;

export function shockBook({ book, market, scenario }: {
  book: RevaluationBook;
  market: StressMarket;
  scenario: ScenarioDefinition;
}): Result<ShockedBook, ShockBookErrorCode> {
  const u = book.underlyings.length;
  if (market.sectors.length !== u || market.betas.length !== u) {
    return fail('MISSING_MARKET_DATA', `sectors and betas need one entry per underlying (${u})`);
  }
  const matches = scenario.shocks.map((s) => matchTarget(book, market, s.target));
  const unmatchedTargets = scenario.shocks.filter((_, i) => matches[i]!.length === 0).map((s) => targetLabel(s.target));
  const spot = spotFactors({ book, market, scenario, matches });
  if (!spot.ok) return spot;
  const perUnderlying = underlyingShifts(scenario.shocks, matches, u);
  const horizonDays = scenario.shocks.reduce((m, s) => Math.max(m, s.days ?? 0), 0);
  const shocked = shockedArrays({ book, spotFactors: spot.value, shocks: scenario.shocks, perUnderlying, horizonDays });
  if (shocked.problems.length > 0) {
    return fail('INVALID_SCENARIO', `scenario ${scenario.id} makes ${shocked.problems.length} option volatilit${shocked.problems.length === 1 ? 'y' : 'ies'} negative`,
      shocked.problems.slice(0, MAX_LISTED_PROBLEMS));
  }
  return ok({
    book: shocked.book, spotFactors: spot.value, horizonDays, liquidity: perUnderlying.liquidity, unmatchedTargets,
  });
}

/** Indices of the underlyings a target reaches. */
export function matchTarget(book: RevaluationBook, market: StressMarket, target: ShockTarget): number[] {
  const out: number[] = [];
  for (let i = 0; i < book.underlyings.length; i++) {
    if ('market' in target || ('sector' in target ? market.sectors[i] === target.sector : book.underlyings[i] === target.underlying)) out.push(i);
  }
  return out;
}

const targetLabel = (t: ShockTarget): string => ('market' in t ? 'market' : 'sector' in t ? `sector:${t.sector}` : `underlying:${t.underlying}`);

function spotFactors({ book, market, scenario, matches }: {
  book: RevaluationBook; market: StressMarket; scenario: ScenarioDefinition; matches: number[][];
}): Result<Float64Array, ShockBookErrorCode> {
  const f = new Float64Array(book.underlyings.length).fill(1);
  const missing = new Set<string>();
  scenario.shocks.forEach((shock, k) => {
    const s = shock.spot;
    if (s === undefined) return;
    for (const i of matches[k]!) {
      if ('relative' in s) {
        const move = 'market' in shock.target ? market.betas[i]! * s.relative : s.relative;
        f[i]! *= Math.max(MIN_SPOT_FACTOR, 1 + move);
      } else {
        const sd = market.dailyLogReturnSd?.[i];
        if (sd === undefined || !(sd >= 0 && Number.isFinite(sd))) missing.add(book.underlyings[i]!);
        else f[i]! *= Math.exp(s.sigmas * sd * Math.sqrt(s.horizonDays));
      }
    }
  });
  if (missing.size > 0) {
    return fail('MISSING_MARKET_DATA', `scenario ${scenario.id} moves spots in daily sds, which ${missing.size} underlying(s) lack`, { underlyings: [...missing] });
  }
  return ok(f);
}

interface UnderlyingShifts {
  /** Shock indices with a volatility move, per underlying. */
  readonly volShocks: number[][];
  readonly skew: Float64Array;
  readonly rateShift: Float64Array;
  readonly dividendShift: Float64Array;
  readonly liquidity: (LiquidityShock | null)[];
}

const SPECIFICITY = (t: ShockTarget): number => ('underlying' in t ? 3 : 'sector' in t ? 2 : 1);

function underlyingShifts(shocks: readonly ScenarioShock[], matches: number[][], u: number): UnderlyingShifts {
  const out: UnderlyingShifts = {
    volShocks: Array.from({ length: u }, () => []), skew: new Float64Array(u), rateShift: new Float64Array(u),
    dividendShift: new Float64Array(u), liquidity: new Array<LiquidityShock | null>(u).fill(null),
  };
  const liquidityRank = new Int8Array(u);
  shocks.forEach((s, k) => {
    for (const i of matches[k]!) {
      if (s.volatility !== undefined) out.volShocks[i]!.push(k);
      if (s.skew !== undefined) out.skew[i]! += s.skew.volPerLogMoneyness;
      if (s.rateBp !== undefined) out.rateShift[i]! += s.rateBp / 10_000;
      if (s.dividend !== undefined) out.dividendShift[i]! += s.dividend.absolute;
      if (s.liquidity !== undefined && SPECIFICITY(s.target) >= liquidityRank[i]!) {
        out.liquidity[i] = s.liquidity;
        liquidityRank[i] = SPECIFICITY(s.target);
      }
    }
  });
  return out;
}

/** min(maxFactor, (referenceDays / max(days, 1))^exponent); 1 without scaling. */
export function termFactor(scaling: TermScaling | undefined, daysToExpiry: number): number {
  if (scaling === undefined) return 1;
  return Math.min(scaling.maxFactor, Math.pow(scaling.referenceDays / Math.max(daysToExpiry, 1), scaling.exponent));
}

function shockedArrays({ book, spotFactors: f, shocks, perUnderlying: p, horizonDays }: {
  book: RevaluationBook; spotFactors: Float64Array; shocks: readonly ScenarioShock[]; perUnderlying: UnderlyingShifts; horizonDays: number;
}): { book: RevaluationBook; problems: ScenarioProblem[] } {
  const u = book.underlyings.length;
  const n = book.optionCount;
  const spots = new Float64Array(u);
  const dividendYields = new Float64Array(u);
  for (let i = 0; i < u; i++) {
    spots[i] = book.spots[i]! * f[i]!;
    dividendYields[i] = book.dividendYields[i]! + p.dividendShift[i]!;
  }
  const time = new Float64Array(n), vol = new Float64Array(n), rate = new Float64Array(n), div = new Float64Array(n);
  const dt = horizonDays / DAYS_PER_YEAR;
  const problems: ScenarioProblem[] = [];
  for (let j = 0; j < n; j++) {
    const i = book.optionUnderlying[j]!;
    const tau = book.optionTimeYears[j]!;
    time[j] = Math.max(0, tau - dt);
    rate[j] = book.optionRate[j]! + p.rateShift[i]!;
    div[j] = book.optionDividendYield[j]! + p.dividendShift[i]!;
    let sigma = book.optionVolatility[j]!;
    const list = p.volShocks[i]!;
    if (list.length > 0) sigma = shockedVolatility(sigma, tau * DAYS_PER_YEAR, shocks, list);
    const skew = p.skew[i]!;
    if (skew !== 0) sigma += skew * Math.max(0, Math.log(spots[i]! / book.optionStrike[j]!));
    if (!(sigma >= 0)) {
      problems.push({ path: 'shocks', message: `option ${j} (position ${book.optionPosition[j]}, ${book.underlyings[i]}): volatility ${book.optionVolatility[j]} becomes ${sigma}` });
    }
    vol[j] = sigma;
  }
  return {
    book: {
      ...book, spots, dividendYields, optionTimeYears: time, optionVolatility: vol, optionRate: rate, optionDividendYield: div,
    },
    problems,
  };
}

/** Relative moves multiply, absolute moves add (each scaled by its term factor). */
function shockedVolatility(sigma: number, daysToExpiry: number, shocks: readonly ScenarioShock[], list: readonly number[]): number {
  let multiplier = 1;
  let add = 0;
  for (const k of list) {
    const v = shocks[k]!.volatility!;
    const tf = termFactor(v.termScaling, daysToExpiry);
    if ('relative' in v) multiplier *= 1 + v.relative * tf;
    else add += v.absolute * tf;
  }
  return sigma * multiplier + add;
}
