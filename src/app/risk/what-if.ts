import type { Principal } from '../../core/auth/role.ts';
import type { Position } from '../../core/portfolio/position.ts';
import type { RiskReport } from '../../core/risk/risk-report.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { toPositions, type PositionInput } from '../portfolios/position-input.ts';
import { computeRiskReport } from './compute-risk-report.ts';
import type { RiskEngineDeps, RiskReportOptions } from './risk-engine-types.ts';

export interface HypotheticalTrade {
  readonly instrument: PositionInput['instrument'];
  /** Signed: positive buys, negative sells (shares or contracts). */
  readonly quantity: number;
  /** Execution price per unit (per share, or per option on one unit); default the model/quote value. */
  readonly price?: number;
  readonly strategy?: string | null;
  readonly strategyGroupId?: string | null;
}

export interface LimitSettings {
  readonly var95FractionOfNav: number; readonly var99FractionOfNav: number; readonly maxLeverage: number;
  readonly maxPositionFractionOfNav: number; readonly maxSectorExposureFractionOfNav: number;
}

interface Headline {
  readonly nav: number; readonly greeks: RiskReport['greeks']['total'];
  readonly var: RiskReport['var'][string]; readonly es: RiskReport['es'][string]; readonly varMethod: string | null;
  readonly exposures: RiskReport['exposures']; readonly limitUtilisation: Record<string, number | null>;
}

function headline(r: RiskReport, limits: LimitSettings): Headline {
  const v = r.var.hybrid ?? r.var.historical ?? null;
  const nav = r.nav > 0 ? r.nav : null;
  const largest = Math.max(0, ...r.positions.map((p) => (p.status === 'ok' ? Math.abs(p.assetClass === 'equity' ? p.marketValue : p.greeks.dollarDelta) : 0)));
  const sectors = new Map<string, number>();
  for (const p of r.positions) if (p.status === 'ok') sectors.set(p.sector, (sectors.get(p.sector) ?? 0) + (p.assetClass === 'equity' ? p.marketValue : p.greeks.dollarDelta));
  const largestSector = Math.max(0, ...[...sectors.values()].map(Math.abs));
  const u = (x: number | null | undefined, limit: number) => (x === null || x === undefined || !Number.isFinite(x) ? null : x / limit);
  return {
    nav: r.nav, greeks: r.greeks.total, var: v, es: r.es.hybrid ?? r.es.historical ?? null, varMethod: r.hybrid.method, exposures: r.exposures,
    limitUtilisation: {
      var95: u(v?.['0.95']?.fraction, limits.var95FractionOfNav), var99: u(v?.['0.99']?.fraction, limits.var99FractionOfNav),
      leverage: u(r.exposures.leverage, limits.maxLeverage),
      largestPosition: nav === null ? null : u(largest / nav, limits.maxPositionFractionOfNav),
      largestSector: nav === null ? null : u(largestSector / nav, limits.maxSectorExposureFractionOfNav),
    },
  };
}

const diff = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, number | null> => Object.fromEntries(
  Object.keys(b).filter((k) => typeof b[k] === 'number' || b[k] === null).map((k) => [k, typeof a[k] === 'number' && typeof b[k] === 'number' ? (b[k] as number) - (a[k] as number) : null]));

/** Risk before and after hypothetical trades, without writing anything. */
export async function whatIf(liveDeps: RiskEngineDeps & { limits: LimitSettings }, _actor: Principal, portfolioId: string, trades: readonly HypotheticalTrade[], options: RiskReportOptions = {}): Promise<Result<{ before: Headline; after: Headline; change: Record<string, unknown>; conventions: RiskReport['conventions'] }>> {
  // One valuation instant for before and after, so the change is the trades' effect alone.
  const instant = liveDeps.clock.now();
  const deps = { ...liveDeps, clock: { now: () => instant } };
  const portfolio = await deps.storage.portfolios.get(portfolioId);
  if (portfolio === undefined) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
  const problems: InputProblem[] = [];
  const at = deps.clock.now().toISOString();
  const tradePositions = toPositions(portfolioId, trades.map((t) => ({ instrument: t.instrument, quantity: t.quantity, averageCost: t.price ?? 0, strategy: t.strategy ?? null, strategyGroupId: t.strategyGroupId ?? null })), '/trades', at, problems);
  trades.forEach((t, i) => { if (t.price !== undefined && !(t.price >= 0)) problems.push({ path: `/trades/${i}/price`, message: 'price must be >= 0' }); });
  if (problems.length > 0) return fail(INVALID_INPUT, `${problems.length} invalid trade field(s)`, problems);
  const current = await deps.storage.positions.list(portfolioId);
  const merged = new Map(current.map((p) => [p.instrumentKey, p]));
  for (const t of tradePositions) {
    const existing = merged.get(t.instrumentKey);
    const quantity = (existing?.quantity ?? 0) + t.quantity;
    if (quantity === 0) merged.delete(t.instrumentKey);
    else merged.set(t.instrumentKey, existing === undefined ? { ...t, positionId: `what-if:${t.instrumentKey}` } : { ...existing, quantity });
  }
  const before = await computeRiskReport(deps, portfolioId, options);
  if (!before.ok) return before;
  // Cash pays for the trades at the given price, or at the value the model gives (so NAV is unchanged).
  const afterProbe = await computeRiskReport(deps, portfolioId, { ...options, method: 'parametric', positions: [...merged.values()] });
  if (!afterProbe.ok) return afterProbe;
  const unit = new Map(afterProbe.value.positions.map((p) => [p.instrumentKey, p.status === 'ok' ? p.unitPrice : null]));
  let cashChange = 0;
  for (const [i, t] of tradePositions.entries()) {
    const price = trades[i]?.price ?? unit.get(t.instrumentKey) ?? null;
    if (price === null) return fail('MARKET_DATA_UNAVAILABLE', `no price for ${t.instrumentKey}; give one in the trade`);
    const mult = t.instrument.type === 'option' ? t.instrument.multiplier : 1;
    cashChange -= t.quantity * mult * price;
  }
  const after = await computeRiskReport(deps, portfolioId, { ...options, positions: [...merged.values()] as Position[], cash: portfolio.cash + cashChange });
  if (!after.ok) return after;
  const b = headline(before.value, deps.limits); const a = headline(after.value, deps.limits);
  return ok({
    before: b, after: a,
    change: {
      nav: a.nav - b.nav, cash: cashChange, greeks: diff(b.greeks as unknown as Record<string, unknown>, a.greeks as unknown as Record<string, unknown>),
      var95: (a.var?.['0.95']?.amount ?? Number.NaN) - (b.var?.['0.95']?.amount ?? Number.NaN),
      var99: (a.var?.['0.99']?.amount ?? Number.NaN) - (b.var?.['0.99']?.amount ?? Number.NaN),
      exposures: diff(b.exposures as unknown as Record<string, unknown>, a.exposures as unknown as Record<string, unknown>),
      limitUtilisation: diff(b.limitUtilisation, a.limitUtilisation),
    },
    conventions: after.value.conventions,
  });
}
