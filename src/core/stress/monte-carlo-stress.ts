/**
 * Monte Carlo stress: the loss distribution of the book over a stressed horizon, from a mix of two
 * regimes, each simulated by the risk engine's Monte Carlo (monte-carlo-var.ts: Student-t or
 * t-copula shocks, grid full revaluation, seeded xoshiro256** streams):
 *
 * - calm regime: the daily covariance Sigma as given;
 * - stressed regime: vols x volatilityMultiplier and correlations rho' = c + (1 - c) rho
 *   (c = correlationFloor; a blend with the all-ones matrix, so positive semi-definite, and every
 *   non-negative correlation becomes at least c), and the options' implied vols moved by
 *   impliedVolRelative (sigma (1 + v)) from the start of the horizon: the stressed path P&L is
 *   V_stressed-vols(S e^x, aged) - V_today, i.e. the engine's path P&L on the vol-shocked book plus
 *   (value of the vol-shocked book today - value today).
 *
 * Paths: round(probability x pathCount) from the stressed regime and the rest from the calm one
 * (a stratified mixture: same distribution as drawing each path's regime, lower variance; a regime
 * never gets exactly one path). Seeds:
 * calm `seed`, stressed `seed + 1`. Log returns over horizonDays use Sigma x horizonDays; options
 * age horizonDays / 365. Tail statistics (VaR / ES, positive losses, type-7 quantile and
 * Acerbi-Tasche ES, with standard errors) and a histogram come from the mixed path P&L.
 */
import { bookGreeks } from '../risk/book-greeks.ts';
import { monteCarloVar } from '../risk/monte-carlo-var.ts';
import type { EsEstimate, MonteCarloVarResult, PnlHistogram, VarEstimate } from '../risk/monte-carlo-types.ts';
import { summarizePathPnl } from '../risk/monte-carlo-statistics.ts';
import type { RevaluationBook } from '../risk/revaluation-book.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { MonteCarloStressSpec } from './scenario-definition.ts';
import { simulationSpecProblems } from './validate-scenario.ts';

export interface MonteCarloStressInput {
  readonly book: RevaluationBook;
  /** Covariance of daily log returns, U x U row-major in book.underlyings order. */
  readonly dailyCovariance: Float64Array;
  readonly spec: MonteCarloStressSpec;
  /** Positive currency amount for the fractions. */
  readonly netAssetValue: number;
  /** Default [0.95, 0.99, 0.999] (spec.confidence is added when missing). */
  readonly confidences?: readonly number[];
  /** Default 50. */
  readonly histogramBins?: number;
}

export interface RegimeSummary {
  readonly pathCount: number;
  readonly seed: number;
  /** Mean path P&L of the regime, currency. */
  readonly meanPnl: number;
  readonly covarianceRepaired: boolean;
}

export interface MonteCarloStressResult {
  readonly method: 'monte-carlo-stress-two-regime';
  readonly pathCount: number;
  readonly distribution: MonteCarloStressSpec['distribution'];
  readonly horizonDays: number;
  readonly baseValue: number;
  readonly var: readonly VarEstimate[];
  readonly expectedShortfall: readonly EsEstimate[];
  /** ES at spec.confidence: the scenario's headline loss (positive, currency). */
  readonly headlineLoss: { readonly confidence: number; readonly amount: number; readonly fractionOfNav: number };
  readonly pnl: { readonly mean: number; readonly standardDeviation: number; readonly min: number; readonly max: number };
  readonly histogram: PnlHistogram;
  readonly regimes: { readonly calm: RegimeSummary; readonly stressed: RegimeSummary | null };
  /** Mixed path P&L: calm paths first, then stressed ones. */
  readonly pathPnl: Float64Array;
  readonly conventions: Readonly<Record<string, string>>;
}

export type MonteCarloStressErrorCode = 'INVALID_INPUT' | 'COVARIANCE_NOT_FACTORABLE' | 'MONTE_CARLO_COMPUTE_FAILED';

