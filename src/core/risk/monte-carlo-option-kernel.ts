/**
 * Exact revaluation of one option of a RevaluationBook after a log return y of its underlying
 * (spot S e^y), at the horizon (time to expiry T' = max(T - agingYears, 0)); vols, rates and
 * dividend yields unchanged. The per-option constants are computed once per run, so a European
 * revaluation costs one exponential and two normal cdfs:
 *
 *   A = S e^(-q T'), B = K e^(-r T'), s = sigma sqrt(T'),
 *   d1 = ln(A e^y / B) / s + s / 2 = a + y / s,  d2 = d1 - s,
 *   V = w (A e^y N(w d1) - B N(w d2)),  w = +1 call, -1 put,
 *
 * algebraically the same as bsmPrice. phi(d2) = phi(d1) A e^y / B saves the second exponential.
 * Expired (T' <= 0) or zero-volatility options are worth max(w (A e^y - B), 0). American options
 * are priced by Bjerksund-Stensland (2002) (the book carries no other method's inputs).
 */
import { bjerksundStensland2002Price } from '../pricing/american-bjerksund-stensland.ts';
import { bsmPrice } from '../pricing/bsm-greeks.ts';
import type { OptionKind } from '../pricing/option-types.ts';
import { normalCdfWithGaussian } from '../stats/normal-distribution.ts';
import type { RevaluationBook } from './revaluation-book.ts';

export interface OptionKernel {
  readonly count: number;
  readonly underlying: Int32Array;
  readonly units: Float64Array;
  readonly sign: Float64Array;
  readonly forwardSpot: Float64Array;
  readonly forwardStrike: Float64Array;
  readonly d1Offset: Float64Array;
  readonly d1Slope: Float64Array;
  readonly sigmaRootT: Float64Array;
  readonly american: Uint8Array;
  /** Value per unit before the shock (current spot, unaged), currency. */
  readonly baseValue: Float64Array;
  /** Options of underlying u: index[start[u] .. start[u + 1]). */
  readonly byUnderlyingStart: Int32Array;
  readonly byUnderlyingIndex: Int32Array;
}

/** Reusable (mutable) pricing input for the American path: no object allocated per path. */
export interface AmericanScratch {
  kind: OptionKind;
  spot: number;
  strike: number;
  timeToExpiryYears: number;
  volatility: number;
  rate: number;
  dividendYield: number;
}

export const createAmericanScratch = (): AmericanScratch => ({
  kind: 'call', spot: 0, strike: 0, timeToExpiryYears: 0, volatility: 0, rate: 0, dividendYield: 0,
});

/** Today's value per unit of option i of the book (spot and time to expiry as booked). */
export function optionValueToday(book: RevaluationBook, i: number): number {
  const params = {
    kind: book.optionIsCall[i] === 1 ? 'call' : 'put',
    spot: book.spots[book.optionUnderlying[i]!]!,
    strike: book.optionStrike[i]!,
    timeToExpiryYears: book.optionTimeYears[i]!,
    volatility: book.optionVolatility[i]!,
    rate: book.optionRate[i]!,
    dividendYield: book.optionDividendYield[i]!,
  } as const;
  return book.optionIsAmerican[i] === 1 ? bjerksundStensland2002Price(params) : bsmPrice(params);
}

export function createOptionKernel({
  book,
  agingYears,
  baseValue,
}: {
  book: RevaluationBook;
  agingYears: number;
  baseValue: Float64Array;
}): OptionKernel {
  const n = book.optionCount;
  const k = {
    count: n,
    underlying: book.optionUnderlying,
    units: book.optionUnits,
    sign: new Float64Array(n),
    forwardSpot: new Float64Array(n),
    forwardStrike: new Float64Array(n),
    d1Offset: new Float64Array(n),
    d1Slope: new Float64Array(n),
    sigmaRootT: new Float64Array(n),
    american: book.optionIsAmerican,
    baseValue,
    ...groupByUnderlying(book),
  };
  for (let i = 0; i < n; i++) {
    const t = Math.max(book.optionTimeYears[i]! - agingYears, 0);
    const spot = book.spots[book.optionUnderlying[i]!]!;
    const a = spot * Math.exp(-book.optionDividendYield[i]! * t);
    const b = book.optionStrike[i]! * Math.exp(-book.optionRate[i]! * t);
    const s = book.optionVolatility[i]! * Math.sqrt(t);
    k.sign[i] = book.optionIsCall[i] === 1 ? 1 : -1;
    k.forwardSpot[i] = a;
    k.forwardStrike[i] = b;
    k.sigmaRootT[i] = s > 0 ? s : 0;
    k.d1Slope[i] = s > 0 ? 1 / s : 0;
    k.d1Offset[i] = s > 0 ? Math.log(a / b) / s + 0.5 * s : 0;
  }
  return k;
}

function groupByUnderlying(book: RevaluationBook): { byUnderlyingStart: Int32Array; byUnderlyingIndex: Int32Array } {
  const u = book.underlyings.length;
  const start = new Int32Array(u + 1);
  for (let i = 0; i < book.optionCount; i++) start[book.optionUnderlying[i]! + 1]!++;
  for (let j = 0; j < u; j++) start[j + 1]! += start[j]!;
  const fill = start.slice(0, u);
  const index = new Int32Array(book.optionCount);
  for (let i = 0; i < book.optionCount; i++) index[fill[book.optionUnderlying[i]!]!++] = i;
  return { byUnderlyingStart: start, byUnderlyingIndex: index };
}

/**
 * Value per unit of option i at the horizon after log return `logReturn` (`expLogReturn` =
 * e^logReturn, computed once per underlying by the caller). `book` and `scratch` serve the
 * American path only. Positional arguments: this runs once per option and path, and an argument
 * object per call is an allocation in the hot loop.
 */
export function optionValueAt(
  k: OptionKernel, book: RevaluationBook, scratch: AmericanScratch, i: number, logReturn: number, expLogReturn: number, agingYears: number,
): number {
  if (k.american[i] === 1) return americanValueAt(book, scratch, i, expLogReturn, agingYears);
  const w = k.sign[i]!;
  const b = k.forwardStrike[i]!;
  const fs = k.forwardSpot[i]! * expLogReturn;
  const s = k.sigmaRootT[i]!;
  if (s === 0) return Math.max(w * (fs - b), 0);
  const d1 = k.d1Offset[i]! + logReturn * k.d1Slope[i]!;
  const g1 = Math.exp(-0.5 * d1 * d1);
  const value = w * (fs * normalCdfWithGaussian(w * d1, g1) - b * normalCdfWithGaussian(w * (d1 - s), (g1 * fs) / b));
  return value > 0 ? value : 0;
}

function americanValueAt(book: RevaluationBook, p: AmericanScratch, i: number, expLogReturn: number, agingYears: number): number {
  p.kind = book.optionIsCall[i] === 1 ? 'call' : 'put';
  p.spot = book.spots[book.optionUnderlying[i]!]! * expLogReturn;
  p.strike = book.optionStrike[i]!;
  p.timeToExpiryYears = Math.max(book.optionTimeYears[i]! - agingYears, 0);
  p.volatility = book.optionVolatility[i]!;
  p.rate = book.optionRate[i]!;
  p.dividendYield = book.optionDividendYield[i]!;
  return bjerksundStensland2002Price(p);
}
