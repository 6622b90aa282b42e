/**
 * Request, result and plan types of Monte Carlo VaR / ES by full revaluation
 * (monte-carlo-var.ts). Amounts are in the book's currency; P&L is positive for a gain; VaR and
 * ES are reported as positive losses (CONVENTIONS.md).
 */
import type { Result } from '../shared/result.ts';
import type { EsMethod } from '../stats/historical-expected-shortfall.ts';
import type { QuantileMethod } from '../stats/empirical-quantile.ts';
import type { RevaluationBook } from './revaluation-book.ts';

/**
 * Joint distribution of the underlyings' log returns over the horizon (all zero mean):
 * - 'normal': x = sqrt(h) L z, Cov(x) = Sigma h;
 * - 'student-t': multivariate t with scale matrix Sigma (df - 2) / df, so Cov(x) = Sigma h exactly
 *   (df > 2): x = sqrt(h) L z sqrt((df - 2) / W), W ~ chi-squared(df), one W per path;
 * - 't-copula': Student-t dependence (dispersion matrix = the correlation matrix of Sigma, df > 0)
 *   with normal marginals: x_u = sd_u sqrt(h) Phi^-1(T_df(t_u)), t = L_R z sqrt(df / W). Each
 *   x_u is exactly N(0, Sigma_uu h); Pearson correlations are close to, not equal to, those of Sigma.
 */
export type MonteCarloDistribution =
  | { readonly kind: 'normal' }
  | { readonly kind: 'student-t'; readonly degreesOfFreedom: number }
  | { readonly kind: 't-copula'; readonly degreesOfFreedom: number };

/**
 * - 'grid' (default): the options on one underlying are priced once per underlying on a uniform
 *   grid in log spot and interpolated per path (see monte-carlo-grid.ts);
 * - 'exact': every option priced on every path (European: BSM; American: Bjerksund-Stensland 2002).
 */
export type RevaluationMode = 'grid' | 'exact';

export interface MonteCarloVarRequest {
  readonly book: RevaluationBook;
  /**
   * Covariance of DAILY log returns (flat row-major, U x U, order of `book.underlyings`), e.g. the
   * n-1 sample covariance over the lookback. Repaired to the nearest valid matrix if needed.
   */
  readonly dailyCovariance: Float64Array;
  readonly distribution?: MonteCarloDistribution;
  /** Default [0.95, 0.99]; each in (0, 1). */
  readonly confidences?: readonly number[];
  /** Default 1. Shocks use Sigma x horizonDays (square-root-of-time); options age horizonDays / 365 years. */
  readonly horizonDays?: number;
  /** Default true: options are revalued with time to expiry reduced by horizonDays / 365. */
  readonly ageOptions?: boolean;
  /** Default 10,000. */
  readonly pathCount?: number;
  /** Non-negative safe integer; default 1. */
  readonly seed?: number;
  readonly revaluation?: RevaluationMode;
  /** Grid cells per underlying (default 64). */
  readonly gridCells?: number;
  /** Paths re-priced exactly on each side of every VaR order statistic to measure the grid error (default 16; 0 = no check). */
  readonly gridCheckWindow?: number;
  /** Histogram bins of the path P&L (default 60). */
  readonly histogramBins?: number;
  /** Portfolio NAV for the fractions; default the book's marked value (stocks + options). */
  readonly navAmount?: number;
  /** VaR quantile rule (default 'type7'; 'floor-index' is the rule of the shared W2 peers). */
  readonly quantileMethod?: QuantileMethod;
  readonly esMethod?: EsMethod;
  /** Return the P&L of every path in `pathPnl` (default false). */
  readonly includePathPnl?: boolean;
}

export interface VarEstimate {
  readonly confidence: number;
  /** Positive loss in currency. */
  readonly amount: number;
  /** amount / NAV; null when the NAV is not positive. */
  readonly fractionOfNav: number | null;
  /** Standard error of the estimate in currency (see `conventions.standardError`). */
  readonly standardError: number;
  /** Distribution-free 95 % interval of the VaR from the binomial law of order statistics. */
  readonly interval95: { readonly lower: number; readonly upper: number };
}

export interface EsEstimate {
  readonly confidence: number;
  readonly amount: number;
  readonly fractionOfNav: number | null;
  /** Asymptotic standard error sqrt((Var(L | L >= VaR) + a (ES - VaR)^2) / (n (1 - a))), a = confidence. */
  readonly standardError: number;
}

