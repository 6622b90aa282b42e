import type { MarketSnapshot } from '../../core/market/market-snapshot.ts';
import type { Portfolio } from '../../core/portfolio/portfolio.ts';
import type { Position } from '../../core/portfolio/position.ts';
import type { HistoryWindow } from '../../core/risk/history-window.ts';
import type { MonteCarloVarRequest, MonteCarloVarResult } from '../../core/risk/monte-carlo-types.ts';
import type { PositionValuation } from '../../core/risk/position-valuation.ts';
import type { RevaluationBook } from '../../core/risk/revaluation-book.ts';
import type { RiskLevelPolicy } from '../../core/risk/risk-level.ts';
import type { ReportIssue } from '../../core/risk/risk-report.ts';
import type { Result } from '../../core/shared/result.ts';
import type { MonteCarloStressInput, MonteCarloStressResult } from '../../core/stress/index.ts';
import type { UseCaseDeps } from '../use-case-deps.ts';
import type { LimitDefinition, TradingState } from '../../core/limits/limit-definition.ts';
import type { BuildPreTradeStateInput, PreTradeState } from '../../core/limits/pre-trade-state.ts';
import type { PriceBar, Quote, ReferenceData } from '../../core/market/market-data.ts';
import type { NavPoint } from '../../core/portfolio/portfolio.ts';
import type { RiskReport } from '../../core/risk/risk-report.ts';
import type { LoadedSnapshot } from './load-market-snapshot.ts';

export interface RiskSettings {
  readonly baseCurrency: string;
  readonly lookbackDays: number;
  readonly minHistoryReturns: number;
  readonly confidenceLevels: readonly number[];
  readonly esConfidenceLevels: readonly number[];
  readonly staleAfterSeconds: number;
  readonly riskLevel: RiskLevelPolicy;
  readonly liquidity: { readonly participationRate: number; readonly illiquidDays: number };
  readonly monteCarlo: { readonly paths: number; readonly seed: number; readonly distribution: 'normal' | 'student-t' | 't-copula'; readonly degreesOfFreedom: number };
}

export type RiskMethodOption = 'hybrid' | 'historical' | 'parametric' | 'monte-carlo' | 'all';

export interface RiskReportOptions {
  readonly valuationDate?: string;
  readonly lookbackDays?: number | 'all';
  readonly method?: RiskMethodOption;
  readonly paths?: number;
  readonly seed?: number;
  readonly distribution?: 'normal' | 'student-t' | 't-copula';
  readonly df?: number;
  readonly horizonDays?: number;
  readonly ageOptions?: boolean;
  /** What-if: value these positions instead of the stored ones, with this cash. */
  readonly positions?: readonly Position[];
  readonly cash?: number;
}

/** Runs Monte Carlo VaR and Monte Carlo stress off the event loop (worker threads). */
export interface MonteCarloEngine {
  run(request: MonteCarloVarRequest): Promise<Result<MonteCarloVarResult>>;
  runStress(input: MonteCarloStressInput): Promise<Result<MonteCarloStressResult>>;
}

export interface RiskEngineDeps extends UseCaseDeps {
  readonly risk: RiskSettings;
  readonly monteCarlo: MonteCarloEngine;
  /** Where reports are computed; default this thread (production: a worker thread, off the order path's event loop). */
  readonly computer?: RiskCycleComputer;
}

/** Everything the report needs that is computed from the snapshot before any VaR method runs. */
export interface PreparedRiskInputs {
  readonly portfolio: Portfolio; readonly positions: readonly Position[]; readonly snapshot: MarketSnapshot;
  readonly valuations: readonly PositionValuation[];
  readonly book: RevaluationBook; readonly window: HistoryWindow; readonly nav: number; readonly issues: ReportIssue[];
}


