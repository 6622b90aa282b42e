import { chooseVarMethod, type VarMethodChoice } from '../../core/risk/choose-var-method.ts';
import { deltaGammaVar } from '../../core/risk/delta-gamma-var.ts';
import { deltaNormalVar } from '../../core/risk/delta-normal-var.ts';
import { historicalVarFullRevaluation } from '../../core/risk/historical-var-full-revaluation.ts';
import { ALL_HISTORY, alignBenchmark, intervalLogReturns, type BenchmarkAlignment } from '../../core/risk/history-window.ts';
import type { MonteCarloDistribution } from '../../core/risk/monte-carlo-types.ts';
import type { TailMeasure } from '../../core/risk/pnl-tail-measures.ts';
import type { ByConfidence, MethodInfo, ReportIssue } from '../../core/risk/risk-report.ts';
import { covarianceMatrix } from '../../core/stats/covariance-matrix.ts';
import { sampleSd } from '../../core/stats/moments.ts';
import { sharpeRatio, sortinoRatio } from '../../core/stats/performance-ratios.ts';
import type { PreparedRiskInputs, RiskEngineDeps, RiskMethodOption } from './risk-engine-types.ts';

/** Keys of `var` / `es` in the report. */
export type VarKey = 'historical' | 'parametric-delta-normal' | 'parametric-delta-gamma' | 'monte-carlo';

export interface HoldingsStats {
  /** Current holdings over the lookback: sd of 1-day P&L / NAV x sqrt(252). */
  readonly volatilityAnnualized: number | null;
  readonly beta: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
}

export interface VarRun {
  readonly var: Record<string, ByConfidence | null>;
  readonly es: Record<string, ByConfidence | null>;
  readonly methods: Record<string, MethodInfo>;
  hybrid: VarMethodChoice;
  readonly issues: ReportIssue[];
  holdingsStats: HoldingsStats;
  /** Beta of each underlying against the benchmark (reference data first, else estimated); null without a benchmark. */
  betaByUnderlying: Map<string, number> | null;
}

export interface VarRunOptions {
  readonly method: RiskMethodOption; readonly horizonDays: number; readonly ageOptions: boolean;
  readonly paths: number; readonly seed: number; readonly distribution: MonteCarloDistribution;
}

const NO_STATS: HoldingsStats = { volatilityAnnualized: null, beta: null, sharpe: null, sortino: null };
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const KEYS: readonly VarKey[] = ['historical', 'parametric-delta-normal', 'parametric-delta-gamma', 'monte-carlo'];

function toEntries(measures: ReadonlyArray<{ confidence: number; var: number; es: number }>, varLevels: readonly number[], esLevels: readonly number[], nav: number) {
  const frac = (x: number) => (nav > 0 ? x / nav : null);
  const at = (c: number) => measures.find((m) => Math.abs(m.confidence - c) < 1e-12);
  return {
    var: Object.fromEntries(varLevels.map((c) => [String(c), { amount: at(c)?.var ?? Number.NaN, fraction: frac(at(c)?.var ?? Number.NaN) }])) as ByConfidence,
    es: Object.fromEntries(esLevels.map((c) => [String(c), { amount: at(c)?.es ?? Number.NaN, fraction: frac(at(c)?.es ?? Number.NaN) }])) as ByConfidence,
  };
}
const fromTail = (m: readonly TailMeasure[]) => m.map((x) => ({ confidence: x.confidence, var: x.valueAtRisk.amount, es: x.expectedShortfall.amount }));

/** Overlapping h-day log returns (sums of h consecutive daily returns): (T-h+1) x U. */
export function horizonReturns(daily: Float64Array, rows: number, cols: number, h: number): { values: Float64Array; rows: number } {
  if (h <= 1) return { values: daily, rows };
  const n = Math.max(rows - h + 1, 0);
  const out = new Float64Array(n * cols);
  for (let t = 0; t < n; t++) for (let u = 0; u < cols; u++) {
    let s = 0;
    for (let k = 0; k < h; k++) s += daily[(t + k) * cols + u] as number;
    out[t * cols + u] = s;
  }
  return { values: out, rows: n };
}

/**
 * Issue codes that inform without failing any cell of the report: every number is computed, on
 * what the message says. They should not make the report `incomplete` (compute-risk-report.ts).
 */
export const INFORMATIONAL_ISSUE_CODES: ReadonlySet<string> = new Set(['HISTORY_SHORTER_THAN_LOOKBACK']);
export const isInformationalIssue = (issue: ReportIssue): boolean => INFORMATIONAL_ISSUE_CODES.has(issue.code);

/** Scope of the issues that leave beta and the beta-weighted delta null. */
const BETA_SCOPE = 'beta';

