/**
 * The metric of each book limit, before and after an order, for one concrete scope.
 *
 * Metrics (e = net dollar delta per underlying; dollar delta = unit delta x quantity x multiplier
 * x spot, so an equity's dollar delta is its market value; "|x|" = the limit bounds the magnitude):
 * - position-size: |equity market value + option dollar delta| of the underlying (= |e_u|) or of
 *   one instrument (scope symbol = instrument key); basis 'quantity': |share-equivalent delta| of
 *   the underlying, |units held| of the instrument.
 * - gross-exposure: sum over positions in scope of |dollar delta|; net-exposure: |sum of dollar delta|.
 * - sector-exposure / strategy-exposure: |net dollar delta| of the sector / strategy (basis 'gross':
 *   the gross one).
 * - daily-loss (currency, one-sided): (NAV at start of day - NAV) + 3 x sum over underlyings of
 *   sd_u x |change of e_u| (the W4 rule: realised loss plus a 3-sd one-day move on what the order adds).
 * - concentration: HHI = sum e_u^2 / (sum |e_u|)^2 (basis 'largest-share': max |e_u| / sum |e_u|).
 * - leverage: gross exposure / NAV (basis 'market-value': sum |market value| / NAV).
 * - correlation (one-sided): exposure-weighted average pairwise correlation of daily log returns,
 *   sum_{u != v} a_u a_v rho_uv / sum_{u != v} a_u a_v with a = |e| (0 with fewer than two names).
 * - liquidity (days): |share-equivalent delta| / (participationRate x ADV), the largest over the
 *   portfolio's underlyings or for one underlying.
 * - volatility (fraction of NAV, annualised): sqrt(e' Sigma e) x sqrt(252) / NAV.
 * - net-delta: |net dollar delta| (weighting 'beta': |sum beta_u e_u|); net-gamma: |dollar gamma
 *   per 1 %|; net-vega: |vega per vol point|; net-theta (one-sided): the daily decay cost -theta.
 * - var: the current hybrid VaR at the limit's confidence scaled by sigma_after / sigma_before with
 *   sigma = sqrt(e' Sigma e) (delta-normal scaling); with no delta risk before (sigma_before = 0)
 *   the order's delta-normal VaR z x sigma_after is added to the current VaR instead.
 *
 * `increases` is the per-dimension risk test: magnitude(projected) > magnitude(current), except for
 * daily-loss, whose metric rises with any trade: there the order increases risk when it raises the
 * book's one-day 3-sd delta loss, sum over touched underlyings of sd_u |e_u|. Non-finite values
 * count as breaching and increasing (fail closed).
 */
import type { CompiledLimit } from './compile-limits.ts';
import { COLUMN, SCOPE_CODE, TYPE_CODE } from './compile-limits.ts';
import type { OrderImpact } from './order-impact.ts';
import type { PreTradeState } from './pre-trade-state.ts';

export interface MetricProjection {
  current: number;
  projected: number;
  /** The values compared with the limit (|x| for two-sided metrics). */
  currentMagnitude: number;
  projectedMagnitude: number;
  increases: boolean;
}

export const createMetricProjection = (): MetricProjection => ({ current: 0.5, projected: 0.5, currentMagnitude: 0.5, projectedMagnitude: 0.5, increases: false });

const Z = { 0.95: 1.6448536269514722, 0.99: 2.3263478740408408 } as const;
const SQRT_252 = Math.sqrt(252);
// integer codes (module constants, so the optimiser folds the switch cases)
const UNDERLYING = SCOPE_CODE.underlying; const SECTOR = SCOPE_CODE.sector; const STRATEGY = SCOPE_CODE.strategy; const SYMBOL = SCOPE_CODE.symbol;
const POSITION_SIZE = TYPE_CODE['position-size']; const GROSS = TYPE_CODE['gross-exposure']; const NET = TYPE_CODE['net-exposure'];
const DAILY_LOSS = TYPE_CODE['daily-loss']; const CONCENTRATION = TYPE_CODE.concentration; const LEVERAGE = TYPE_CODE.leverage;
const CORRELATION = TYPE_CODE.correlation; const LIQUIDITY = TYPE_CODE.liquidity; const VOLATILITY = TYPE_CODE.volatility;
const NET_DELTA = TYPE_CODE['net-delta']; const NET_GAMMA = TYPE_CODE['net-gamma']; const NET_VEGA = TYPE_CODE['net-vega'];
const NET_THETA = TYPE_CODE['net-theta']; const VAR = TYPE_CODE.var;
const THETA_COLUMN = COLUMN.theta;

