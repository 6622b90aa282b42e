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
}

/** Everything the report needs that is computed from the snapshot before any VaR method runs. */
export interface PreparedRiskInputs {
  readonly portfolio: Portfolio; readonly positions: readonly Position[]; readonly snapshot: MarketSnapshot;
  readonly valuations: readonly PositionValuation[];
  readonly book: RevaluationBook; readonly window: HistoryWindow; readonly nav: number; readonly issues: ReportIssue[];
}

