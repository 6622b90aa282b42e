/**
 * One deterministic stress scenario on a book, by full revaluation: the scenario's shocks give
 * shocked spots, vols, rates, dividend yields and ages (shock-book.ts); every option is repriced
 * with them (European: BSM; American: Bjerksund-Stensland 2002 where early exercise may pay,
 * through book-greeks.ts) and stocks move linearly. P&L = stressed value - base value - liquidation
 * cost (liquidity shocks only), in currency and as a fraction of NAV; positive = gain.
 *
 * Per position: options by book option index (book.optionPosition maps to the caller's positions);
 * stocks one by one when `stockPositions` is given, else netted per underlying. Post-stress Greeks
 * are recomputed at the shocked inputs in display units: dollar delta, dollar gamma per 1 % move,
 * vega per vol point, theta per calendar day, rho per 1 % of rate.
 */
import type { BookGreeks } from '../risk/book-greeks.ts';
import { bookGreeks } from '../risk/book-greeks.ts';
import type { RevaluationBook } from '../risk/revaluation-book.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { LiquidityCostReport, LiquidityMarket } from './liquidity-cost.ts';
import { liquidityCost } from './liquidity-cost.ts';
import type { ScenarioDefinition, ScenarioType, Severity } from './scenario-definition.ts';
import { SHOCK_READINGS } from './scenario-definition.ts';
import type { ShockedBook, StressMarket } from './shock-book.ts';
import { shockBook } from './shock-book.ts';
import { worstContributors } from './worst-contributors.ts';
import type { Contributor } from './worst-contributors.ts';
import { scenarioProblems } from './validate-scenario.ts';

/** Stock positions one by one; they must net to book.stockUnits. */
export interface StockPositionList {
  readonly underlying: Int32Array;
  readonly units: Float64Array;
  /** The caller's position index of each stock position. */
  readonly position: Int32Array;
}

export interface ApplyScenarioInput {
  readonly book: RevaluationBook;
  readonly market: StressMarket;
  readonly scenario: ScenarioDefinition;
  /** Positive currency amount the P&L fraction refers to. */
  readonly netAssetValue: number;
  readonly stockPositions?: StockPositionList;
  readonly liquidityMarket?: LiquidityMarket;
  /** Base valuation (bookGreeks of `book` with the same stockPositions), to share across a suite. */
  readonly base?: BookGreeks;
  /** Default 10. */
  readonly worstContributorCount?: number;
}

export interface GreekSummary {
  readonly value: number;
  readonly dollarDelta: number;
  readonly dollarGammaPer1Pct: number;
  readonly vegaPerVolPoint: number;
  readonly thetaPerDay: number;
  readonly rhoPerPct: number;
}

export interface UnderlyingStress {
  readonly underlying: string;
  readonly sector: string;
  readonly spotFactor: number;
  readonly stockPnl: number;
  readonly optionPnl: number;
  readonly liquidityCost: number;
  /** stockPnl + optionPnl - liquidityCost. */
  readonly pnl: number;
  readonly greeksAfter: GreekSummary;
}

export interface StressResult {
  readonly scenarioId: string;
  readonly name: string;
  readonly type: ScenarioType;
  readonly severity: Severity;
  /** Total P&L (currency; positive = gain) and as a fraction of NAV. */
  readonly pnl: { readonly amount: number; readonly fractionOfNav: number };
  readonly revaluationPnl: number;
  readonly liquidityCost: number;
  readonly baseValue: number;
  readonly stressedValue: number;
  readonly horizonDays: number;
  readonly byPosition: {
    /** Index j = book option j; its position is book.optionPosition[j]. */
    readonly optionPnl: Float64Array;
    /** Per stock position (stockPositions order) or per underlying (net), see stockBasis. */
    readonly stockPnl: Float64Array;
    readonly stockBasis: 'stock-positions' | 'net-per-underlying';
  };
  readonly byUnderlying: readonly UnderlyingStress[];
  readonly worstContributors: readonly Contributor[];
  readonly greeksBefore: GreekSummary;
  readonly greeksAfter: GreekSummary;
  /** Everything after the shock (per option per unit and per position, per underlying), for limits and drill-down. */
  readonly bookGreeksAfter: BookGreeks;
  readonly liquidity: LiquidityCostReport | null;
  readonly unmatchedTargets: readonly string[];
  readonly conventions: typeof STRESS_CONVENTIONS;
}

export const STRESS_CONVENTIONS = {
  ...SHOCK_READINGS,
  pnl: 'stressed value - base value - liquidation cost; positive = gain; currency and fraction of NAV',
  pricing: 'full revaluation: European BSM; American Bjerksund-Stensland 2002 (BSM where early exercise never pays); stocks linear',
  greeks: 'recomputed at the shocked inputs: dollar delta, dollar gamma per 1 % spot move, vega per vol point, theta per calendar day, rho per 1 % rate',
} as const;

export type ApplyScenarioErrorCode = 'INVALID_SCENARIO' | 'MISSING_MARKET_DATA' | 'INVALID_BOOK' | 'STOCK_POSITIONS_MISMATCH' | 'INVALID_PARAMETERS';

