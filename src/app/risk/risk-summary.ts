import type { RiskReportHeadline } from './risk-engine-types.ts';

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
