import { covarianceMatrix } from '../stats/covariance-matrix.ts';
import type { HistoryWindow } from './history-window.ts';

export interface CorrelationRisk {
  readonly underlyings: number;
  /** Mean of the pairwise correlations of the held underlyings' log returns over the lookback. */
  readonly averagePairwiseCorrelation: number | null;
  /** Same over the last `shortWindow` returns. */
  readonly averagePairwiseCorrelationShort: number | null;
  /** short - long: positive = correlations rising (diversification eroding). */
  readonly correlationShift: number | null;
  /** sum |e_u| sd_u / sd(portfolio), e = dollar delta per underlying; 1 = no diversification. */
  readonly diversificationRatio: number | null;
  readonly shortWindow: number;
}

/** Sample covariance (n-1) of the window's log returns from row `from` on. */
function covariance(window: HistoryWindow, from: number): Float64Array {
  const U = window.symbols.length;
  return covarianceMatrix({ returns: { values: window.logReturns.subarray(from * U), rows: window.dates.length - from, columns: U } });
}

function averageCorrelation(cov: Float64Array, U: number): number | null {
  if (U < 2) return null;
  let sum = 0; let pairs = 0;
  for (let i = 0; i < U; i++) for (let j = i + 1; j < U; j++) {
    const d = Math.sqrt((cov[i * U + i] as number) * (cov[j * U + j] as number));
    if (d > 0) { sum += (cov[i * U + j] as number) / d; pairs++; }
  }
  return pairs > 0 ? sum / pairs : null;
}

/** Correlation risk of the held underlyings; `dollarDelta` is aligned with `window.symbols`. */
export function correlationRisk(args: { window: HistoryWindow; dollarDelta: Float64Array; shortWindow: number }): CorrelationRisk {
  const U = args.window.symbols.length;
  const T = args.window.dates.length;
  if (U === 0 || T < 3) return { underlyings: U, averagePairwiseCorrelation: null, averagePairwiseCorrelationShort: null, correlationShift: null, diversificationRatio: null, shortWindow: args.shortWindow };
  const cov = covariance(args.window, 0);
  const long = averageCorrelation(cov, U);
  const short = T - args.shortWindow >= 0 && args.shortWindow >= 3 ? averageCorrelation(covariance(args.window, T - args.shortWindow), U) : null;
  let standalone = 0; let variance = 0;
  for (let i = 0; i < U; i++) {
    const ei = args.dollarDelta[i] as number;
    standalone += Math.abs(ei) * Math.sqrt(cov[i * U + i] as number);
    for (let j = 0; j < U; j++) variance += ei * (cov[i * U + j] as number) * (args.dollarDelta[j] as number);
  }
  const sdP = Math.sqrt(Math.max(variance, 0));
  return {
    underlyings: U, averagePairwiseCorrelation: long, averagePairwiseCorrelationShort: short,
    correlationShift: long !== null && short !== null ? short - long : null,
    diversificationRatio: sdP > 0 ? standalone / sdP : null, shortWindow: args.shortWindow,
  };
}
