import type { LimitMeasurement } from '../../core/limits/measure-limits.ts';
import type { PositionValuation } from '../../core/risk/position-valuation.ts';
import type { RevaluationBook } from '../../core/risk/revaluation-book.ts';
import type { GreekSummary, MonteCarloStressResult, ReplayHistoryResult, StockPositionList, StressResult, UnderlyingStress } from '../../core/stress/index.ts';

/** One position's share of a scenario's P&L. */
export interface PositionPnlView {
  readonly positionId: string;
  readonly instrumentKey: string;
  readonly underlying: string;
  readonly assetClass: 'equity' | 'option';
  /** Currency, positive = gain. */
  readonly pnl: number;
  readonly fractionOfNav: number;
}

export interface BreachView {
  readonly limitId: string;
  readonly type: string;
  readonly action: string;
  readonly scope: unknown;
  readonly current: number;
  readonly limit: number;
  readonly utilisation: number;
  /** False when the live portfolio already breaches this limit. */
  readonly newlyBreached: boolean;
}

export interface ReplayView {
  readonly dataset: string;
  readonly from: string;
  readonly to: string;
  readonly worst: ReplayHistoryResult['worst'];
  readonly end: ReplayHistoryResult['end'];
  readonly sources: ReplayHistoryResult['sources'];
  readonly path: ReplayHistoryResult['path'];
  readonly conventions: ReplayHistoryResult['conventions'];
}

export interface ScenarioResultView {
  readonly scenarioId: string;
  readonly name: string;
  readonly type: string;
  readonly severity: string;
  readonly status: 'ok' | 'failed';
  readonly error?: { readonly code: string; readonly message: string; readonly details?: unknown };
  readonly pnl: { readonly amount: number; readonly fraction: number } | null;
  readonly revaluationPnl: number | null;
  readonly liquidityCost: number | null;
  readonly horizonDays: number | null;
  readonly byPosition: readonly PositionPnlView[];
  readonly byUnderlying: readonly UnderlyingStress[];
  readonly worstContributors: readonly PositionPnlView[];
  readonly greeksBefore: GreekSummary | null;
  readonly greeksAfter: GreekSummary | null;
  /** Null when they could not be measured (see breachesUnavailable). */
  readonly breaches: readonly BreachView[] | null;
  readonly breachesUnavailable?: { readonly code: string; readonly message: string };
  readonly liquidity: StressResult['liquidity'];
  readonly unmatchedTargets: readonly string[];
  readonly simulation?: Omit<MonteCarloStressResult, 'pathPnl'>;
  readonly replay?: ReplayView | { readonly unavailable: { readonly code: string; readonly message: string } };
}

export interface ViewContext {
  readonly book: RevaluationBook;
  readonly valuations: readonly PositionValuation[];
  readonly stockPositions: StockPositionList;
  readonly nav: number;
}

function positionView(ctx: ViewContext, k: number, pnl: number): PositionPnlView {
  const v = ctx.valuations[k]!;
  return { positionId: v.positionId, instrumentKey: v.instrumentKey, underlying: v.underlying, assetClass: v.assetClass, pnl, fractionOfNav: pnl / ctx.nav };
}

/** Every position's P&L (options by book index, stocks one by one), most negative first. */
export function positionPnl(ctx: ViewContext, r: StressResult): PositionPnlView[] {
  const out: PositionPnlView[] = [];
  const { optionPnl, stockPnl } = r.byPosition;
  for (let j = 0; j < optionPnl.length; j++) out.push(positionView(ctx, ctx.book.optionPosition[j]!, optionPnl[j]!));
  for (let s = 0; s < stockPnl.length; s++) out.push(positionView(ctx, ctx.stockPositions.position[s]!, stockPnl[s]!));
  return out.sort((a, b) => a.pnl - b.pnl);
}

export function breachViews(measurements: readonly LimitMeasurement[], breachedBefore: ReadonlySet<string>, key: (m: LimitMeasurement) => string): BreachView[] {
  return measurements.filter((m) => m.breached).map((m) => ({
    limitId: m.limitId, type: m.type, action: m.action, scope: m.scope, current: m.current, limit: m.limit, utilisation: m.utilisation,
    newlyBreached: !breachedBefore.has(key(m)),
  }));
}

export function deterministicView(ctx: ViewContext, r: StressResult, breaches: Pick<ScenarioResultView, 'breaches' | 'breachesUnavailable'>): ScenarioResultView {
  return {
    scenarioId: r.scenarioId, name: r.name, type: r.type, severity: r.severity, status: 'ok',
    pnl: { amount: r.pnl.amount, fraction: r.pnl.fractionOfNav }, revaluationPnl: r.revaluationPnl, liquidityCost: r.liquidityCost, horizonDays: r.horizonDays,
    byPosition: positionPnl(ctx, r), byUnderlying: r.byUnderlying,
    worstContributors: r.worstContributors.map((c) => (c.position === null
      ? { positionId: `net-stock:${c.underlying}`, instrumentKey: c.underlying, underlying: c.underlying, assetClass: 'equity' as const, pnl: c.pnl, fractionOfNav: c.pnl / ctx.nav }
      : positionView(ctx, c.position, c.pnl))),
    greeksBefore: r.greeksBefore, greeksAfter: r.greeksAfter, ...breaches, liquidity: r.liquidity, unmatchedTargets: r.unmatchedTargets,
  };
}

export function simulationView(s: { scenarioId: string; name: string; type: string; severity: string; pnl: { amount: number; fractionOfNav: number }; simulation: MonteCarloStressResult }): ScenarioResultView {
  const { pathPnl: _paths, ...simulation } = s.simulation;
  return {
    scenarioId: s.scenarioId, name: s.name, type: s.type, severity: s.severity, status: 'ok',
    pnl: { amount: s.pnl.amount, fraction: s.pnl.fractionOfNav }, revaluationPnl: s.pnl.amount, liquidityCost: 0, horizonDays: s.simulation.horizonDays,
    byPosition: [], byUnderlying: [], worstContributors: [], greeksBefore: null, greeksAfter: null,
    breaches: null, breachesUnavailable: { code: 'NOT_APPLICABLE', message: 'a simulated scenario has a loss distribution, not one stressed portfolio to measure against limits' },
    liquidity: null, unmatchedTargets: [], simulation,
  };
}

export function failedView(s: { id: string; name: string; type: string; severity: string }, error: { code: string; message: string; details?: unknown }): ScenarioResultView {
  return {
    scenarioId: s.id, name: s.name, type: s.type, severity: s.severity, status: 'failed', error,
    pnl: null, revaluationPnl: null, liquidityCost: null, horizonDays: null, byPosition: [], byUnderlying: [], worstContributors: [],
    greeksBefore: null, greeksAfter: null, breaches: null, liquidity: null, unmatchedTargets: [],
  };
}
