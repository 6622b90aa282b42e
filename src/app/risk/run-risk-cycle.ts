import type { RiskReport } from '../../core/risk/risk-report.ts';
import { ok, type Result } from '../../core/shared/result.ts';
import type { RiskMetricsSink, RiskPublisher } from '../ports.ts';
import { assembleRiskReport, prepareRiskInputs, type PreparedWithSnapshot } from './compute-risk-report.ts';
import type { RiskEngineDeps } from './risk-engine-types.ts';

export interface RiskCycleDeps extends RiskEngineDeps {
  readonly publisher: RiskPublisher;
  readonly metrics: RiskMetricsSink;
  /** Least time between two NAV points written by the valuation loop. */
  readonly navHistoryIntervalSeconds: number;
  /** Told of every cycle's inputs and report (the pre-trade gate and limit monitoring use them). */
  readonly onReport?: (prepared: PreparedWithSnapshot, report: RiskReport) => Promise<void>;
  /** Told when a portfolio has no report (deleted, or its inputs failed). */
  readonly onNoReport?: (portfolioId: string, code: string, message: string) => void;
}

const LEVEL_INDEX = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 } as const;

/** The compact per-cycle record kept as risk history. */
export function riskSummary(r: RiskReport): Record<string, unknown> {
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
 * One monitoring cycle for one portfolio: compute the report, keep it as the latest and in the
 * history, append a NAV point (complete reports only, at most one per interval), export the gauges
 * and push it to subscribers.
 */
export async function runRiskCycle(deps: RiskCycleDeps, portfolioId: string): Promise<Result<RiskReport>> {
  const started = performance.now();
  const prep = await prepareRiskInputs(deps, portfolioId);
  if (!prep.ok) {
    if (prep.error.code === 'PORTFOLIO_NOT_FOUND') deps.metrics.forget(portfolioId);
    deps.onNoReport?.(portfolioId, prep.error.code, prep.error.message);
    return prep;
  }
  const report = await assembleRiskReport(deps, prep.value);
  const at = report.asOf;
  await deps.storage.riskReports.saveLatest(portfolioId, at, report);
  await deps.storage.riskReports.appendHistory({ portfolioId, at, summary: riskSummary(report) });
  if (!report.incomplete && !report.stale) {
    const last = (await deps.storage.navHistory.list(portfolioId, { limit: 1 }))[0];
    if (last === undefined || Date.parse(at) - Date.parse(last.at) >= deps.navHistoryIntervalSeconds * 1000) {
      await deps.storage.navHistory.append([{ portfolioId, at, nav: report.nav, cash: report.cash, marketValue: report.marketValue, source: 'valuation' }]);
    }
  }
  deps.metrics.record(report, (performance.now() - started) / 1000);
  deps.publisher.publish(portfolioId, { type: 'risk-report', portfolioId, report });
  await deps.onReport?.(prep.value, report);
  return ok(report);
}
