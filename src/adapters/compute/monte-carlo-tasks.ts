/**
 * Messages between the Monte Carlo runner (main thread) and its worker threads. Everything is
 * plain data copied by structured clone, both ways (see monte-carlo-worker.ts for why not moved).
 */
import type { MonteCarloPlan } from '../../core/risk/monte-carlo-types.ts';
import type { CycleComputeInput, CycleComputeOutput } from '../../app/risk/compute-cycle.ts';
import type { RiskSettings, StoredCycleOutput, StoredCycleRequest } from '../../app/risk/risk-engine-types.ts';
import type { TailPaths } from '../../core/risk/monte-carlo-tail-paths.ts';
import type { Result } from '../../core/shared/result.ts';
import type { MonteCarloStressInput, MonteCarloStressResult } from '../../core/stress/index.ts';
import type { ImpliedVolatilityInput, PriceOptionInput } from '../../core/pricing/index.ts';
import type { ImpliedVolatilityOutcome, PriceResult } from '../../app/analytics/option-analytics-engine.ts';

/** Price the grids of underlyings [underlyingFrom, underlyingTo). */
export interface GridTask {
  readonly kind: 'mc-grid';
  readonly plan: MonteCarloPlan;
  readonly underlyingFrom: number;
  readonly underlyingTo: number;
}
/** The whole grid table, filled for the task's underlyings only. */
export interface GridReply {
  readonly table: Float64Array;
}

/** Simulate and revalue blocks [blockFrom, blockTo); keep the worst `tailKeep` paths' shocks (0 = none). */
export interface PathsTask {
  readonly kind: 'mc-paths';
  readonly plan: MonteCarloPlan;
  readonly grid: Float64Array | null;
  readonly blockFrom: number;
  readonly blockTo: number;
  readonly tailKeep: number;
}
export interface PathsReply {
  readonly pnl: Float64Array;
  readonly shocksOutsideGrid: number;
  readonly optionsOffGrid: number;
  readonly tail: TailPaths | null;
}

/** Exact P&L of the paths whose shocks are the rows of `rows`. */
export interface ExactTask {
  readonly kind: 'mc-exact';
  readonly plan: MonteCarloPlan;
  readonly rows: Float64Array;
}
export interface ExactReply {
  readonly pnl: Float64Array;
}

/** A whole Monte Carlo stress run (monte-carlo-stress.ts) on one worker. */
export interface StressTask {
  readonly kind: 'mc-stress';
  readonly input: MonteCarloStressInput;
}
export type StressReply = Result<MonteCarloStressResult>;

/** The CPU-heavy part of a risk cycle (app/risk/compute-cycle.ts) on one worker. */
export interface CycleTask {
  readonly kind: 'risk-cycle';
  readonly input: CycleComputeInput;
}
export type CycleReply = CycleComputeOutput;

/**
 * A whole monitoring cycle's storage side (app/risk/compute-and-store-cycle.ts) on one worker,
 * over that worker's own database connection (the pool's `database`).
 */
export interface StoredCycleTask {
  readonly kind: 'risk-cycle-stored';
  readonly settings: RiskSettings;
  readonly navHistoryIntervalSeconds: number;
  readonly latestReportIntervalSeconds: number;
  readonly request: StoredCycleRequest;
}
export type StoredCycleReply = Result<StoredCycleOutput>;

/** What every worker of the pool is started with. */
export interface MonteCarloWorkerData {
  /** The PostgreSQL server stored cycles read and write (each worker opens one connection on its first such task). */
  readonly database: { readonly kind: 'postgres'; readonly url: string; readonly schema?: string } | null;
}

/** Prices (with Greeks) of a slice of an analytics request's options. */
export interface PriceOptionsTask {
  readonly kind: 'price-options';
  readonly inputs: readonly PriceOptionInput[];
}
export type PriceOptionsReply = PriceResult[];

/** Implied volatilities of a slice of an analytics request's options. */
export interface ImpliedVolsTask {
  readonly kind: 'implied-vols';
  readonly inputs: readonly ImpliedVolatilityInput[];
}
export type ImpliedVolsReply = ImpliedVolatilityOutcome[];

export type MonteCarloTask = GridTask | PathsTask | ExactTask | StressTask | CycleTask | StoredCycleTask | PriceOptionsTask | ImpliedVolsTask;