/**
 * The benchmark's returns on the dates it shares with the window (alignBenchmark): beta is
 * cov / var of simple returns between consecutive shared dates, the holdings' return over such an
 * interval being their full revaluation under the window's log returns summed over it (one day
 * when the benchmark has every window date). Null without a benchmark; an issue when the
 * benchmark has no closes or shares fewer than `minReturns` returns with the window.
 */
function benchmarkSeries(p: PreparedRiskInputs, minReturns: number): { ok: true; alignment: BenchmarkAlignment } | { ok: false; issue: ReportIssue } | null {
  const symbol = p.portfolio.benchmarkSymbol;
  if (symbol === null) return null;
  const bars = p.snapshot.history.get(symbol) ?? [];
  const { window } = p;
  const span = `${window.baseDate ?? '?'}..${window.dates.at(-1) ?? '?'}`;
  if (bars.length === 0) return { ok: false, issue: { code: 'BENCHMARK_HISTORY_UNAVAILABLE', scope: BETA_SCOPE, message: `benchmark ${symbol} has no daily closes up to the valuation date; beta and beta-weighted delta need them` } };
  const alignment = alignBenchmark(window, bars);
  if (alignment.count < minReturns) {
    return { ok: false, issue: { code: 'BENCHMARK_HISTORY_SHORT', scope: BETA_SCOPE, message: `benchmark ${symbol} shares ${alignment.count} daily returns with the ${window.dates.length}-return history window (${span}); at least ${minReturns} are needed for beta` } };
  }
  return { ok: true, alignment };
}

function covarianceWith(x: Float64Array, y: Float64Array): { cov: number; varY: number } {
  const n = x.length;
  let mx = 0; let my = 0;
  for (let i = 0; i < n; i++) { mx += x[i] as number; my += y[i] as number; }
  mx /= n; my /= n;
  let cov = 0; let vy = 0;
  for (let i = 0; i < n; i++) { cov += ((x[i] as number) - mx) * ((y[i] as number) - my); vy += ((y[i] as number) - my) ** 2; }
  return { cov: cov / (n - 1), varY: vy / (n - 1) };
}

/**
 * Runs the VaR/ES methods a request asks for on one prepared snapshot. 'hybrid' runs historical
 * and parametric and adds Monte Carlo only when the hybrid rule picks it; 'all' runs every method.
 */
