import type { PreTradeState } from '../../core/limits/pre-trade-state.ts';
import { JsonText } from '../../core/shared/json-text.ts';
import { ok, type Result } from '../../core/shared/result.ts';
import type { RiskMetricsSink, RiskPublisher } from '../ports.ts';
import { computeAndStoreCycle, type StoredCycleDeps } from './compute-and-store-cycle.ts';
import type { GateRequest, RiskCycleRunner, RiskEngineDeps, RiskReportHeadline } from './risk-engine-types.ts';

/** How the pre-trade gate takes part in each cycle. */
export interface PreTradeCycleHooks {
  /** The gate's part of the cycle's request (its trading state now and its settings). */
  gateRequest(portfolioId: string): GateRequest;
  /** The gate's state from this cycle, or why there is none (and limit monitoring on it). */
  onState(portfolioId: string, state: Result<PreTradeState>, validUntilMs: number | null): Promise<void>;
  /** Told when a portfolio has no report (deleted, or its inputs failed). */
  onNoReport(portfolioId: string, code: string, message: string): void;
}

export interface RiskCycleDeps extends RiskEngineDeps {
  readonly publisher: RiskPublisher;
  readonly metrics: RiskMetricsSink;
  /** Least time between two NAV points written by the valuation loop. */
  readonly navHistoryIntervalSeconds: number;
  /** How often the full latest report is written (StoredCycleDeps.latestReport); default every cycle. */
  readonly latestReport?: NonNullable<StoredCycleDeps['latestReport']>;
  readonly preTrade?: PreTradeCycleHooks;
  /**
   * Where the cycle's reads, computation and writes run: default this thread, through `storage`
   * (and `computer` for the computation); on a PostgreSQL server, a worker thread with its own
   * connection (ADR 0005).
   */
  readonly runner?: RiskCycleRunner;
}

/**
 * One monitoring cycle for one portfolio: read the inputs, compute the report, keep it as the
 * latest and in the history, append a NAV point (computeAndStoreCycle, on the runner's thread);
 * then, on this one, export the gauges, push the report to subscribers and hand the gate its new state.
 */
export async function runRiskCycle(deps: RiskCycleDeps, portfolioId: string): Promise<Result<RiskReportHeadline>> {
  const started = performance.now();
  const request = { portfolioId, now: deps.clock.now().toISOString(), gate: deps.preTrade?.gateRequest(portfolioId) ?? null, reportText: deps.publisher.wants(portfolioId) };
  const out = deps.runner === undefined ? await computeAndStoreCycle({ ...deps, stores: deps.storage }, request) : await deps.runner.run(request);
  if (!out.ok) {
    if (out.error.code === 'PORTFOLIO_NOT_FOUND') deps.metrics.forget(portfolioId);
    deps.preTrade?.onNoReport(portfolioId, out.error.code, out.error.message);
    return out;
  }
  const { headline, reportJson, gateState, validUntilMs } = out.value;
  deps.metrics.record(headline, (performance.now() - started) / 1000);
  if (reportJson !== '') deps.publisher.publish(portfolioId, { type: 'risk-report', portfolioId, report: new JsonText(reportJson) });
  if (deps.preTrade !== undefined && gateState !== null) await deps.preTrade.onState(portfolioId, gateState, validUntilMs);
  return ok(headline);
}