export function applyScenario(input: ApplyScenarioInput): Result<StressResult, ApplyScenarioErrorCode> {
  const { book, scenario, stockPositions } = input;
  if (!(input.netAssetValue > 0 && Number.isFinite(input.netAssetValue))) {
    return fail('INVALID_PARAMETERS', `netAssetValue ${input.netAssetValue} must be finite and > 0`);
  }
  const problems = scenarioProblems(scenario);
  if (problems.length > 0) return fail('INVALID_SCENARIO', `scenario ${scenario.id} is invalid: ${problems.length} problem(s)`, problems);
  const stocks = stockPositions === undefined ? {} : { stockPositions };
  let base = input.base;
  if (base === undefined) {
    const r = bookGreeks({ book, ...stocks });
    if (!r.ok) return r;
    base = r.value;
  }
  const shocked = shockBook({ book, market: input.market, scenario });
  if (!shocked.ok) return shocked;
  const after = bookGreeks({ book: shocked.value.book, ...stocks });
  if (!after.ok) return after;
  return ok(assemble(input, base, after.value, shocked.value));
}

function assemble(input: ApplyScenarioInput, base: BookGreeks, after: BookGreeks, shocked: ShockedBook): StressResult {
  const { book, scenario, stockPositions } = input;
  const u = book.underlyings.length;
  const n = book.optionCount;
  const f = shocked.spotFactors;
  const optionPnl = new Float64Array(n);
  const optionPnlByU = new Float64Array(u);
  const grossOption = new Float64Array(u);
  const shares = new Float64Array(u);
  const baseValues = base.options.position.value;
  const afterValues = after.options.position.value;
  const afterDelta = after.options.position.delta;
  for (let j = 0; j < n; j++) {
    const i = book.optionUnderlying[j]!;
    const pnl = afterValues[j]! - baseValues[j]!;
    optionPnl[j] = pnl;
    optionPnlByU[i]! += pnl;
    grossOption[i]! += Math.abs(afterValues[j]!);
    shares[i]! += Math.abs(afterDelta[j]!);
  }
  const grossStock = new Float64Array(u);
  let stockPnl: Float64Array;
  if (stockPositions === undefined) {
    stockPnl = new Float64Array(u);
    for (let i = 0; i < u; i++) {
      stockPnl[i] = book.stockUnits[i]! * book.spots[i]! * (f[i]! - 1);
      grossStock[i] = Math.abs(book.stockUnits[i]! * shocked.book.spots[i]!);
      shares[i]! += Math.abs(book.stockUnits[i]!);
    }
  } else {
    stockPnl = new Float64Array(stockPositions.units.length);
    for (let k = 0; k < stockPnl.length; k++) {
      const i = stockPositions.underlying[k]!;
      const units = stockPositions.units[k]!;
      stockPnl[k] = units * book.spots[i]! * (f[i]! - 1);
      grossStock[i]! += Math.abs(units * shocked.book.spots[i]!);
      shares[i]! += Math.abs(units);
    }
  }
  const hasLiquidity = shocked.liquidity.some((l) => l !== null);
  const liquidity = hasLiquidity
    ? liquidityCost({
      shocks: shocked.liquidity, grossStockValue: grossStock, grossOptionValue: grossOption, shareEquivalent: shares,
      ...(input.liquidityMarket === undefined ? {} : { market: input.liquidityMarket }),
    })
    : null;
  const baseValue = base.totals.value;
  const stressedValue = after.totals.value;
  const revaluationPnl = stressedValue - baseValue;
  const liquidityTotal = liquidity?.total ?? 0;
  const amount = revaluationPnl - liquidityTotal;
  const byUnderlying = book.underlyings.map((name, i): UnderlyingStress => {
    const stock = book.stockUnits[i]! * book.spots[i]! * (f[i]! - 1);
    const cost = liquidity?.byUnderlying[i]?.cost ?? 0;
    return {
      underlying: name, sector: input.market.sectors[i]!, spotFactor: f[i]!, stockPnl: stock, optionPnl: optionPnlByU[i]!,
      liquidityCost: cost, pnl: stock + optionPnlByU[i]! - cost, greeksAfter: underlyingSummary(after, i),
    };
  });
  return {
    scenarioId: scenario.id, name: scenario.name, type: scenario.type, severity: scenario.severity,
    pnl: { amount, fractionOfNav: amount / input.netAssetValue },
    revaluationPnl, liquidityCost: liquidityTotal, baseValue, stressedValue, horizonDays: shocked.horizonDays,
    byPosition: { optionPnl, stockPnl, stockBasis: stockPositions === undefined ? 'net-per-underlying' : 'stock-positions' },
    byUnderlying,
    worstContributors: worstContributors({
      book, optionPnl, stockPnl, ...(stockPositions === undefined ? {} : { stockPositions }), count: input.worstContributorCount ?? 10,
    }),
    greeksBefore: totalsSummary(base), greeksAfter: totalsSummary(after), bookGreeksAfter: after,
    liquidity, unmatchedTargets: shocked.unmatchedTargets, conventions: STRESS_CONVENTIONS,
  };
}

function totalsSummary(g: BookGreeks): GreekSummary {
  const t = g.totals;
  return {
    value: t.value, dollarDelta: t.dollarDelta, dollarGammaPer1Pct: t.dollarGammaPer1Pct,
    vegaPerVolPoint: t.vegaPerVolPoint, thetaPerDay: t.thetaPerDay, rhoPerPct: t.rhoPerPct,
  };
}

function underlyingSummary(g: BookGreeks, i: number): GreekSummary {
  const t = g.underlyings;
  return {
    value: t.value[i]!, dollarDelta: t.dollarDelta[i]!, dollarGammaPer1Pct: t.dollarGammaPer1Pct[i]!,
    vegaPerVolPoint: t.vegaPerVolPoint[i]!, thetaPerDay: t.thetaPerDay[i]!, rhoPerPct: t.rhoPerPct[i]!,
  };
}
