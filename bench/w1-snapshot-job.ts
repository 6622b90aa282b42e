import { join } from 'node:path';
/**
 * Workload W1 of ../shared/bench/README.md ("portfolio snapshot") on the project's risk kernels:
 * data loading (untimed) and the job itself (timed by w1-snapshot-bench.ts, also run by the
 * W1 cross-check test in src/core/risk). Same maths as the peers (risk.c, risk_np.py).
 */
import { readFileSync } from 'node:fs';
import { bookGreeks } from '../src/core/risk/book-greeks.ts';
import { exposureConcentration } from '../src/core/risk/concentration.ts';
import { deltaNormalVar } from '../src/core/risk/delta-normal-var.ts';
import { historicalVarFullRevaluation } from '../src/core/risk/historical-var-full-revaluation.ts';
import type { TailConventions } from '../src/core/risk/pnl-tail-measures.ts';
import type { RevaluationBook } from '../src/core/risk/revaluation-book.ts';
import { createRevaluationBook } from '../src/core/risk/revaluation-book.ts';
import { covarianceMatrix } from '../src/core/stats/covariance-matrix.ts';
import { SHARED_BENCH_DIR } from './shared-bench-dir.ts';

/** The shared workloads (../shared/bench/data beside this project). */
export const DEFAULT_DATA_DIR = join(SHARED_BENCH_DIR, 'data');
const CONTRACT_MULTIPLIER = 100;

/** market.txt: the 50 underlyings and T x 50 daily log returns. */
export interface W1Market {
  readonly underlyingCount: number;
  readonly days: number;
  readonly rate: number;
  readonly spot: Float64Array;
  readonly vol: Float64Array;
  readonly dividendYield: Float64Array;
  /** days x underlyingCount, row-major. */
  readonly logReturns: Float64Array;
}

/** positions_P{P}.txt: kind 0 stock / 1 call / 2 put, underlying, quantity (contracts for options), strike, days. */
export interface W1Positions {
  readonly count: number;
  readonly underlyingCount: number;
  readonly kind: Int32Array;
  readonly underlying: Int32Array;
  readonly quantity: Float64Array;
  readonly strike: Float64Array;
  readonly days: Int32Array;
}

const numbersIn = (path: string): number[] => readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);

export function loadW1Market(dataDir = DEFAULT_DATA_DIR): W1Market {
  const v = numbersIn(`${dataDir}/market.txt`);
  const u = v[0]!, days = v[1]!;
  const column = (k: number): Float64Array => Float64Array.from({ length: u }, (_, i) => v[4 + 5 * i + k]!);
  return {
    underlyingCount: u, days, rate: v[2]!, spot: column(0), vol: column(1), dividendYield: column(2),
    logReturns: Float64Array.from(v.slice(4 + 5 * u, 4 + 5 * u + days * u)),
  };
}

export function loadW1Positions(count: number, dataDir = DEFAULT_DATA_DIR): W1Positions {
  const v = numbersIn(`${dataDir}/positions_P${count}.txt`);
  const n = v[0]!;
  const field = (k: number): number[] => Array.from({ length: n }, (_, i) => v[2 + 5 * i + k]!);
  return {
    count: n, underlyingCount: v[1]!, kind: Int32Array.from(field(0)), underlying: Int32Array.from(field(1)),
    quantity: Float64Array.from(field(2)), strike: Float64Array.from(field(3)), days: Int32Array.from(field(4)),
  };
}

