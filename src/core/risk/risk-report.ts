import type { AggregatedGreeks } from './aggregate-greeks.ts';
import type { VarMethodChoice } from './choose-var-method.ts';
import type { Concentration } from './concentration.ts';
import type { CorrelationRisk } from './correlation-risk.ts';
import type { Exposures } from './exposures.ts';
import type { LiquidityRisk } from './liquidity-risk.ts';
import type { NavPerformance } from './nav-performance.ts';
import type { PositionValuation } from './position-valuation.ts';
import type { RiskLevelResult } from './risk-level.ts';

/** A risk amount: positive loss in base currency and as a fraction of NAV. */
export interface LossEntry { readonly amount: number; readonly fraction: number | null }

/** Confidence level as a string key ("0.99") to the loss. */
export type ByConfidence = Record<string, LossEntry>;

export interface ReportIssue {
  readonly code: string;
  /** What the issue affects: a position id, an underlying, or a report section such as 'var.historical'. */
  readonly scope: string;
  readonly message: string;
}

export interface MethodInfo {
  readonly ok: boolean;
  readonly approximation?: boolean;
  readonly error?: { readonly code: string; readonly message: string };
  readonly details?: Readonly<Record<string, unknown>>;
}


export interface RiskReport {
  readonly portfolioId: string;
  readonly baseCurrency: string;
  readonly asOf: string;
  /** Oldest source timestamp among the quotes used; null when no quote was used. */
  readonly inputsAsOf: string | null;
  readonly inputAgeSeconds: number | null;
  readonly stale: boolean;
  readonly incomplete: boolean;
  readonly issues: readonly ReportIssue[];
  readonly nav: number;
  readonly cash: number;
  readonly marketValue: number;
  /** True when every position was valued, so `nav` covers the whole book (the monitor records only such NAVs). */
  readonly navComplete: boolean;
  readonly positions: readonly PositionValuation[];
  readonly greeks: AggregatedGreeks & { readonly betaWeightedDelta: { readonly benchmark: string | null; readonly dollars: number | null; readonly benchmarkUnits: number | null } };
  readonly exposures: Exposures;
  readonly var: Readonly<Record<string, ByConfidence | null>>;
  readonly es: Readonly<Record<string, ByConfidence | null>>;
  readonly methods: Readonly<Record<string, MethodInfo>>;
  readonly hybrid: VarMethodChoice;
  readonly drawdown: Pick<NavPerformance, 'maxDrawdown' | 'currentDrawdown' | 'peakNav' | 'observations'>;
  readonly volatility: { readonly exAnteAnnualized: number | null; readonly realizedAnnualized: number | null };
  readonly beta: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly performanceBasis: 'nav-history' | 'current-holdings-over-lookback' | null;
  /** null when there is no exposure at all. */
  readonly concentration: Concentration | null;
  readonly liquidity: LiquidityRisk;
  readonly correlation: CorrelationRisk;
  readonly riskLevel: RiskLevelResult;
  readonly conventions: Readonly<Record<string, string>>;
}

export const RISK_REPORT_CONVENTIONS: Readonly<Record<string, string>> = {
  losses: 'VaR and ES are positive losses: amount in base currency, fraction of NAV',
  confidenceKeys: 'confidence levels as string keys, e.g. "0.99"',
  horizon: 'horizonDays calendar days (default 1); historical uses overlapping horizonDays-day log returns, parametric and Monte Carlo scale the daily covariance by horizonDays; options age by horizonDays / 365 unless ageOptions=false',
  historical: 'historical simulation with full revaluation of every option: S\' = S exp(r), r = historical log return over the lookback; quantile R type 7; ES Acerbi-Tasche; the lookback is the last lookbackDays returns between consecutive dates all the book\'s underlyings share (HISTORY_SHORTER_THAN_LOOKBACK when there are fewer)',
  parametric: 'delta-normal and delta-gamma (Cornish-Fisher on the delta-gamma moments) are approximations; zero mean; sample covariance (n-1) of daily log returns',
  monteCarlo: 'zero-mean shocks with the sample covariance of log returns; seed, paths and distribution in methods.monteCarlo; full revaluation (grid per underlying, error reported)',
  pricing: 'European options Black-Scholes-Merton; American options Bjerksund-Stensland 2002 for base values, Greeks (central differences) and every scenario (the default American lattice where it does not apply; exact BSM where early exercise is never optimal); T = calendar days / 365 to the expiry close (21:00 UTC); an expired option is worth intrinsic with no Greeks',
  greeks: 'position Greeks: delta in shares, dollarDelta = delta x spot, gamma per 1 of spot, dollarGammaPer1Pct = gamma x spot^2 x 0.01, vega per vol point, theta per calendar day, rho per 1 %',
  exposure: 'equities at market value, options at dollar delta; leverage = gross / NAV',
  concentration: 'Herfindahl-Hirschman index of absolute exposure weights (0..1) and top-5 share',
  drawdown: 'from daily NAV history (last NAV of each UTC day, up to the valuation date) plus the current NAV when it covers every position; positive fractions',
  volatility: 'exAnte: sd of the current holdings\' 1-day historical P&L / NAV x sqrt(252) (each day\'s moves applied to today\'s book, options revalued in full and aged one day); realized: daily NAV returns x sqrt(252)',
  beta: 'cov(portfolio, benchmark) / var(benchmark) of simple returns of the current holdings over the lookback window, taken between consecutive dates the window and the benchmark share (a window date the benchmark lacks merges the returns on either side; the holdings are revalued under the summed log returns); null with a BENCHMARK_* issue when the benchmark shares fewer than minHistoryReturns returns',
  ratios: 'Sharpe and Sortino annualised (sqrt 252), Sortino MAR 0 over all observations; rf = base-currency rate; from the NAV history when it has enough daily returns, else from the current holdings\' 1-day P&L as for exAnte volatility',
  staleness: 'stale when the oldest quote used is older than monitoring.staleAfterSeconds; with a valuationDate, when the oldest close used is more than 5 calendar days before it',
};