export async function varByMethod(deps: Pick<RiskEngineDeps, 'risk' | 'monteCarlo'>, p: PreparedRiskInputs, o: VarRunOptions): Promise<VarRun> {
  const s = deps.risk;
  const levels = [...new Set([...s.confidenceLevels, ...s.esConfidenceLevels])].sort();
  const out: VarRun = { var: {}, es: {}, methods: {}, hybrid: chooseVarMethod({ scenarios: 0, minScenarios: s.minHistoryReturns, optionShare: 0, nonLinearity: null }), issues: [], holdingsStats: NO_STATS, betaByUnderlying: null };
  const { book, window, nav } = p;
  const U = book.underlyings.length;
  const wanted = (key: VarKey): boolean => o.method === 'all' || (o.method === 'hybrid' && key !== 'monte-carlo')
    || (o.method === 'historical' && key === 'historical') || (o.method === 'parametric' && key.startsWith('parametric')) || (o.method === 'monte-carlo' && key === 'monte-carlo');
  const failCell = (key: VarKey, code: string, message: string) => {
    out.var[key] = null; out.es[key] = null;
    out.methods[key] = { ok: false, error: { code, message } };
    out.issues.push({ code, scope: `var.${key}`, message });
  };
  const store = (key: VarKey, measures: ReadonlyArray<{ confidence: number; var: number; es: number }>, info: MethodInfo) => {
    const e = toEntries(measures, s.confidenceLevels, s.esConfidenceLevels, nav);
    out.var[key] = e.var; out.es[key] = e.es; out.methods[key] = info;
  };
  if (U === 0) {
    // A book of cash alone (or whose only positions failed to value, each listed in the issues):
    // nothing in it moves with the market, so every method's loss is 0, not unknown.
    const zero = levels.map((confidence) => ({ confidence, var: 0, es: 0 }));
    for (const k of KEYS) if (wanted(k)) store(k, zero, { ok: true, details: { note: 'no valued position carries market risk: VaR and ES are 0' } });
    out.hybrid = { method: 'historical', reason: 'no valued position carries market risk: every method gives 0', inputs: { scenarios: 0, optionShare: 0, nonLinearity: null } };
    const e = toEntries(zero, s.confidenceLevels, s.esConfidenceLevels, nav);
    out.var.hybrid = e.var; out.es.hybrid = e.es;
    return out;
  }
  if (window.symbols.length !== U) {
    const missing = window.missing.map((m) => m.symbol).join(', ');
    for (const k of KEYS) if (wanted(k) || (o.method === 'hybrid' && k === 'monte-carlo')) failCell(k, 'HISTORY_UNAVAILABLE', `not enough common daily history for ${missing}`);
    return out;
  }
  if (window.dates.length < window.requestedReturns && window.requestedReturns < ALL_HISTORY) {
    // every measure is still computed, on all the common history there is
    out.issues.push({
      code: 'HISTORY_SHORTER_THAN_LOOKBACK', scope: 'book',
      message: `the book's underlyings share ${window.dates.length} daily returns (${window.baseDate ?? '?'}..${window.dates.at(-1) ?? '?'}); ${window.requestedReturns} were asked for (lookbackDays${o.horizonDays > 1 ? ` + horizonDays - 1` : ''}): history-based measures use the ${window.dates.length}`,
    });
  }
  if (!(nav > 0)) {
    for (const k of KEYS) if (wanted(k)) failCell(k, 'NAV_NOT_POSITIVE', `NAV ${nav} is not positive; loss fractions are undefined`);
    return out;
  }
  const T = window.dates.length;
  const covariance = covarianceMatrix({ returns: { values: window.logReturns, rows: T, columns: U } });

  // Dollar delta and dollar gamma per underlying, in book order (failed positions excluded, as in the book).
  const index = new Map(book.underlyings.map((u, i) => [u, i]));
  const e = new Float64Array(U); const g = new Float64Array(U);
  let optionAbs = 0; let grossAbs = 0;
  for (const v of p.valuations) {
    if (v.status !== 'ok') continue;
    const i = index.get(v.underlying);
    if (i === undefined) continue;
    e[i] = (e[i] as number) + v.greeks.dollarDelta;
    g[i] = (g[i] as number) + v.greeks.dollarGammaPer1Pct;
    const abs = Math.abs(v.assetClass === 'equity' ? v.marketValue : v.greeks.dollarDelta) + (v.assetClass === 'option' ? Math.abs(v.marketValue) : 0);
    grossAbs += abs;
    if (v.assetClass === 'option') optionAbs += abs;
  }

  // Current holdings over the lookback: each day's moves applied to today's book, options aged one
  // day (theta is part of a day's P&L, as in the historical VaR): ex-ante volatility, beta, ratios.
  const stats = historicalVarFullRevaluation({ book, logReturns: window.logReturns, scenarioCount: T, netAssetValue: nav, horizonDays: 1, confidences: levels });
  const series = benchmarkSeries(p, s.minHistoryReturns);
  if (series !== null && !series.ok) out.issues.push(series.issue);
  const aligned = series?.ok === true ? series.alignment : null;
  // the window's log returns summed over each interval between dates shared with the benchmark
  const intervalLogs = aligned === null ? null : aligned.aligned ? window.logReturns : intervalLogReturns(window, aligned);
  if (stats.ok) {
    const r = stats.value.scenarioPnl.map((x) => x / nav);
    const rf = p.snapshot.rate === null ? 0 : Math.expm1(p.snapshot.rate);
    let beta: number | null = null;
    if (aligned !== null && intervalLogs !== null) {
      const holdings = aligned.aligned ? r : (() => {
        const v = historicalVarFullRevaluation({ book, logReturns: intervalLogs, scenarioCount: aligned.count, netAssetValue: nav, horizonDays: 0, confidences: levels });
        return v.ok ? v.value.scenarioPnl.map((x) => x / nav) : null;
      })();
      const c = holdings === null ? null : covarianceWith(holdings, aligned.benchmarkReturns);
      if (c !== null && c.varY > 0) beta = c.cov / c.varY;
      else if (c !== null) out.issues.push({ code: 'BENCHMARK_RETURNS_CONSTANT', scope: BETA_SCOPE, message: `benchmark ${p.portfolio.benchmarkSymbol ?? ''} does not move over the ${aligned.count} returns it shares with the history window; beta is undefined` });
    }
    out.holdingsStats = {
      volatilityAnnualized: finiteOrNull(sampleSd(r) * Math.sqrt(252)), beta,
      sharpe: finiteOrNull(sharpeRatio({ returns: r, rfAnnual: rf, periodsPerYear: 252 }).annualized),
      sortino: finiteOrNull(sortinoRatio({ returns: r, periodsPerYear: 252 }).annualized),
    };
  }
  if (aligned !== null && intervalLogs !== null) {
    out.betaByUnderlying = new Map(book.underlyings.map((u, i) => {
      const ref = p.snapshot.reference.get(u)?.beta;
      if (ref !== null && ref !== undefined) return [u, ref];
      const col = Float64Array.from({ length: aligned.count }, (_, j) => Math.expm1(intervalLogs[j * U + i] as number));
      const c = covarianceWith(col, aligned.benchmarkReturns);
      return [u, c.varY > 0 ? c.cov / c.varY : 1];
    }));
  }

  const horizon = o.horizonDays;
  const hCov = covariance.map((x) => x * horizon);
  const dn = deltaNormalVar({ dollarDeltaByUnderlying: e, covariance: hCov, netAssetValue: nav, confidences: levels });
  const dg = deltaGammaVar({ dollarDeltaByUnderlying: e, dollarGammaPer1PctByUnderlying: g, covariance: hCov, netAssetValue: nav, confidences: levels });
  const dnVar99 = dn.ok ? dn.value.measures.at(-1)?.valueAtRisk.amount ?? null : null;
  const dgVar99 = dg.ok ? dg.value.measures.at(-1)?.valueAtRisk.amount ?? null : null;
  const nonLinearity = dnVar99 !== null && dgVar99 !== null && dnVar99 > 0 ? Math.abs(dgVar99 / dnVar99 - 1) : null;
  const hist = horizonReturns(window.logReturns, T, U, horizon);
  out.hybrid = chooseVarMethod({ scenarios: hist.rows, minScenarios: s.minHistoryReturns, optionShare: grossAbs > 0 ? optionAbs / grossAbs : 0, nonLinearity });

  if (wanted('historical')) {
    if (hist.rows < s.minHistoryReturns) failCell('historical', 'HISTORY_UNAVAILABLE', `${hist.rows} scenarios of ${horizon}-day returns; at least ${s.minHistoryReturns} needed`);
    else {
      const r = historicalVarFullRevaluation({ book, logReturns: hist.values, scenarioCount: hist.rows, netAssetValue: nav, horizonDays: o.ageOptions ? horizon : 0, confidences: levels });
      if (r.ok) store('historical', fromTail(r.value.measures), { ok: true, details: { scenarios: r.value.scenarioCount, horizonDays: horizon, ageOptions: o.ageOptions, firstDate: window.dates[0] ?? null, lastDate: window.dates.at(-1) ?? null, worstScenarioDate: window.dates[r.value.worstScenarioIndex + horizon - 1] ?? null, conventions: r.value.conventions } });
      else failCell('historical', r.error.code, r.error.message);
    }
  }
  if (wanted('parametric-delta-normal')) {
    if (dn.ok) store('parametric-delta-normal', fromTail(dn.value.measures), { ok: true, approximation: true, details: { pnlStandardDeviation: dn.value.pnlStandardDeviation, horizonDays: horizon, conventions: { ...dn.value.conventions, horizonDays: horizon } } });
    else failCell('parametric-delta-normal', dn.error.code, dn.error.message);
  }
  if (wanted('parametric-delta-gamma')) {
    if (dg.ok) store('parametric-delta-gamma', fromTail(dg.value.measures), { ok: true, approximation: true, details: { moments: dg.value.moments, horizonDays: horizon, conventions: { ...dg.value.conventions, horizonDays: horizon } } });
    else failCell('parametric-delta-gamma', dg.error.code, dg.error.message);
  }
  if (wanted('monte-carlo') || (o.method === 'hybrid' && out.hybrid.method === 'monte-carlo')) {
    const mc = await deps.monteCarlo.run({
      book, dailyCovariance: covariance, distribution: o.distribution, confidences: levels, horizonDays: horizon,
      ageOptions: o.ageOptions, pathCount: o.paths, seed: o.seed, navAmount: nav,
    });
    if (mc.ok) {
      const m = mc.value;
      store('monte-carlo', m.var.map((v) => ({ confidence: v.confidence, var: v.amount, es: m.expectedShortfall.find((x) => Math.abs(x.confidence - v.confidence) < 1e-12)?.amount ?? Number.NaN })), {
        ok: true, details: { seed: m.seed, paths: m.pathCount, distribution: m.distribution, horizonDays: m.horizonDays, ageOptions: m.ageOptions, revaluation: m.revaluation, standardErrors: m.var.map((v) => ({ confidence: v.confidence, standardError: v.standardError })), gridError: m.gridError ?? null, histogram: m.histogram, conventions: m.conventions },
      });
    } else failCell('monte-carlo', mc.error.code, mc.error.message);
  }
  const chosen = out.hybrid.method;
  if (chosen !== null && out.var[chosen] != null) { out.var.hybrid = out.var[chosen] ?? null; out.es.hybrid = out.es[chosen] ?? null; }
  return out;
}