/** The book of W1: vol and dividend yield per underlying, one rate, tau = days / 365, units = contracts x 100. */
export function buildW1Book(market: W1Market, p: W1Positions): { book: RevaluationBook; stockUnderlying: Int32Array; stockUnits: Float64Array } {
  let options = 0;
  for (let i = 0; i < p.count; i++) if (p.kind[i] !== 0) options++;
  const book = createRevaluationBook(Array.from({ length: p.underlyingCount }, (_, u) => `U${u}`), options);
  for (let u = 0; u < p.underlyingCount; u++) {
    book.spots[u] = market.spot[u]!;
    book.dividendYields[u] = market.dividendYield[u]!;
  }
  const stockUnderlying = new Int32Array(p.count - options);
  const stockUnits = new Float64Array(p.count - options);
  let j = 0, s = 0;
  for (let i = 0; i < p.count; i++) {
    const u = p.underlying[i]!;
    if (p.kind[i] === 0) {
      book.stockUnits[u]! += p.quantity[i]!;
      stockUnderlying[s] = u;
      stockUnits[s++] = p.quantity[i]!;
      continue;
    }
    book.optionUnderlying[j] = u;
    book.optionIsCall[j] = p.kind[i] === 1 ? 1 : 0;
    book.optionStrike[j] = p.strike[i]!;
    book.optionTimeYears[j] = p.days[i]! / 365;
    book.optionVolatility[j] = market.vol[u]!;
    book.optionRate[j] = market.rate;
    book.optionDividendYield[j] = market.dividendYield[u]!;
    book.optionUnits[j] = p.quantity[i]! * CONTRACT_MULTIPLIER;
    book.optionPosition[j] = i;
    j++;
  }
  return { book, stockUnderlying, stockUnits };
}

/** The 12 check values every W1 implementation prints (raw units: vega per 1.00 vol, theta per year, rho per 1.00). */
export interface W1Check {
  readonly mv: number; readonly dexp: number; readonly gamma: number; readonly vega: number; readonly theta: number; readonly rho: number;
  readonly hvar95: number; readonly hvar99: number; readonly hes975: number; readonly pvar95: number; readonly pvar99: number; readonly hhi: number;
}

/** VaR_a = -x[floor(N(1-a))], ES_a = -mean of the worst ceil(N(1-a)): the peers' index rule. */
export const PEER_TAIL_CONVENTIONS: TailConventions = { quantileMethod: 'floor-index', expectedShortfallMethod: 'tail-mean' };

/**
 * One W1 job: book, Greeks and aggregates, covariance, historical full-revaluation VaR/ES over all
 * days (1-day ageing), delta-normal VaR, HHI over underlyings. Everything from the parsed files on.
 */
export function runW1(market: W1Market, p: W1Positions, conventions: TailConventions = PEER_TAIL_CONVENTIONS): W1Check {
  const { book, stockUnderlying, stockUnits } = buildW1Book(market, p);
  const u = p.underlyingCount;
  const days = market.days;
  const logReturns = new Float64Array(days * u);
  for (let t = 0; t < days; t++) logReturns.set(market.logReturns.subarray(t * market.underlyingCount, t * market.underlyingCount + u), t * u);

  const greeks = unwrap(bookGreeks({ book, stockPositions: { underlying: stockUnderlying, units: stockUnits } }));
  const nav = Math.abs(greeks.totals.value) || 1;
  const historical = unwrap(historicalVarFullRevaluation({
    book, logReturns, scenarioCount: days, netAssetValue: nav, confidences: [0.95, 0.975, 0.99], horizonDays: 1, conventions,
  }));
  const covariance = covarianceMatrix({ returns: { values: logReturns, rows: days, columns: u } });
  const parametric = unwrap(deltaNormalVar({ dollarDeltaByUnderlying: greeks.underlyings.dollarDelta, covariance, netAssetValue: nav }));
  const hhi = exposureConcentration({ exposures: greeks.underlyings.dollarDelta }).hhi;
  const [h95, h975, h99] = historical.measures;
  const [p95, p99] = parametric.measures;
  const t = greeks.totals;
  return {
    mv: t.value, dexp: t.dollarDelta, gamma: t.gamma, vega: t.vegaPerVolPoint * 100, theta: t.thetaPerDay * 365, rho: t.rhoPerPct * 100,
    hvar95: h95!.valueAtRisk.amount, hvar99: h99!.valueAtRisk.amount, hes975: h975!.expectedShortfall.amount,
    pvar95: p95!.valueAtRisk.amount, pvar99: p99!.valueAtRisk.amount, hhi,
  };
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
