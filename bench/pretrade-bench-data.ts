/**
 * Shared W4 data (../shared/bench/data, format in gen_data.mjs and py/common.py) turned into
 * PreTradeStates and client orders for bench/pretrade-core-bench.ts.
 *
 * market.txt: `U T r NS`, U rows `spot vol div beta sector`, T x U daily log returns.
 * positions_P1000.txt: `P U`, P rows `kind und qty K days` (kind 0 stock in shares, 1 call, 2 put
 * in contracts of 100, European, tau = days / 365). orders.txt: `N`, the 12 W4 numbers
 * (maxOrderNotional maxNamePosition maxGross maxNet maxSector maxBetaDelta maxVega(per 1.00 vol)
 * maxDailyLoss maxHHI maxLeverage nav dailyPnl), N order rows like the position rows.
 *
 * Time: the check runs at NOW_MS = 2024-06-07 21:00 UTC (an expiry close), so an option `days`
 * ahead expires exactly days x 86,400,000 ms later and tau = days / 365 bit for bit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LimitDefinition, LimitScope, LimitType } from '../src/core/limits/limit-definition.ts';
import type { PreTradeOrder } from '../src/core/limits/pre-trade-decision.ts';
import type { PreTradePositionInput, PreTradeUnderlyingInput } from '../src/core/limits/pre-trade-state.ts';
import type { Instrument } from '../src/core/portfolio/instrument.ts';
import { instrumentKey } from '../src/core/portfolio/instrument.ts';
import { bsmGreeks } from '../src/core/pricing/bsm-greeks.ts';
import { covarianceMatrix } from '../src/core/stats/covariance-matrix.ts';
import { SHARED_BENCH_DIR } from './shared-bench-dir.ts';

export const DATA_DIR = process.env['W4_DATA'] ?? join(SHARED_BENCH_DIR, 'data');
export const NOW_MS = Date.UTC(2024, 5, 7, 21);
const DAY_MS = 86_400_000;

export interface Row { readonly kind: 0 | 1 | 2; readonly und: number; readonly qty: number; readonly strike: number; readonly days: number }

export interface W4Data {
  readonly rate: number;
  readonly underlyings: PreTradeUnderlyingInput[];
  readonly dailyCovariance: Float64Array;
  readonly positions: Row[];
  readonly orders: Row[];
  /** The 12 W4 numbers in file order. */
  readonly w4: number[];
}

const numbers = (path: string): number[] => readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
const rows = (v: number[], from: number, count: number): Row[] => Array.from({ length: count }, (_, i) => {
  const [kind, und, qty, strike, days] = v.slice(from + 5 * i, from + 5 * i + 5) as [number, number, number, number, number];
  return { kind: kind as 0 | 1 | 2, und, qty, strike, days };
});

export const symbolOf = (u: number): string => `U${u}`;

/** Deterministic ADV (shares/day) per underlying: 2e5..5e6 from a fixed-seed LCG (the data has none). */
function averageDailyVolumes(count: number, seed = 20240607): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.round(2e5 + (s / 2 ** 32) * 4.8e6);
  });
}

export function loadW4Data(dataDir = DATA_DIR): W4Data {
  const m = numbers(join(dataDir, 'market.txt'));
  const [U, T, rate] = [m[0]!, m[1]!, m[2]!];
  const p = numbers(join(dataDir, 'positions_P1000.txt'));
  const [P, UP] = [p[0]!, p[1]!];
  const o = numbers(join(dataDir, 'orders.txt'));
  const N = o[0]!;
  const base = 4 + 5 * U;
  const values = new Float64Array(T * UP);
  for (let t = 0; t < T; t++) for (let j = 0; j < UP; j++) values[t * UP + j] = m[base + t * U + j]!;
  const cov = covarianceMatrix({ returns: { values, rows: T, columns: UP } });
  const adv = averageDailyVolumes(UP);
  const underlyings = Array.from({ length: UP }, (_, u): PreTradeUnderlyingInput => {
    const spot = m[4 + 5 * u]!;
    return {
      symbol: symbolOf(u), spot, last: spot, mid: spot, quoteTimeMs: NOW_MS, atmVolatility: m[5 + 5 * u]!, dividendYield: m[6 + 5 * u]!,
      beta: m[7 + 5 * u]!, sector: `S${m[8 + 5 * u]!}`, averageDailyVolume: adv[u]!, dailyLogReturnSd: sampleSd(values, T, UP, u),
    };
  });
  return { rate, underlyings, dailyCovariance: cov, positions: rows(p, 2, P), orders: rows(o, 13, N), w4: o.slice(1, 13) };
}

/** Two-pass n-1 sd of column u, as numpy std(ddof=1) and the C peer compute it. */
function sampleSd(values: Float64Array, T: number, U: number, u: number): number {
  let mean = 0;
  for (let t = 0; t < T; t++) mean += values[t * U + u]!;
  mean /= T;
  let ss = 0;
  for (let t = 0; t < T; t++) { const d = values[t * U + u]! - mean; ss += d * d; }
  return Math.sqrt(ss / (T - 1));
}

