/**
 * Day-by-day historical replay: the book as it is today is walked along the actual closes of a
 * past window. On day t of the window (first day = day 0):
 *
 *   S_t = c_t x (S_0 / c_0)   for names with their own history (c = the history's closes;
 *                             S_t = c_t exactly when today's spot equals c_0);
 *   S_t = S_0 (1 + beta (I_t / I_0 - 1))   for names without, through a market index I when given
 *                             (floored at 1 % of S_0), else unchanged;
 *   options are revalued in full at S_t, aged by the calendar days elapsed since day 0 (Act/365F;
 *   European BSM, American Bjerksund-Stensland 2002), vols / rates / dividend yields unchanged;
 *   P&L_t = value_t - value_0, stocks exactly units x (S_t - S_0).
 *
 * A missing close (empty cell) carries the last close forward. A name whose close is missing on
 * day 0 cannot anchor its path and falls back to the index (or stays unchanged); `sources` says
 * which path each underlying followed. Pure: the closes are an input.
 */
import { bjerksundStensland2002Price, bsmPrice } from '../pricing/index.ts';
import { bookOptionParams } from '../risk/book-option-params.ts';
import type { RevaluationBook } from '../risk/revaluation-book.ts';
import { daysBetween, isCalendarDate } from '../shared/calendar-date.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import { MIN_SPOT_FACTOR } from './scenario-definition.ts';

export interface PriceHistory {
  /** Ascending ISO dates (YYYY-MM-DD). */
  readonly dates: readonly string[];
  /** Closes by symbol, aligned with `dates`; NaN = no close that day. */
  readonly closes: Readonly<Record<string, Float64Array>>;
}

export interface ReplayHistoryInput {
  readonly book: RevaluationBook;
  readonly netAssetValue: number;
  readonly history: PriceHistory;
  /** Window, inclusive ISO dates; day 0 is the first history date >= from. */
  readonly from: string;
  readonly to: string;
  /** History symbol that replays a book underlying; default the underlying's own name. */
  readonly symbolOf?: Readonly<Record<string, string>>;
  /** For names without own history: an index in `history` and each name's beta (aligned with book.underlyings). */
  readonly marketIndex?: { readonly symbol: string; readonly betas: Float64Array };
  /** Default true: options age by the calendar days elapsed. */
  readonly ageOptions?: boolean;
}

export interface ReplayPoint {
  readonly date: string;
  readonly daysElapsed: number;
  readonly value: number;
  /** Currency, positive = gain, versus day 0. */
  readonly pnl: number;
  readonly fractionOfNav: number;
}

export interface ReplaySourceOfUnderlying {
  readonly underlying: string;
  readonly source: 'own-history' | 'beta-to-index' | 'unchanged';
  readonly symbol: string | null;
}

export interface ReplayHistoryResult {
  readonly from: string;
  readonly to: string;
  readonly path: readonly ReplayPoint[];
  /** The lowest P&L of the path (the first one on ties). */
  readonly worst: ReplayPoint;
  readonly end: ReplayPoint;
  readonly sources: readonly ReplaySourceOfUnderlying[];
  readonly conventions: typeof REPLAY_CONVENTIONS;
}

export const REPLAY_CONVENTIONS = {
  spot: "own history: S_t = c_t (S_0 / c_0); otherwise S_0 (1 + beta (I_t / I_0 - 1)) or unchanged",
  missingClose: 'carried forward from the last close',
  options: 'full revaluation at S_t, aged by calendar days elapsed / 365; vols, rates, dividends unchanged',
  pnl: 'value_t - value_0, positive = gain',
} as const;

export type ReplayHistoryErrorCode = 'INVALID_WINDOW' | 'INVALID_PARAMETERS';

