/**
 * Enforcement instructions for a breached limit (pure; the app stores, dispatches and tracks them).
 *
 * - 'close' flattens the limit's scope: every position in it, and every other leg of a strategy
 *   group that has a position in it (groups are never broken).
 * - 'reduce' brings the scope's metric back within the limit with as little trading as the greedy
 *   rule below allows. Candidates are "units": a strategy group (all its legs, scaled together in
 *   whole lots: a group with leg quantities q_i has gcd(|q_i|) lots of q_i / gcd each) or a
 *   stand-alone position (lots of one share / contract). Units are ranked by risk contribution to
 *   the limit's metric (metric now minus the lowest metric reachable by cutting that unit alone;
 *   units that cannot lower it are never traded), ties by liquidity (fewer days to liquidate at
 *   100 % of ADV first). Walking that ranking with the cuts so far applied, each unit is cut by the
 *   number of lots that minimises the metric (integer ternary search) while the metric stays above
 *   the limit; the unit that can bring it within the limit is cut by the fewest whole lots that
 *   do (bisection below that minimiser). Both searches assume the metric is convex in the lots
 *   cut, true for the linear, absolute-value, sum-of-absolute and square-root-of-quadratic metrics
 *   here (e.g. cutting a long past the point where the book's net delta is zero makes it grow
 *   again, so a whole close is not always best). `complete` is false when the cuts are not enough.
 * - daily-loss is planned on realised loss + 3 x sum_u sd_u |e_u| (the loss the book can still
 *   add today at 3 sd), since trading cannot undo the realised part; restricted-symbols always
 *   closes the restricted positions; other per-order limits have nothing to enforce on positions.
 * Quantities must be whole for lots; a position with a fractional quantity is one lot.
 */
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { LimitScope } from './limit-definition.ts';
import type { CompiledLimit } from './compile-limits.ts';
import { WILDCARD_SLOT } from './compile-limits.ts';
import type { OrderImpact } from './order-impact.ts';
import { computeOrderImpact, createOrderImpact } from './order-impact.ts';
import type { PreTradeState } from './pre-trade-state.ts';
import { createMetricProjection, projectLimitMetric } from './project-limit-metric.ts';
import { scopeOf } from './measure-limits.ts';
import type { EnforcementUnit } from './enforcement-units.ts';
import { enforcementUnits } from './enforcement-units.ts';

export interface EnforcementInstruction {
  readonly instrumentKey: string;
  readonly side: 'buy' | 'sell';
  /** Positive units to trade (shares or contracts). */
  readonly quantity: number;
  readonly strategyGroupId: string | null;
  readonly reason: string;
  readonly limitId: string;
}

export interface EnforcementPlan {
  readonly limitId: string;
  readonly action: 'reduce' | 'close';
  readonly scope: LimitScope;
  /** The limit's metric magnitude now, after the instructions, and the limit. */
  readonly metricBefore: number;
  readonly metricAfter: number;
  readonly limit: number;
  readonly complete: boolean;
  readonly instructions: readonly EnforcementInstruction[];
}

export type PlanEnforcementErrorCode = 'LIMIT_UNKNOWN' | 'SCOPE_UNKNOWN' | 'NOT_ENFORCEABLE';

export function planEnforcement({ state, limitId, scopeValue, action }: {
  state: PreTradeState;
  limitId: string;
  /** Which underlying / sector / strategy / instrument of a '*' limit. */
  scopeValue?: string;
  /** Default: 'close' for a limit whose action is 'close', else 'reduce'. */
  action?: 'reduce' | 'close';
}): Result<EnforcementPlan, PlanEnforcementErrorCode> {
  const limit = state.limits.find((l) => l.id === limitId);
  if (limit === undefined) return fail('LIMIT_UNKNOWN', `no active limit ${limitId}`);
  if (limit.perOrder && limit.type !== 'restricted-symbols') return fail('NOT_ENFORCEABLE', `${limit.type} limits judge orders, not positions`);
  const index = resolveIndex(state, limit, scopeValue);
  if (index === null) return fail('SCOPE_UNKNOWN', `limit ${limitId} needs a ${limit.scopeKind} that the book knows (got ${scopeValue ?? 'none'})`);
  const mode = limit.type === 'restricted-symbols' ? 'close' : action ?? (limit.definition.action === 'close' ? 'close' : 'reduce');
  const scope = limit.type === 'restricted-symbols' ? limit.definition.scope : index < 0 ? limit.definition.scope : scopeOf(state, limit, index);
  const units = enforcementUnits({ state, limit, index });
  const x = createOrderImpact({ legCapacity: Math.max(1, state.tables.positions.keys.length), tables: state.tables });
  const metric = metricFunction(state, limit, index, x);
  const lots = new Float64Array(units.length);
  const before = metric(units, lots);
  if (mode === 'close') {
    units.forEach((u, i) => { lots[i] = u.lots; });
  } else if (before > limit.amount) {
    reduce(units, lots, metric, limit.amount, before);
  }
  const after = metric(units, lots);
  const label = scope.kind === 'portfolio' ? 'portfolio' : `${scope.kind} ${scope.value}`;
  const reason = `${mode} ${limit.type} (${label}) from ${before} to within ${limit.amount}`;
  return ok({
    limitId, action: mode, scope, metricBefore: before, metricAfter: after, limit: limit.amount,
    complete: mode === 'close' || after <= limit.amount, instructions: instructions(state, units, lots, reason, limitId),
  });
}