export function instrumentOf(row: Row): Instrument {
  if (row.kind === 0) return { type: 'stock', symbol: symbolOf(row.und) };
  const expiry = new Date(NOW_MS + row.days * DAY_MS).toISOString().slice(0, 10);
  return { type: 'option', underlying: symbolOf(row.und), kind: row.kind === 1 ? 'call' : 'put', strike: row.strike, expiry, exerciseStyle: 'european', multiplier: 100 };
}

/**
 * Positions with per-unit BSM sensitivities at the market's vol. `asLots`: every file row is its
 * own position (key suffixed `#row`), as W4 aggregates rows (gross = sum |row exposure|) and treats
 * each order as a new position; otherwise rows with the same instrument are merged by key.
 */
export function positionsOf(data: W4Data, { asLots, strategies }: { asLots: boolean; strategies: readonly string[] }): PreTradePositionInput[] {
  const byKey = new Map<string, PreTradePositionInput>();
  data.positions.forEach((row, i) => {
    const instrument = instrumentOf(row);
    const key = asLots ? `${instrumentKey(instrument)}#${i}` : instrumentKey(instrument);
    const u = data.underlyings[row.und]!;
    const strategy = strategies[i % strategies.length]!;
    const prior = byKey.get(key);
    if (prior !== undefined) { byKey.set(key, { ...prior, quantity: prior.quantity + row.qty }); return; }
    if (row.kind === 0) {
      byKey.set(key, { instrumentKey: key, underlying: u.symbol, assetClass: 'equity', quantity: row.qty, multiplier: 1, strategy, strategyGroupId: null, unitPrice: u.spot!, unitDelta: 1, unitGamma: 0, unitVegaPerVolPoint: 0, unitThetaPerDay: 0 });
      return;
    }
    const g = bsmGreeks({ kind: row.kind === 1 ? 'call' : 'put', spot: u.spot!, strike: row.strike, timeToExpiryYears: row.days / 365, volatility: u.atmVolatility!, rate: data.rate, dividendYield: u.dividendYield });
    byKey.set(key, { instrumentKey: key, underlying: u.symbol, assetClass: 'option', quantity: row.qty, multiplier: 100, strategy, strategyGroupId: null, unitPrice: g.price, unitDelta: g.delta, unitGamma: g.gamma, unitVegaPerVolPoint: g.vega * 0.01, unitThetaPerDay: g.theta / 365 });
  });
  return [...byKey.values()];
}

export function ordersOf(data: W4Data, limitPrice: (row: Row) => number | undefined): PreTradeOrder[] {
  return data.orders.map((row, i) => {
    const price = limitPrice(row);
    const leg = { instrument: instrumentOf(row), side: row.qty > 0 ? 'buy' as const : 'sell' as const, quantity: Math.abs(row.qty) };
    return { clientOrderId: `w4-${i}`, legs: [price === undefined ? leg : { ...leg, limitPrice: price }] };
  });
}

export function limit(id: string, type: LimitType, amount: number, opts: { scope?: LimitScope; params?: Record<string, unknown>; warningLevels?: number[]; fractionOfNav?: boolean } = {}): LimitDefinition {
  return {
    id, portfolioId: 'P1000', type, scope: opts.scope ?? { kind: 'portfolio' },
    value: { mode: opts.fractionOfNav === true ? 'fraction-of-nav' : 'absolute', amount }, warningLevels: opts.warningLevels ?? [0.8, 0.95],
    action: 'block-new', active: true, description: id, params: opts.params ?? {}, version: 1, updatedAt: '2024-06-07T00:00:00Z',
  };
}

/** The exact ten W4 limits (order of the breach counts of the peers), no warning levels (W4 has none). */
export function w4Limits(w4: readonly number[]): LimitDefinition[] {
  const [maxOrd, maxName, maxGross, maxNet, maxSec, maxBD, maxVega, maxLoss, maxHHI, maxLev] = w4 as [number, number, number, number, number, number, number, number, number, number];
  const none = { warningLevels: [] as number[] };
  return [
    limit('order-notional', 'order-notional', maxOrd, { ...none, params: { basis: 'underlying' } }),
    limit('name-position', 'position-size', maxName, { ...none, scope: { kind: 'underlying', value: '*' } }),
    limit('gross', 'gross-exposure', maxGross, none),
    limit('net', 'net-exposure', maxNet, none),
    limit('sector', 'sector-exposure', maxSec, { ...none, scope: { kind: 'sector', value: '*' } }),
    limit('beta-delta', 'net-delta', maxBD, { ...none, params: { weighting: 'beta' } }),
    // W4 vega is per 1.00 of volatility; ours is per vol point (0.01)
    limit('vega', 'net-vega', maxVega * 0.01, none),
    limit('daily-loss', 'daily-loss', maxLoss, none),
    limit('hhi', 'concentration', maxHHI, { ...none, params: { basis: 'hhi' } }),
    limit('leverage', 'leverage', maxLev, { ...none, params: { basis: 'market-value' } }),
  ];
}
