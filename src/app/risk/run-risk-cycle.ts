import type { BuildPreTradeStateInput } from '../../core/limits/pre-trade-state.ts';
import { JsonText } from '../../core/shared/json-text.ts';
import { ok, type Result } from '../../core/shared/result.ts';
import type { RiskMetricsSink, RiskPublisher } from '../ports.ts';
import { inProcessCycleComputer, type GateContext, type RiskReportHeadline } from './compute-cycle.ts';
import { loadRiskInputs } from './compute-risk-report.ts';
import type { RiskEngineDeps } from './risk-engine-types.ts';

/** How the pre-trade gate takes part in each cycle. */
export interface PreTradeCycleHooks {
  /** Read before the computation: the limits in force, the trading state and the tradable universe. */
  context(portfolioId: string, heldSymbols: readonly string[]): Promise<GateContext>;
  /** The gate's state input from this cycle (and limit monitoring on it). */
  onState(portfolioId: string, input: Result<BuildPreTradeStateInput>, validUntilMs: number | null): Promise<void>;
  /** Told when a portfolio has no report (deleted, or its inputs failed). */
  onNoReport(portfolioId: string, code: string, message: string): void;
}

export interface RiskCycleDeps extends RiskEngineDeps {
  readonly publisher: RiskPublisher;
  readonly metrics: RiskMetricsSink;
  /** Least time between two NAV points written by the valuation loop. */
  readonly navHistoryIntervalSeconds: number;
  readonly preTrade?: PreTradeCycleHooks;
}

const LEVEL_INDEX = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 } as const;

/** The compact per-cycle record kept as risk history. */
export function riskSummary(r: RiskReportHeadline): Record<string, unknown> {
  const v = r.var.hybrid ?? r.var.historical ?? r.var['parametric-delta-normal'] ?? null;
  const e = r.es.hybrid ?? r.es.historical ?? null;
  return {
    nav: r.nav, var95: v?.['0.95'] ?? null, var99: v?.['0.99'] ?? null, es975: e?.['0.975'] ?? null, varMethod: r.hybrid.method,
    dollarDelta: r.greeks.total.dollarDelta, dollarGammaPer1Pct: r.greeks.total.dollarGammaPer1Pct, vegaPerVolPoint: r.greeks.total.vegaPerVolPoint,
    thetaPerDay: r.greeks.total.thetaPerDay, grossExposure: r.exposures.gross, leverage: r.exposures.leverage,
    currentDrawdown: r.drawdown.currentDrawdown, maxDrawdown: r.drawdown.maxDrawdown, volatility: r.volatility.exAnteAnnualized,
    riskLevel: r.riskLevel.level, riskLevelIndex: LEVEL_INDEX[r.riskLevel.level], riskScore: r.riskLevel.score,
    stale: r.stale, incomplete: r.incomplete,
  };
}

/**
 * One monitoring cycle for one portfolio: read the inputs, compute the report (on the computer's
 * thread), keep it as the latest and in the history, append a NAV point (complete reports only, at
 * most one per interval), export the gauges, push it to subscribers and hand the gate its new state.
 */
export async function runRiskCycle(deps: RiskCycleDeps, portfolioId: string): Promise<Result<RiskReportHeadline>> {
  const started = performance.now();
  const now = deps.clock.now();
  const inputs = await loadRiskInputs(deps, portfolioId);
  if (!inputs.ok) {
    if (inputs.error.code === 'PORTFOLIO_NOT_FOUND') deps.metrics.forget(portfolioId);
    deps.preTrade?.onNoReport(portfolioId, inputs.error.code, inputs.error.message);
    return inputs;
  }
  const gate = deps.preTrade === undefined ? null : await deps.preTrade.context(portfolioId, inputs.value.loaded.underlyings);
  const computer = deps.computer ?? inProcessCycleComputer(deps.monteCarlo);
  const { reportJson, headline, gateInput } = await computer.compute({ settings: deps.risk, now: now.toISOString(), inputs: inputs.value, gate });
  const at = headline.asOf;
  await deps.storage.riskReports.saveLatest(portfolioId, at, new JsonText(reportJson));
  await deps.storage.riskReports.appendHistory({ portfolioId, at, summary: riskSummary(headline) });
  if (!headline.incomplete && !headline.stale) {
    const last = (await deps.storage.navHistory.list(portfolioId, { limit: 1 }))[0];
    if (last === undefined || Date.parse(at) - Date.parse(last.at) >= deps.navHistoryIntervalSeconds * 1000) {
      await deps.storage.navHistory.append([{ portfolioId, at, nav: headline.nav, cash: headline.cash, marketValue: headline.marketValue, source: 'valuation' }]);
    }
  }
  deps.metrics.record(headline, (performance.now() - started) / 1000);
  deps.publisher.publish(portfolioId, { type: 'risk-report', portfolioId, report: new JsonText(reportJson) });
  if (deps.preTrade !== undefined && gateInput !== null && gate !== null) await deps.preTrade.onState(portfolioId, gateInput, gate.validUntilMs);
  return ok(headline);
}