export function monteCarloStress(input: MonteCarloStressInput): Result<MonteCarloStressResult, MonteCarloStressErrorCode> {
  const { book, spec, dailyCovariance } = input;
  const u = book.underlyings.length;
  if (dailyCovariance.length !== u * u) return fail('INVALID_INPUT', `dailyCovariance must be ${u} x ${u}`);
  if (!(input.netAssetValue > 0 && Number.isFinite(input.netAssetValue))) return fail('INVALID_INPUT', 'netAssetValue must be finite and > 0');
  const problems = simulationSpecProblems(spec);
  if (problems.length > 0) return fail('INVALID_INPUT', `invalid Monte Carlo stress settings: ${problems.length} problem(s)`, problems);
  const confidences = [...new Set([...(input.confidences ?? [0.95, 0.99, 0.999]), spec.confidence])].sort((a, b) => a - b);
  const stressedCount = regimePathCount(spec);
  const calmCount = spec.pathCount - stressedCount;
  const common = {
    distribution: spec.distribution, horizonDays: spec.horizonDays, confidences: [0.5], gridCheckWindow: 0,
    includePathPnl: true, navAmount: input.netAssetValue,
  };
  const calm = calmCount > 0 ? monteCarloVar({ ...common, book, dailyCovariance, pathCount: calmCount, seed: spec.seed }) : null;
  if (calm !== null && !calm.ok) return calm;
  const stressedBook = { ...book, optionVolatility: book.optionVolatility.map((v) => v * (1 + spec.stressedRegime.impliedVolRelative)) };
  const stressed = stressedCount > 0
    ? monteCarloVar({
      ...common, book: stressedBook, pathCount: stressedCount, seed: spec.seed + 1,
      dailyCovariance: stressedCovariance(dailyCovariance, u, spec.stressedRegime.volatilityMultiplier, spec.stressedRegime.correlationFloor),
    })
    : null;
  if (stressed !== null && !stressed.ok) return stressed;
  const calmValue = calm?.value ?? null;
  const stressedValue = stressed?.value ?? null;
  let baseValue = calmValue?.baseValue;
  if (baseValue === undefined) {
    const g = bookGreeks({ book });
    if (!g.ok) return fail('INVALID_INPUT', g.error.message);
    baseValue = g.value.totals.value;
  }
  const offset = stressedValue === null ? 0 : stressedValue.baseValue - baseValue;
  const pnl = new Float64Array(spec.pathCount);
  if (calmValue !== null) pnl.set(calmValue.pathPnl!, 0);
  if (stressedValue !== null) {
    const s = stressedValue.pathPnl!;
    for (let p = 0; p < s.length; p++) pnl[calmCount + p] = s[p]! + offset;
  }
  const sorted = Float64Array.from(pnl).sort();
  const stats = summarizePathPnl({
    sortedPnl: sorted, confidences, navAmount: input.netAssetValue, quantileMethod: 'type7', esMethod: 'acerbi-tasche',
    histogramBins: input.histogramBins ?? 50,
  });
  const headline = stats.expectedShortfall.find((e) => e.confidence === spec.confidence)!;
  return ok({
    method: 'monte-carlo-stress-two-regime', pathCount: spec.pathCount, distribution: spec.distribution, horizonDays: spec.horizonDays, baseValue,
    var: stats.var, expectedShortfall: stats.expectedShortfall,
    headlineLoss: { confidence: spec.confidence, amount: headline.amount, fractionOfNav: headline.amount / input.netAssetValue },
    pnl: stats.pnl, histogram: stats.histogram,
    regimes: {
      calm: regimeSummary(calmValue, calmCount, spec.seed, 0),
      stressed: stressedValue === null ? null : regimeSummary(stressedValue, stressedCount, spec.seed + 1, offset),
    },
    pathPnl: pnl, conventions: conventionsOf(spec),
  });
}

/** D' R' D' with D' = multiplier x sd and R' = c + (1 - c) R off the diagonal. */
export function stressedCovariance(cov: Float64Array, u: number, volatilityMultiplier: number, correlationFloor: number): Float64Array {
  const out = new Float64Array(u * u);
  const sd = Float64Array.from({ length: u }, (_, i) => Math.sqrt(Math.max(cov[i * u + i]!, 0)));
  const m2 = volatilityMultiplier * volatilityMultiplier;
  for (let i = 0; i < u; i++) {
    for (let j = 0; j < u; j++) {
      if (i === j) { out[i * u + j] = cov[i * u + i]! * m2; continue; }
      const denom = sd[i]! * sd[j]!;
      const rho = denom > 0 ? cov[i * u + j]! / denom : 0;
      out[i * u + j] = (correlationFloor + (1 - correlationFloor) * rho) * denom * m2;
    }
  }
  return out;
}

/** round(probability x pathCount), moved so that no regime gets exactly one path (the engine needs two). */
export function regimePathCount(spec: MonteCarloStressSpec): number {
  const n = spec.pathCount;
  const s = Math.round(spec.stressedRegime.probability * n);
  if (s === 1) return 2;
  if (n - s === 1) return n;
  return s;
}

function regimeSummary(r: MonteCarloVarResult | null, pathCount: number, seed: number, offset: number): RegimeSummary {
  return { pathCount, seed, meanPnl: r === null ? 0 : r.pnl.mean + offset, covarianceRepaired: r?.covarianceRepaired ?? false };
}

function conventionsOf(spec: MonteCarloStressSpec): Record<string, string> {
  const r = spec.stressedRegime;
  return {
    distribution: spec.distribution.kind === 'student-t'
      ? `multivariate Student-t, df ${spec.distribution.degreesOfFreedom}, covariance = Sigma x horizonDays (scale Sigma (df - 2) / df)`
      : `t copula, df ${spec.distribution.degreesOfFreedom}, normal marginals N(0, Sigma_uu x horizonDays)`,
    regimes: `${Math.round(r.probability * spec.pathCount)} of ${spec.pathCount} paths stressed (stratified): vols x${r.volatilityMultiplier}, `
      + `correlations ${r.correlationFloor} + ${1 - r.correlationFloor} rho, implied vols x${1 + r.impliedVolRelative}`,
    horizon: `${spec.horizonDays} day(s): Sigma x horizonDays; options aged horizonDays / 365`,
    revaluation: 'full revaluation on a per-underlying log-spot grid (monte-carlo-grid.ts); European BSM, American Bjerksund-Stensland 2002',
    tail: 'VaR: type-7 quantile of the path P&L; ES: Acerbi-Tasche; positive losses',
    rng: `xoshiro256**; calm seed ${spec.seed}, stressed seed ${spec.seed + 1}`,
  };
}