export interface PnlHistogram {
  /** bins + 1 ascending edges in currency; bin i is [edges[i], edges[i + 1]) (the last bin is closed). */
  readonly edges: number[];
  readonly counts: number[];
}

export interface GridErrorReport {
  readonly method: string;
  /** Paths revalued both ways. */
  readonly checkedPathCount: number;
  /** max |grid P&L - exact P&L| over the checked paths, currency. */
  readonly maxAbsErrorPerPath: number;
  /** VaR from the grid vs VaR with the checked paths' exact P&L substituted, per confidence. */
  readonly var: readonly {
    readonly confidence: number;
    readonly gridAmount: number;
    readonly exactAmount: number;
    /** gridAmount - exactAmount, currency. */
    readonly difference: number;
    /** difference / |exactAmount|; null when the exact VaR is 0 and the grid's is not. */
    readonly relativeDifference: number | null;
  }[];
  /** True when the measured error is too small to move any unchecked path across a VaR order statistic. */
  readonly windowCoversError: boolean;
}

export interface MonteCarloVarResult {
  readonly method: 'monte-carlo-full-revaluation';
  readonly seed: number;
  readonly pathCount: number;
  readonly distribution: MonteCarloDistribution;
  readonly horizonDays: number;
  readonly ageOptions: boolean;
  readonly revaluation: RevaluationMode;
  readonly conventions: Readonly<Record<string, string>>;
  /** Marked value of the book before the shocks (currency). */
  readonly baseValue: number;
  readonly nav: { readonly amount: number; readonly source: 'request' | 'book-market-value' };
  readonly var: readonly VarEstimate[];
  readonly expectedShortfall: readonly EsEstimate[];
  readonly pnl: { readonly mean: number; readonly standardDeviation: number; readonly min: number; readonly max: number };
  readonly histogram: PnlHistogram;
  /** Grid runs with a check window: the measured interpolation error; otherwise null. */
  readonly gridError: GridErrorReport | null;
  /**
   * Grid runs: (path, underlying) shocks outside their grid (revalued exactly there) and options
   * too close to expiry for the grid (revalued exactly on every path); null in exact mode.
   */
  readonly gridFallback: { readonly shocksOutsideGrid: number; readonly optionsOffGrid: number } | null;
  readonly covarianceRepaired: boolean;
  readonly pathPnl?: Float64Array;
}

export type MonteCarloVarErrorCode = 'INVALID_INPUT' | 'COVARIANCE_NOT_FACTORABLE' | 'MONTE_CARLO_COMPUTE_FAILED';

/** Port shape: how the app asks for a Monte Carlo VaR (in-process or on a worker pool). */
export type RunMonteCarloVar = (request: MonteCarloVarRequest) => Promise<Result<MonteCarloVarResult, MonteCarloVarErrorCode>>;

/**
 * Everything the path kernels need, validated and derived once; plain data (typed arrays and
 * numbers), so it can be posted to worker threads by structured clone.
 */
export interface MonteCarloPlan {
  readonly book: RevaluationBook;
  readonly underlyingCount: number;
  readonly pathCount: number;
  /** Paths per RNG stream (512): block b uses the seed's generator jumped b times (2^128 steps each). */
  readonly pathsPerBlock: number;
  readonly blockCount: number;
  readonly seed: number;
  readonly distribution: MonteCarloDistribution;
  /** Lower-triangular factor (flat row-major) applied to the normals: sqrt(h) L for normal / t, L_R for the t copula. */
  readonly shockFactor: Float64Array;
  /** t copula: sd_u sqrt(h) per underlying (empty otherwise). */
  readonly marginalScale: Float64Array;
  readonly horizonDays: number;
  /** Years each option ages over the horizon (0 when ageOptions is false). */
  readonly agingYears: number;
  readonly revaluation: RevaluationMode;
  readonly gridCells: number;
  /** Per underlying: lower end of the grid in log return and the cell width. */
  readonly gridLowerLogReturn: Float64Array;
  readonly gridStepLogReturn: Float64Array;
  /** Value of every option today (unaged, current spot), currency per unit. */
  readonly optionBaseValue: Float64Array;
  readonly baseValue: number;
  readonly covarianceRepaired: boolean;
}