function set(out: MetricProjection, current: number, projected: number, twoSided: boolean): void {
  out.current = current; out.projected = projected;
  out.currentMagnitude = twoSided ? Math.abs(current) : current;
  out.projectedMagnitude = twoSided ? Math.abs(projected) : projected;
  out.increases = !(out.projectedMagnitude <= out.currentMagnitude);
}

/**
 * Writes the metric of `limit` for one scope into `out`. `index` is the scope's table index
 * (underlying, sector, strategy or position; -1 = not in the book), `k` the slot of that scope in
 * the impact (underlying/sector/strategy slot, group for symbol scope; -1 = untouched).
 */
export function projectLimitMetric(state: PreTradeState, x: OrderImpact, limit: CompiledLimit, index: number, k: number, out: MetricProjection): void {
  const t = state.tables;
  switch (limit.scopeCode) {
    case UNDERLYING:
      if (limit.typeCode === LIQUIDITY) return projectLiquidity(state, x, limit, index, k, out);
      return projectLabel(t.underlyings.columns, x.uColumns, limit.column, index, k, out);
    case SECTOR: return projectLabel(t.sectors.columns, x.sColumns, limit.column, index, k, out);
    case STRATEGY: return projectLabel(t.strategies.columns, x.kColumns, limit.column, index, k, out);
    case SYMBOL: {
      const quantity = limit.column === COLUMN.shares;
      const before = k >= 0 ? (quantity ? x.groupQuantityBefore[k]! : x.groupDdBefore[k]!) : index < 0 ? 0 : quantity ? t.positions.quantity[index]! : t.positions.dollarDelta[index]!;
      const after = k < 0 ? before : quantity ? x.groupQuantityAfter[k]! : before + x.groupDdChange[k]!;
      return set(out, before, after, true);
    }
    default: return projectPortfolio(state, x, limit, out);
  }
}

function projectLabel(table: readonly Float64Array[], impact: readonly Float64Array[], column: number, index: number, k: number, out: MetricProjection): void {
  const cur = index < 0 ? 0 : table[column]![index]!;
  const d = k < 0 ? 0 : impact[column]![k]!;
  if (column === THETA_COLUMN) set(out, -cur, -(cur + d), false);
  else set(out, cur, cur + d, true);
}

function projectPortfolio(state: PreTradeState, x: OrderImpact, limit: CompiledLimit, out: MetricProjection): void {
  const tot = state.tables.totals;
  switch (limit.typeCode) {
    case GROSS: return set(out, tot.gross, tot.gross + x.dGross, true);
    case NET: return set(out, tot.net, tot.net + x.dNet, true);
    case NET_DELTA: return limit.column === COLUMN.betaNet ? set(out, tot.betaNet, tot.betaNet + x.dBetaNet, true) : set(out, tot.net, tot.net + x.dNet, true);
    case NET_GAMMA: return set(out, tot.dollarGammaPer1Pct, tot.dollarGammaPer1Pct + x.dGamma, true);
    case NET_VEGA: return set(out, tot.vegaPerVolPoint, tot.vegaPerVolPoint + x.dVega, true);
    case NET_THETA: return set(out, -tot.thetaPerDay, -(tot.thetaPerDay + x.dTheta), false);
    case DAILY_LOSS: {
      const realised = state.navAtStartOfDay - state.nav;
      set(out, realised, realised + x.dailyLossAddOn, false);
      out.increases = !(x.sdLossAfter <= x.sdLossBefore) || !Number.isFinite(out.projected);
      return;
    }
    case CONCENTRATION:
      if (limit.choice === 'largest-share') return set(out, largestShare(state, null, tot.absNetSum), largestShare(state, x, x.absNetSum), true);
      return set(out, tot.absNetSum > 0 ? tot.netSquares / (tot.absNetSum * tot.absNetSum) : 0, x.absNetSum > 0 ? x.netSquares / (x.absNetSum * x.absNetSum) : 0, true);
    case LEVERAGE:
      if (limit.choice === 'market-value') return set(out, tot.marketValueAbs / state.nav, (tot.marketValueAbs + x.dMarketValueAbs) / state.nav, true);
      return set(out, tot.gross / state.nav, (tot.gross + x.dGross) / state.nav, true);
    case CORRELATION:
      return set(out, averageCorrelation(tot.absCorrAbs, tot.absNetSum, tot.netSquares), averageCorrelation(x.absCorrAbs, x.absNetSum, x.netSquares), false);
    case LIQUIDITY: {
      const und = state.tables.underlyings;
      const top = und.byIlliquidity[0];
      const current = top === undefined ? 0 : und.illiquidity[top]!;
      return set(out, current / limit.participationRate, largestIlliquidity(state, x) / limit.participationRate, true);
    }
    case VOLATILITY:
      return set(out, (Math.sqrt(tot.netCovNet) * SQRT_252) / state.nav, (Math.sqrt(x.netCovNet) * SQRT_252) / state.nav, true);
    case VAR: {
      const current = limit.confidence === 0.95 ? state.var95 : state.var99;
      return set(out, current, projectedVar(current, limit.confidence, tot.netCovNet, x.netCovNet), true);
    }
    case POSITION_SIZE: default: // scopes a type does not support are refused by compileLimits
      return set(out, Number.NaN, Number.NaN, true);
  }
}