function resolveIndex(state: PreTradeState, limit: CompiledLimit, scopeValue: string | undefined): number | null {
  if (limit.scopeKind === 'portfolio' || limit.type === 'restricted-symbols') return 0;
  if (limit.slot !== WILDCARD_SLOT) return limit.slot;
  if (scopeValue === undefined) return null;
  const t = state.tables;
  const table = limit.scopeKind === 'underlying' ? t.underlyings.index : limit.scopeKind === 'sector' ? t.sectors.index
    : limit.scopeKind === 'strategy' ? t.strategies.index : t.positions.index;
  return table.get(scopeValue) ?? null;
}

type Metric = (units: readonly EnforcementUnit[], lots: Float64Array) => number;

/** The limit's metric magnitude with `lots[i]` lots of each unit closed. */
function metricFunction(state: PreTradeState, limit: CompiledLimit, index: number, x: OrderImpact): Metric {
  const t = state.tables; const und = t.underlyings;
  const p = createMetricProjection();
  let sdLossTotal = 0;
  for (let u = 0; u < und.names.length; u++) sdLossTotal += und.dailySd[u]! * Math.abs(und.net[u]!);
  return (units, lots) => {
    x.legCount = 0;
    units.forEach((unit, i) => {
      const n = lots[i]!;
      if (n === 0) return;
      unit.positions.forEach((pos, leg) => writeLeg(state, x, pos, -unit.lotQuantities[leg]! * n));
    });
    computeOrderImpact({ tables: t, impact: x, withCorrelation: limit.type === 'correlation' });
    if (limit.type === 'daily-loss') return state.navAtStartOfDay - state.nav + 3 * (sdLossTotal - x.sdLossBefore + x.sdLossAfter);
    if (limit.type === 'restricted-symbols') return 0;
    projectLimitMetric(state, x, limit, index, slotOf(state, limit, x, index), p);
    return p.projectedMagnitude;
  };
}

function slotOf(state: PreTradeState, limit: CompiledLimit, x: OrderImpact, index: number): number {
  if (index < 0) return -1;
  switch (limit.scopeKind) {
    case 'portfolio': return -1;
    case 'underlying': return x.underlyingStamp[index] === x.stamp ? x.underlyingSlot[index]! : -1;
    case 'sector': return x.sectorStamp[index] === x.stamp ? x.sectorSlot[index]! : -1;
    case 'strategy': return x.strategyStamp[index + 1] === x.stamp ? x.strategySlot[index + 1]! : -1;
    case 'symbol': return x.positionStamp[index] === x.stamp ? x.positionGroup[index]! : -1;
  }
}

function writeLeg(state: PreTradeState, x: OrderImpact, p: number, quantity: number): void {
  const pos = state.tables.positions; const j = x.legCount++;
  x.legUnderlying[j] = pos.underlying[p]!; x.legPosition[j] = p; x.legStrategy[j] = pos.strategy[p]!; x.legKey[j] = pos.keys[p]!;
  x.legIsOption[j] = pos.isOption[p]!; x.legQuantity[j] = quantity; x.legMultiplier[j] = pos.multiplier[p]!;
  x.legUnitPrice[j] = pos.unitPrice[p]!; x.legUnitDelta[j] = pos.unitDelta[p]!; x.legUnitGamma[j] = pos.unitGamma[p]!;
  x.legUnitVega[j] = pos.unitVegaPerVolPoint[p]!; x.legUnitTheta[j] = pos.unitThetaPerDay[p]!; x.legLimitPrice[j] = Number.NaN;
}

/**
 * Integer argmin of a convex f over [0, n] (ternary search; smallest k among equal minima) and
 * its value. On a convex function f(m1) <= f(m2) puts a minimiser in [lo, m2], else in [m1, hi].
 */
function argminLots(f: (k: number) => number, n: number): { k: number; value: number } {
  let lo = 0; let hi = n;
  while (hi - lo > 2) {
    const third = Math.floor((hi - lo) / 3);
    const m1 = lo + third; const m2 = hi - third;
    if (f(m1) <= f(m2)) hi = m2; else lo = m1;
  }
  let k = lo; let value = f(lo);
  for (let c = lo + 1; c <= hi; c++) { const v = f(c); if (v < value) { k = c; value = v; } }
  return { k, value };
}

function reduce(units: readonly EnforcementUnit[], lots: Float64Array, metric: Metric, limit: number, before: number): void {
  const withLots = (i: number) => (k: number): number => { lots[i] = k; return metric(units, lots); };
  const gain = units.map((u, i) => {
    const best = argminLots(withLots(i), u.lots);
    lots[i] = 0;
    return before - best.value;
  });
  const order = units.map((_, i) => i).filter((i) => gain[i]! > 0)
    .sort((a, b) => gain[b]! - gain[a]! || units[a]!.daysToLiquidate - units[b]!.daysToLiquidate || a - b);
  for (const i of order) {
    const f = withLots(i);
    const best = argminLots(f, units[i]!.lots);
    if (!(best.value <= limit)) { lots[i] = best.k; continue; } // this unit cannot do it alone: take its best, go on
    let lo = 0; let hi = best.k; // f(lo) > limit (still above), f(hi) <= limit; f decreases on [0, k*]
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (f(mid) <= limit) hi = mid; else lo = mid;
    }
    lots[i] = hi;
    return;
  }
}

function instructions(state: PreTradeState, units: readonly EnforcementUnit[], lots: Float64Array, reason: string, limitId: string): EnforcementInstruction[] {
  const pos = state.tables.positions;
  const out: EnforcementInstruction[] = [];
  units.forEach((unit, i) => {
    const n = lots[i]!;
    if (n === 0) return;
    unit.positions.forEach((p, leg) => {
      const q = unit.lotQuantities[leg]! * n;
      out.push({ instrumentKey: pos.keys[p]!, side: q > 0 ? 'sell' : 'buy', quantity: Math.abs(q), strategyGroupId: pos.strategyGroupIds[p]!, reason, limitId });
    });
  });
  return out;
}