/** What a risk report is computed from, read from storage at one instant (plain data: it can cross to a worker thread). */
export interface LoadedRiskInputs {
  readonly portfolio: Portfolio;
  readonly positions: readonly Position[];
  readonly navPoints: NavPoint[];
  readonly loaded: LoadedSnapshot;
  readonly lookbackDays: number;
  readonly horizonDays: number;
}

/**
 * Tradable names the portfolio does not hold: their quotes, daily closes and reference data (sector,
 * beta, average daily volume), so the gate judges an order on a new name by the same limits.
 */
export interface GateUniverse {
  readonly quotes: readonly Quote[];
  readonly history: ReadonlyMap<string, readonly PriceBar[]>;
  readonly reference: readonly ReferenceData[];
}

/** What the pre-trade gate needs besides the report to build its state (read from storage before the cycle). */
export interface GateContext {
  readonly limits: readonly LimitDefinition[];
  readonly limitsVersion: number;
  readonly validUntilMs: number | null;
  readonly tradingState: TradingState;
  /** Other tradable names (quotes, daily closes, reference data) so orders on names not yet held can be judged. */
  readonly universe: GateUniverse;
  readonly lookbackDays: number;
  readonly minReturns: number;
}

/** The gate's part of a risk cycle's request: what only the gate knows, plus its settings. */
export interface GateRequest {
  /** The portfolio's effective trading state now (firm kill switch merged). */
  readonly tradingState: TradingState;
  readonly lookbackDays: number;
  readonly minReturns: number;
}

/** One monitoring cycle's storage side (computeAndStoreCycle): plain data, so it can cross to a worker thread. */
export interface StoredCycleRequest {
  readonly portfolioId: string;
  /** The valuation instant (ISO). */
  readonly now: string;
  /** null: no gate state wanted. */
  readonly gate: GateRequest | null;
  /** Return the report's JSON text (someone is subscribed to the stream); it is stored either way. */
  readonly reportText: boolean;
}

export interface StoredCycleOutput {
  readonly headline: RiskReportHeadline;
  /** The whole report as JSON text, as stored (streamed as it is); '' unless the request asked for it. */
  readonly reportJson: string;
  /** The gate's state from this cycle, built where the cycle ran (null when the request had no gate part). */
  readonly gateState: Result<PreTradeState> | null;
  /** When the limits this state was built with stop being valid (an override expires); null: no end. */
  readonly validUntilMs: number | null;
}

/** Runs computeAndStoreCycle somewhere with its own storage access (a worker thread with its own connection). */
export interface RiskCycleRunner {
  run(request: StoredCycleRequest): Promise<Result<StoredCycleOutput>>;
}

export interface CycleComputeInput {
  readonly settings: RiskSettings;
  /** The valuation instant (ISO). */
  readonly now: string;
  readonly inputs: LoadedRiskInputs;
  readonly gate: GateContext | null;
  /** Report options (method, paths, horizon...); default the monitoring cycle's. */
  readonly options?: RiskReportOptions;
  /**
   * The report as JSON text (default: a monitoring cycle stores and streams it), as an object (an
   * API request answers with it), or not at all (only the gate input is wanted).
   */
  readonly reportAs?: 'json' | 'object' | 'none';
}

/** The report without its per-position list: what metrics, history and NAV points read. */
export type RiskReportHeadline = Omit<RiskReport, 'positions'>;

export interface CycleComputeOutput {
  /** The whole report as JSON text, serialised once (stored and streamed as it is); '' unless reportAs is 'json'. */
  readonly reportJson: string;
  readonly headline: RiskReportHeadline;
  /** The gate's state input from this cycle (null without a gate context). */
  readonly gateInput: Result<BuildPreTradeStateInput> | null;
  /** With reportAs 'object'. */
  readonly report?: RiskReport;
}

/** Runs computeCycle somewhere: on this thread, or on a worker thread. */
export interface RiskCycleComputer {
  compute(input: CycleComputeInput): Promise<CycleComputeOutput>;
}

