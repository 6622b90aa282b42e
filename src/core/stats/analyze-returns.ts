/**
 * `analyzeReturns`: the return-statistics report of one portfolio price history, exactly the
 * response body of the returns-analysis endpoint. Pure: validation, then kernel calls.
 *
 * Decisions (also stated in every response under `conventions`):
 * - statistics, VaR/ES, Sharpe, Sortino and Omega use the series of `returnType` (simple by
 *   default; log = ln(1 + R_p)); drawdowns, total return, CAGR, Calmar and the recovery factor
 *   always use the simple-return wealth index; beta/alpha/correlation use simple returns;
 * - annualizedReturn is arithmetic (periodsPerYear * mean), sharpe and sortino are annualised;
 * - numbers undefined for the sample (a zero or missing denominator) are `null`.
 */
import { INVALID_INPUT } from '../shared/input-problem.ts';
import { fail, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { parseAnalyzeReturnsInput } from './analyze-returns-input.ts';
import type { AnalyzeReturnsInput } from './analyze-returns-input.ts';
import { betaAlpha } from './beta-alpha.ts';
import { drawdownAnalysis } from './drawdown-analysis.ts';
import { sortAscending } from './empirical-quantile.ts';
import { herfindahlIndex } from './herfindahl-index.ts';
import { historicalExpectedShortfall } from './historical-expected-shortfall.ts';
import { historicalVar } from './historical-var.ts';
import { moments } from './moments.ts';
import { cornishFisherVar, gaussianExpectedShortfall, gaussianVar } from './parametric-var.ts';
import { compoundAnnualGrowthRate, downsideDeviation, omegaRatio, sharpeRatio, sortinoRatio } from './performance-ratios.ts';
import { portfolioReturns } from './portfolio-returns.ts';
import { simpleReturns, simpleToLogReturns } from './price-returns.ts';
import { returnsConventions } from './returns-conventions.ts';
import type { ReturnsConventions } from './returns-conventions.ts';

export type { AnalyzeReturnsInput } from './analyze-returns-input.ts';

/** A number, or null where it is undefined for this sample (zero or missing denominator). */
export type Measure = number | null;
/** Confidence level as a string ("0.99") -> positive loss fraction. */
export type ByConfidence = Record<string, Measure>;

export interface ReturnsAnalysis {
  /** Number of returns (complete price rows - 1). */
  readonly n: number;
  readonly mean: Measure;
  readonly sd: Measure;
  readonly skewness: Measure;
  readonly excessKurtosis: Measure;
  readonly annualizedReturn: Measure;
  readonly annualizedVolatility: Measure;
  readonly totalReturn: Measure;
  readonly cagr: Measure;
  readonly sharpe: Measure;
  readonly sortino: Measure;
  readonly calmar: Measure;
  readonly omega: Measure;
  readonly downsideDeviation: Measure;
  readonly maxDrawdown: {
    readonly depth: Measure;
    /** null when there is no drawdown (depth 0). */
    readonly peakDate: string | null;
    readonly troughDate: string | null;
    /** null when not recovered by the last date (or no drawdown). */
    readonly recoveryDate: string | null;
    readonly peakToTroughPeriods: number;
    readonly peakToRecoveryPeriods: number | null;
  };
  readonly longestUnderwaterPeriods: number;
  readonly painIndex: Measure;
  readonly ulcerIndex: Measure;
  readonly recoveryFactor: Measure;
  readonly var: { readonly historical: ByConfidence; readonly gaussian: ByConfidence; readonly cornishFisher: ByConfidence };
  readonly es: { readonly historical: ByConfidence; readonly gaussian: ByConfidence };
  readonly beta?: Measure;
  readonly alpha?: Measure;
  readonly correlation?: Measure;
  readonly hhi: Measure;
  readonly conventions: ReturnsConventions;
}

const measure = (x: number): Measure => (Number.isFinite(x) ? x : null);

function byConfidence(levels: readonly number[], f: (confidence: number) => number): ByConfidence {
  const out: ByConfidence = {};
  for (const c of levels) out[String(c)] = measure(f(c));
  return out;
}

export function analyzeReturns(input: AnalyzeReturnsInput): Result<ReturnsAnalysis, typeof INVALID_INPUT> {
  const parsed = parseAnalyzeReturnsInput(input);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const { periodsPerYear, rfAnnual, confidenceLevels: levels } = p;

  const portfolio = portfolioReturns({ assetReturns: p.prices.map(simpleReturns), weights: p.weights, rebalance: p.rebalance });
  const simple = portfolio.simpleReturns;
  const series = p.returnType === 'log' ? simpleToLogReturns(simple) : simple;
  if (!series.every(Number.isFinite)) {
    // only possible with short weights: the portfolio lost more than its value, ln(1 + R) <= -infinity
    return fail(INVALID_INPUT, 'the portfolio value reaches zero or below, so its log returns are undefined', [
      { path: '/weights', message: 'with these (short) weights the portfolio value does not stay positive, so log returns are undefined' },
    ]);
  }
  const m = moments(series);
  const sorted = sortAscending(series);
  const dd = drawdownAnalysis(simple);
  const cagr = compoundAnnualGrowthRate({ simpleReturns: simple, periodsPerYear });
  const benchmark =
    p.benchmark === undefined
      ? undefined
      : betaAlpha({ returns: simple, benchmarkReturns: simpleReturns(p.benchmark.prices), rfAnnual, periodsPerYear });
  const hasDrawdown = dd.maxDrawdown > 0;
  const date = (i: number | null): string | null => (hasDrawdown && i !== null ? p.dates[i]! : null);

  return ok({
    n: m.n,
    mean: measure(m.mean),
    sd: measure(m.sd),
    skewness: measure(m.skewness),
    excessKurtosis: measure(m.excessKurtosis),
    annualizedReturn: measure(periodsPerYear * m.mean),
    annualizedVolatility: measure(m.sd * Math.sqrt(periodsPerYear)),
    totalReturn: measure(dd.totalReturn),
    cagr: measure(cagr),
    sharpe: measure(sharpeRatio({ returns: series, rfAnnual, periodsPerYear }).annualized),
    sortino: measure(sortinoRatio({ returns: series, periodsPerYear }).annualized),
    calmar: measure(cagr / dd.maxDrawdown),
    omega: measure(omegaRatio({ returns: series })),
    downsideDeviation: measure(downsideDeviation({ returns: series }).value),
    maxDrawdown: {
      depth: measure(dd.maxDrawdown),
      peakDate: date(dd.peakIndex),
      troughDate: date(dd.troughIndex),
      recoveryDate: date(dd.recoveryIndex),
      peakToTroughPeriods: dd.peakToTroughPeriods,
      peakToRecoveryPeriods: dd.peakToRecoveryPeriods,
    },
    longestUnderwaterPeriods: dd.longestUnderwaterPeriods,
    painIndex: measure(dd.painIndex),
    ulcerIndex: measure(dd.ulcerIndex),
    recoveryFactor: measure(dd.recoveryFactor),
    var: {
      historical: byConfidence(levels, (confidence) => historicalVar({ sortedReturns: sorted, confidence, quantileMethod: p.quantileMethod })),
      gaussian: byConfidence(levels, (confidence) => gaussianVar({ mean: m.mean, sd: m.sd, confidence })),
      cornishFisher: byConfidence(levels, (confidence) =>
        cornishFisherVar({ mean: m.mean, sd: m.sd, skewness: m.skewness, excessKurtosis: m.excessKurtosis, confidence })),
    },
    es: {
      historical: byConfidence(levels, (confidence) => historicalExpectedShortfall({ sortedReturns: sorted, confidence, method: p.esMethod })),
      gaussian: byConfidence(levels, (confidence) => gaussianExpectedShortfall({ mean: m.mean, sd: m.sd, confidence })),
    },
    ...(benchmark === undefined
      ? {}
      : { beta: measure(benchmark.beta), alpha: measure(benchmark.alphaAnnualized), correlation: measure(benchmark.correlation) }),
    hhi: measure(herfindahlIndex(p.weights).hhi),
    conventions: returnsConventions(p),
  });
}
