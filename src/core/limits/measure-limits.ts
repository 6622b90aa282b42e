/**
 * Current value and utilisation of every book limit of a PreTradeState, one entry per concrete
 * scope ('*' limits expand to every underlying / sector / strategy / held instrument): what the
 * monitoring loop (and stress testing) compares with the limits on live positions. Per-order limits
 * are about orders, not the book, and are not measured here (the monitor measures restricted
 * holdings with measureRestrictedHoldings). Metrics are those of project-limit-metric.ts.
 */
import type { EnforcementAction, LimitScope, LimitType } from './limit-definition.ts';
import type { CompiledLimit } from './compile-limits.ts';
import { isRestricted, NOT_IN_BOOK_SLOT, WILDCARD_SLOT } from './compile-limits.ts';
import { utilisation } from './check-book-limits.ts';
import type { OrderImpact } from './order-impact.ts';
import { computeOrderImpact, createOrderImpact } from './order-impact.ts';
import type { PreTradeState } from './pre-trade-state.ts';
import { createMetricProjection, projectLimitMetric } from './project-limit-metric.ts';

export interface LimitMeasurement {
  readonly limitId: string;
  readonly type: LimitType;
  readonly action: EnforcementAction;
  readonly scope: LimitScope;
  /** The metric (signed where it has a sign) and the magnitude compared with the limit. */
  readonly current: number;
  readonly magnitude: number;
  readonly limit: number;
  readonly utilisation: number;
  readonly breached: boolean;
}

/** Table indices a limit covers: its own label, or every label for '*'. */
export function scopeIndices(state: PreTradeState, limit: CompiledLimit): number[] {
  if (limit.scopeKind === 'portfolio') return [0];
  if (limit.slot !== WILDCARD_SLOT) return limit.slot === NOT_IN_BOOK_SLOT ? [] : [limit.slot];
  const t = state.tables;
  const n = limit.scopeKind === 'underlying' ? t.underlyings.names.length
    : limit.scopeKind === 'sector' ? t.sectors.names.length
      : limit.scopeKind === 'strategy' ? t.strategies.names.length : t.positions.keys.length;
  return Array.from({ length: n }, (_, i) => i);
}

export function scopeOf(state: PreTradeState, limit: CompiledLimit, index: number): LimitScope {
  const t = state.tables;
  switch (limit.scopeKind) {
    case 'portfolio': return { kind: 'portfolio' };
    case 'underlying': return { kind: 'underlying', value: t.underlyings.names[index]! };
    case 'sector': return { kind: 'sector', value: t.sectors.names[index]! };
    case 'strategy': return { kind: 'strategy', value: t.strategies.names[index]! };
    case 'symbol': return { kind: 'symbol', value: t.positions.keys[index]! };
  }
}

/** An impact with no legs: every projection then equals the current book. */
export function emptyImpact(state: PreTradeState): OrderImpact {
  const x = createOrderImpact({ legCapacity: 1, tables: state.tables });
  computeOrderImpact({ tables: state.tables, impact: x, withCorrelation: false });
  return x;
}

export function measureLimits({ state }: { state: PreTradeState }): LimitMeasurement[] {
  const x = emptyImpact(state);
  const p = createMetricProjection();
  const out: LimitMeasurement[] = [];
  for (const limit of state.limits) {
    if (limit.perOrder) continue;
    for (const index of scopeIndices(state, limit)) {
      projectLimitMetric(state, x, limit, index, -1, p);
      out.push({
        limitId: limit.id, type: limit.type, action: limit.definition.action, scope: scopeOf(state, limit, index),
        current: p.current, magnitude: p.currentMagnitude, limit: limit.amount,
        utilisation: utilisation(p.currentMagnitude, limit.amount), breached: !(p.currentMagnitude <= limit.amount),
      });
    }
  }
  return out;
}

/**
 * Each restricted-symbols list against the live book: the gross market value (base currency) of the
 * held positions whose instrument or underlying is on it. The limit is 0, so any such holding is a
 * breach (utilisation infinite) and the list's action (alert, close, emergency stop) applies to
 * positions as well as to orders.
 */
export function measureRestrictedHoldings(state: PreTradeState): LimitMeasurement[] {
  const pos = state.tables.positions; const names = state.tables.underlyings.names;
  return state.limits.filter((l) => l.type === 'restricted-symbols').map((limit) => {
    let gross = 0;
    for (let p = 0; p < pos.keys.length; p++) {
      if (isRestricted(limit, pos.keys[p]!) || isRestricted(limit, names[pos.underlying[p]!]!)) gross += Math.abs(pos.marketValue[p]!);
    }
    return {
      limitId: limit.id, type: limit.type, action: limit.definition.action, scope: limit.definition.scope,
      current: gross, magnitude: gross, limit: 0, utilisation: utilisation(gross, 0), breached: gross > 0,
    };
  });
}
