import type { LimitDefinition, TradingState } from '../../core/limits/limit-definition.ts';
import type { BuildPreTradeStateInput } from '../../core/limits/pre-trade-state.ts';
import type { PriceBar, Quote } from '../../core/market/market-data.ts';
import type { RiskReport } from '../../core/risk/risk-report.ts';
import type { Result } from '../../core/shared/result.ts';
import { buildGateStateInput } from '../pre-trade/build-gate-state.ts';
import { assembleRiskReport, prepareFromLoaded, type LoadedRiskInputs } from './compute-risk-report.ts';
import type { MonteCarloEngine, RiskSettings } from './risk-engine-types.ts';

/** What the pre-trade gate needs besides the report to build its state (read from storage before the cycle). */
export interface GateContext {
  readonly limits: readonly LimitDefinition[];
  readonly limitsVersion: string;
  readonly validUntilMs: number | null;
  readonly tradingState: TradingState;
  /** Other tradable names (quotes and daily closes) so orders on names not yet held can be judged. */
  readonly universe: { readonly quotes: readonly Quote[]; readonly history: ReadonlyMap<string, readonly PriceBar[]> };
  readonly lookbackDays: number;
  readonly minReturns: number;
}

export interface CycleComputeInput {
  readonly settings: RiskSettings;
  /** The valuation instant (ISO). */
  readonly now: string;
  readonly inputs: LoadedRiskInputs;
  readonly gate: GateContext | null;
}

/** The report without its per-position list: what metrics, history and NAV points read. */
export type RiskReportHeadline = Omit<RiskReport, 'positions'>;

export interface CycleComputeOutput {
  /** The whole report as JSON text, serialised once (stored and streamed as it is). */
  readonly reportJson: string;
  readonly headline: RiskReportHeadline;
  /** The gate's state input from this cycle (null without a gate context). */
  readonly gateInput: Result<BuildPreTradeStateInput> | null;
}

/**
 * The CPU-heavy part of a risk cycle, from inputs already read: valuation, every VaR method and
 * measure, the report's JSON and the gate's state input. Plain data in and out, so it can run on
 * a worker thread (RiskCycleComputer) and keep the event loop free for the order path.
 */
export async function computeCycle(input: CycleComputeInput, monteCarlo: MonteCarloEngine): Promise<CycleComputeOutput> {
  const now = new Date(input.now);
  const prepared = prepareFromLoaded(input.settings, input.inputs);
  const report = await assembleRiskReport({ risk: input.settings, clock: { now: () => now }, monteCarlo }, prepared);
  const gate = input.gate;
  const gateInput = gate === null ? null : buildGateStateInput({
    prepared, report, limits: gate.limits, limitsVersion: gate.limitsVersion, tradingState: gate.tradingState,
    universe: gate.universe, lookbackDays: gate.lookbackDays, minReturns: gate.minReturns,
  });
  const { positions: _positions, ...headline } = report;
  return { reportJson: JSON.stringify(report), headline, gateInput };
}

/** Runs computeCycle somewhere: on this thread, or on a worker thread. */
export interface RiskCycleComputer {
  compute(input: CycleComputeInput): Promise<CycleComputeOutput>;
}

export const inProcessCycleComputer = (monteCarlo: MonteCarloEngine): RiskCycleComputer => ({ compute: (input) => computeCycle(input, monteCarlo) });
