import { Gauge, Histogram, type Registry } from 'prom-client';
import type { RiskMetricsSink } from '../../app/ports.ts';
import type { RiskReport } from '../../core/risk/risk-report.ts';

const LEVEL = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 } as const;

/** Risk gauges per portfolio for Prometheus. */
export class PrometheusRiskMetrics implements RiskMetricsSink {
  private readonly nav; private readonly var; private readonly es; private readonly level; private readonly leverage;
  private readonly drawdown; private readonly delta; private readonly inputAge; private readonly incomplete; private readonly cycle;

  constructor(registry: Registry) {
    const g = (name: string, help: string, labelNames: string[]) => new Gauge({ name, help, labelNames, registers: [registry] });
    this.nav = g('risk_nav', 'Portfolio net asset value, base currency', ['portfolio']);
    this.var = g('risk_var', 'Value at risk, positive loss in base currency', ['portfolio', 'method', 'confidence']);
    this.es = g('risk_expected_shortfall', 'Expected shortfall, positive loss in base currency', ['portfolio', 'method', 'confidence']);
    this.level = g('risk_level', 'Risk level: 0 LOW, 1 MEDIUM, 2 HIGH, 3 CRITICAL', ['portfolio']);
    this.leverage = g('risk_leverage', 'Gross exposure / NAV', ['portfolio']);
    this.drawdown = g('risk_current_drawdown', 'Current drawdown from the NAV peak, fraction', ['portfolio']);
    this.delta = g('risk_dollar_delta', 'Net dollar delta, base currency', ['portfolio']);
    this.inputAge = g('risk_input_age_seconds', 'Age of the oldest quote used', ['portfolio']);
    this.incomplete = g('risk_report_incomplete', '1 when some cells of the report failed', ['portfolio']);
    this.cycle = new Histogram({ name: 'risk_cycle_duration_seconds', help: 'Time to compute one portfolio risk cycle', registers: [registry], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
  }

  record(r: Omit<RiskReport, 'positions'>, cycleSeconds: number): void {
    const portfolio = r.portfolioId;
    this.nav.set({ portfolio }, r.nav);
    for (const [method, byConf] of Object.entries(r.var)) for (const [confidence, e] of Object.entries(byConf ?? {})) if (Number.isFinite(e.amount)) this.var.set({ portfolio, method, confidence }, e.amount);
    for (const [method, byConf] of Object.entries(r.es)) for (const [confidence, e] of Object.entries(byConf ?? {})) if (Number.isFinite(e.amount)) this.es.set({ portfolio, method, confidence }, e.amount);
    this.level.set({ portfolio }, LEVEL[r.riskLevel.level]);
    if (r.exposures.leverage !== null) this.leverage.set({ portfolio }, r.exposures.leverage);
    if (r.drawdown.currentDrawdown !== null) this.drawdown.set({ portfolio }, r.drawdown.currentDrawdown);
    this.delta.set({ portfolio }, r.greeks.total.dollarDelta);
    if (r.inputAgeSeconds !== null) this.inputAge.set({ portfolio }, r.inputAgeSeconds);
    this.incomplete.set({ portfolio }, r.incomplete ? 1 : 0);
    this.cycle.observe(cycleSeconds);
  }

  forget(portfolio: string): void {
    for (const gauge of [this.nav, this.level, this.leverage, this.drawdown, this.delta, this.inputAge, this.incomplete]) gauge.remove({ portfolio });
  }
}
