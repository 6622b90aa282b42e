import { buildGateStateInput } from '../pre-trade/build-gate-state.ts';
import { assembleRiskReport, prepareFromLoaded } from './compute-risk-report.ts';
import type { CycleComputeInput, CycleComputeOutput, MonteCarloEngine, RiskCycleComputer } from './risk-engine-types.ts';

export type { CycleComputeInput, CycleComputeOutput, GateContext, RiskCycleComputer, RiskReportHeadline } from './risk-engine-types.ts';

/**
 * The CPU-heavy part of a risk cycle, from inputs already read: valuation, every VaR method and
 * measure, the report's JSON and the gate's state input. Plain data in and out, so it can run on
 * a worker thread (RiskCycleComputer) and keep the event loop free for the order path.
 */
export async function computeCycle(input: CycleComputeInput, monteCarlo: MonteCarloEngine): Promise<CycleComputeOutput> {
  const now = new Date(input.now);
  const prepared = prepareFromLoaded(input.settings, input.inputs);
  const report = await assembleRiskReport({ risk: input.settings, clock: { now: () => now }, monteCarlo }, prepared, input.options ?? {});
  const gate = input.gate;
  const gateInput = gate === null ? null : buildGateStateInput({
    prepared, report, limits: gate.limits, limitsVersion: gate.limitsVersion, tradingState: gate.tradingState,
    universe: gate.universe, lookbackDays: gate.lookbackDays, minReturns: gate.minReturns,
  });
  const { positions: _positions, ...headline } = report;
  const as = input.reportAs ?? 'json';
  return { reportJson: as === 'json' ? JSON.stringify(report) : '', headline, gateInput, ...(as === 'object' ? { report } : {}) };
}

export const inProcessCycleComputer = (monteCarlo: MonteCarloEngine): RiskCycleComputer => ({ compute: (input) => computeCycle(input, monteCarlo) });