export function replayHistory(input: ReplayHistoryInput): Result<ReplayHistoryResult, ReplayHistoryErrorCode> {
  const { book, history, from, to } = input;
  if (!(input.netAssetValue > 0 && Number.isFinite(input.netAssetValue))) return fail('INVALID_PARAMETERS', `netAssetValue ${input.netAssetValue} must be finite and > 0`);
  if (!isCalendarDate(from) || !isCalendarDate(to) || from > to) return fail('INVALID_WINDOW', `window ${from} .. ${to} must be two ISO dates, from <= to`);
  let first = history.dates.findIndex((d) => d >= from);
  if (first < 0) first = history.dates.length;
  let last = first;
  while (last < history.dates.length && history.dates[last]! <= to) last++;
  if (last === first) return fail('INVALID_WINDOW', `the history has no date between ${from} and ${to}`);
  const days = last - first;
  const u = book.underlyings.length;
  const { spots, sources } = spotPaths(input, first, days);
  const optionValues = optionValuePath(book, spots, history.dates.slice(first, last), input.ageOptions ?? true);
  const path: ReplayPoint[] = [];
  const value0 = stockValue(book, spots, 0, days) + optionValues[0]!;
  for (let t = 0; t < days; t++) {
    let stockPnl = 0;
    for (let i = 0; i < u; i++) stockPnl += book.stockUnits[i]! * (spots[i * days + t]! - spots[i * days]!);
    const pnl = stockPnl + (optionValues[t]! - optionValues[0]!);
    const date = history.dates[first + t]!;
    path.push({ date, daysElapsed: daysBetween(history.dates[first]!, date), value: value0 + pnl, pnl, fractionOfNav: pnl / input.netAssetValue });
  }
  const worst = path.reduce((w, p) => (p.pnl < w.pnl ? p : w), path[0]!);
  return ok({ from: path[0]!.date, to: path[days - 1]!.date, path, worst, end: path[days - 1]!, sources, conventions: REPLAY_CONVENTIONS });
}

function stockValue(book: RevaluationBook, spots: Float64Array, t: number, days: number): number {
  let v = 0;
  for (let i = 0; i < book.underlyings.length; i++) v += book.stockUnits[i]! * spots[i * days + t]!;
  return v;
}

/** Closes over the window with missing ones carried forward; null when day 0 has no close. */
function windowCloses(series: Float64Array | undefined, first: number, days: number): Float64Array | null {
  if (series === undefined || !(series[first]! > 0)) return null;
  const out = new Float64Array(days);
  let lastClose = series[first]!;
  for (let t = 0; t < days; t++) {
    const c = series[first + t]!;
    if (c > 0 && Number.isFinite(c)) lastClose = c;
    out[t] = lastClose;
  }
  return out;
}

/** Spot of underlying i on day t at spots[i * days + t]. */
function spotPaths(input: ReplayHistoryInput, first: number, days: number): { spots: Float64Array; sources: ReplaySourceOfUnderlying[] } {
  const { book, history, marketIndex } = input;
  const u = book.underlyings.length;
  const spots = new Float64Array(u * days);
  const index = marketIndex === undefined ? null : windowCloses(history.closes[marketIndex.symbol], first, days);
  const sources = book.underlyings.map((name, i): ReplaySourceOfUnderlying => {
    const s0 = book.spots[i]!;
    const symbol = input.symbolOf?.[name] ?? name;
    const own = windowCloses(history.closes[symbol], first, days);
    if (own !== null) {
      const scale = s0 / own[0]!;
      for (let t = 0; t < days; t++) spots[i * days + t] = own[t]! * scale;
      return { underlying: name, source: 'own-history', symbol };
    }
    if (index !== null && marketIndex !== undefined) {
      const beta = marketIndex.betas[i] ?? 1;
      for (let t = 0; t < days; t++) spots[i * days + t] = s0 * Math.max(MIN_SPOT_FACTOR, 1 + beta * (index[t]! / index[0]! - 1));
      return { underlying: name, source: 'beta-to-index', symbol: marketIndex.symbol };
    }
    spots.fill(s0, i * days, (i + 1) * days);
    return { underlying: name, source: 'unchanged', symbol: null };
  });
  return { spots, sources };
}

/** Sum of option position values on each day of the window. */
function optionValuePath(book: RevaluationBook, spots: Float64Array, dates: readonly string[], age: boolean): Float64Array {
  const days = dates.length;
  const out = new Float64Array(days);
  const elapsedYears = Float64Array.from(dates, (d) => (age ? daysBetween(dates[0]!, d) / 365 : 0));
  for (let j = 0; j < book.optionCount; j++) {
    const i = book.optionUnderlying[j]!;
    const base = bookOptionParams(book, j, book.spots[i]!);
    const american = book.optionIsAmerican[j] === 1;
    const units = book.optionUnits[j]!;
    for (let t = 0; t < days; t++) {
      const params = { ...base, spot: spots[i * days + t]!, timeToExpiryYears: Math.max(0, base.timeToExpiryYears - elapsedYears[t]!) };
      out[t]! += units * (american ? bjerksundStensland2002Price(params) : bsmPrice(params));
    }
  }
  return out;
}
