/**
 * Loads the shared benchmark data (../shared/bench/data, format in gen_data.mjs and
 * py/common.py) as a RevaluationBook plus the daily log-return covariance, for workload W2.
 *
 * market.txt: `U T r NS`, then U rows `spot vol div beta sector`, then T x U daily log returns.
 * positions_P{P}.txt: `P U`, then P rows `kind und qty K days` (kind 0 stock in shares, 1 call,
 * 2 put in contracts of 100; European; time to expiry days / 365).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRevaluationBook } from '../src/core/risk/revaluation-book.ts';
import type { RevaluationBook } from '../src/core/risk/revaluation-book.ts';
import { covarianceMatrix } from '../src/core/stats/covariance-matrix.ts';
import { SHARED_BENCH_DIR } from './shared-bench-dir.ts';

export const W2_DATA_DIR = process.env['W2_DATA'] ?? join(SHARED_BENCH_DIR, 'data');
const MULTIPLIER = 100;

export interface W2Data {
  readonly book: RevaluationBook;
  readonly dailyCovariance: Float64Array;
  readonly positionCount: number;
}

function numbers(path: string): number[] {
  return readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
}

export function loadW2Data({ positionCount, dataDir = W2_DATA_DIR }: { positionCount: number; dataDir?: string }): W2Data {
  const m = numbers(join(dataDir, 'market.txt'));
  const [marketU, days, rate] = [m[0]!, m[1]!, m[2]!];
  const p = numbers(join(dataDir, `positions_P${positionCount}.txt`));
  const [count, u] = [p[0]!, p[1]!];
  const rows = Array.from({ length: count }, (_, i) => p.slice(2 + 5 * i, 7 + 5 * i) as [number, number, number, number, number]);
  const options = rows.filter((r) => r[0] !== 0);
  const book = createRevaluationBook(Array.from({ length: u }, (_, i) => `U${i}`), options.length);
  for (let i = 0; i < u; i++) {
    book.spots[i] = m[4 + 5 * i]!;
    book.dividendYields[i] = m[4 + 5 * i + 2]!;
  }
  let k = 0;
  rows.forEach(([kind, und, qty, strike, daysToExpiry], position) => {
    if (kind === 0) {
      book.stockUnits[und]! += qty;
      return;
    }
    book.optionUnderlying[k] = und;
    book.optionIsCall[k] = kind === 1 ? 1 : 0;
    book.optionIsAmerican[k] = 0;
    book.optionStrike[k] = strike;
    book.optionTimeYears[k] = daysToExpiry / 365;
    book.optionVolatility[k] = m[4 + 5 * und + 1]!;
    book.optionRate[k] = rate;
    book.optionDividendYield[k] = m[4 + 5 * und + 2]!;
    book.optionUnits[k] = qty * MULTIPLIER;
    book.optionPosition[k] = position;
    k++;
  });
  // returns of the first u underlyings, T x u row-major
  const base = 4 + 5 * marketU;
  const values = new Float64Array(days * u);
  for (let t = 0; t < days; t++) for (let j = 0; j < u; j++) values[t * u + j] = m[base + t * marketU + j]!;
  return { book, dailyCovariance: covarianceMatrix({ returns: { values, rows: days, columns: u } }), positionCount: count };
}