function projectLiquidity(state: PreTradeState, x: OrderImpact, limit: CompiledLimit, u: number, k: number, out: MetricProjection): void {
  const und = state.tables.underlyings;
  const adv = und.averageDailyVolume[u]!; const shares = und.deltaShares[u]!;
  const after = shares + (k < 0 ? 0 : x.uShares[k]!);
  set(out, days(shares, adv, limit.participationRate), days(after, adv, limit.participationRate), true);
}

function days(shares: number, adv: number, rate: number): number {
  if (shares === 0) return 0;
  return adv > 0 ? Math.abs(shares) / (rate * adv) : Number.POSITIVE_INFINITY;
}

/** Delta-normal scaling of the hybrid VaR by sigma_after / sigma_before (see the module comment). */
export function projectedVar(current: number, confidence: 0.95 | 0.99, netCovNetBefore: number, netCovNetAfter: number): number {
  if (netCovNetBefore > 0) return current * Math.sqrt(netCovNetAfter / netCovNetBefore);
  return current + Z[confidence] * Math.sqrt(netCovNetAfter);
}

function averageCorrelation(absCorrAbs: number, absSum: number, squares: number): number {
  const pairs = absSum * absSum - squares;
  return pairs > 1e-12 * absSum * absSum ? (absCorrAbs - squares) / pairs : 0;
}

/** max_u |e_u| / sum |e| after the order (x = null: now); walks the ranking past touched names. */
function largestShare(state: PreTradeState, x: OrderImpact | null, absSum: number): number {
  if (!(absSum > 0)) return 0;
  const und = state.tables.underlyings;
  let best = 0;
  if (x !== null) for (let k = 0; k < x.underlyingCount; k++) best = Math.max(best, Math.abs(und.net[x.touchedUnderlying[k]!]! + x.uNet[k]!));
  for (let i = 0; i < und.byAbsNet.length; i++) {
    const u = und.byAbsNet[i]!;
    if (x !== null && x.underlyingStamp[u] === x.stamp) continue;
    best = Math.max(best, Math.abs(und.net[u]!));
    break;
  }
  return best / absSum;
}

/** Largest |shares| / ADV after the order over all underlyings. */
function largestIlliquidity(state: PreTradeState, x: OrderImpact): number {
  const und = state.tables.underlyings;
  let best = 0;
  for (let k = 0; k < x.underlyingCount; k++) {
    const u = x.touchedUnderlying[k]!;
    best = Math.max(best, days(und.deltaShares[u]! + x.uShares[k]!, und.averageDailyVolume[u]!, 1));
  }
  for (let i = 0; i < und.byIlliquidity.length; i++) {
    const u = und.byIlliquidity[i]!;
    if (x.underlyingStamp[u] === x.stamp) continue;
    best = Math.max(best, und.illiquidity[u]!);
    break;
  }
  return best;
}
