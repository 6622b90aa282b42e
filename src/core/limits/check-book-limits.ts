/**
 * Judges every book limit (all types except the per-order ones) for the scopes an order touches.
 *
 * THE INCREASE / REDUCE RULE. Whether an order increases or reduces risk is decided per limit
 * dimension, never for the order as a whole. For each active limit and each scope the order
 * touches (a '*' limit: each underlying / sector / strategy / instrument the legs touch), the
 * limit's metric is computed for the book as it is (current) and with all legs applied together
 * (projected). The order is blocked by that limit only if
 *   (1) the projected metric exceeds the limit (|projected| > limit; projected > limit for the
 *       one-sided metrics daily loss, theta decay cost and average correlation), and
 *   (2) either the metric is within the limit now (the order causes the breach), or the order
 *       increases it: |projected| > |current| (one-sided: projected > current; daily loss, whose
 *       metric rises with any trade: the order raises the book's one-day 3-sd delta loss
 *       sum_u sd_u |e_u|).
 * So an order that moves a breached metric toward compliance, or leaves it unchanged, passes that
 * limit even if the metric is still above it; an order that makes a compliant metric cross the
 * limit, or a breached one worse, is blocked. Actions 'block-new', 'reduce', 'close' and
 * 'emergency-stop' block such orders; 'alert' never blocks: the breach is returned as a warning
 * with code ..._ALERT. Scopes the order does not touch are not judged (their metric is unchanged).
 * Per-order limits (quantity, notional, price collar, order rate, restricted symbols) are not
 * about the book: they block whenever violated, whatever the direction (check-order-limits.ts).
 *
 * Warnings: when the order changes a metric and its projected utilisation reaches a warning level
 * of the limit, one warning names the highest level reached (level 1 when the limit is exceeded
 * but the order passes because it does not increase that metric).
 */
import type { LimitScope } from './limit-definition.ts';
import type { CompiledLimit } from './compile-limits.ts';
import { SCOPE_CODE, WILDCARD_SLOT } from './compile-limits.ts';
import type { OrderImpact } from './order-impact.ts';
import type { PreTradeReason, PreTradeWarning } from './pre-trade-decision.ts';
import type { PreTradeState } from './pre-trade-state.ts';
import type { MetricProjection } from './project-limit-metric.ts';
import { createMetricProjection, projectLimitMetric } from './project-limit-metric.ts';

const projection = createMetricProjection();
const UNDERLYING = SCOPE_CODE.underlying; const SECTOR = SCOPE_CODE.sector; const STRATEGY = SCOPE_CODE.strategy; const SYMBOL = SCOPE_CODE.symbol;

export interface LimitFindings {
  readonly reasons: PreTradeReason[];
  readonly warnings: PreTradeWarning[];
  /** Name of the order's strategy for scopes not yet in the book. */
  readonly newStrategyName: string;
}

export function checkBookLimits(state: PreTradeState, x: OrderImpact, findings: LimitFindings): void {
  const limits = state.limits;
  for (let i = 0; i < limits.length; i++) {
    const limit = limits[i]!;
    if (limit.perOrder) continue;
    const slot = limit.slot;
    switch (limit.scopeCode) {
      case UNDERLYING:
        if (slot === WILDCARD_SLOT) for (let k = 0; k < x.underlyingCount; k++) judge(state, x, limit, x.touchedUnderlying[k]!, k, findings);
        else if (slot >= 0 && x.underlyingStamp[slot] === x.stamp) judge(state, x, limit, slot, x.underlyingSlot[slot]!, findings);
        break;
      case SECTOR:
        if (slot === WILDCARD_SLOT) for (let k = 0; k < x.sectorCount; k++) judge(state, x, limit, x.touchedSector[k]!, k, findings);
        else if (slot >= 0 && x.sectorStamp[slot] === x.stamp) judge(state, x, limit, slot, x.sectorSlot[slot]!, findings);
        break;
      case STRATEGY:
        if (slot === WILDCARD_SLOT) for (let k = 0; k < x.strategyCount; k++) judge(state, x, limit, x.touchedStrategy[k]!, k, findings);
        else if (slot >= 0 && x.strategyStamp[slot + 1] === x.stamp) judge(state, x, limit, slot, x.strategySlot[slot + 1]!, findings);
        break;
      case SYMBOL:
        for (let g = 0; g < x.groupCount; g++) {
          if (slot === WILDCARD_SLOT || x.groupKey[g] === limit.scopeValue) judge(state, x, limit, x.groupPosition[g]!, g, findings);
        }
        break;
      default: judge(state, x, limit, 0, -1, findings);
    }
  }
}

function judge(state: PreTradeState, x: OrderImpact, limit: CompiledLimit, index: number, k: number, findings: LimitFindings): void {
  projectLimitMetric(state, x, limit, index, k, projection);
  const p = projection;
  const breached = !(p.projectedMagnitude <= limit.amount);
  // a compliant metric that the order pushes over the limit is blocked whatever `increases` says
  // (this matters only for daily loss, whose increase test is not |projected| > |current|)
  if (breached && (p.increases || p.currentMagnitude <= limit.amount)) {
    const scope = concreteScope(state, x, limit, index, k, findings.newStrategyName);
    if (limit.blocks) findings.reasons.push(limitReason(limit, limit.codes.exceeded, scope, p, limit.messages.exceeded));
    else findings.warnings.push(limitWarning(limit, limit.codes.alert, scope, p, limit.messages.alert, 1));
    return;
  }
  if (p.projected === p.current) return;
  const level = warningLevel(limit, utilisation(p.projectedMagnitude, limit.amount));
  if (level > 0) {
    const scope = concreteScope(state, x, limit, index, k, findings.newStrategyName);
    findings.warnings.push(limitWarning(limit, limit.codes.warning, scope, p, breached ? limit.messages.notIncreased : limit.messages.warning, level));
  }
}

/** |projected| / limit; a zero limit gives Infinity for any exposure and 0 for none. */
export function utilisation(magnitude: number, limit: number): number {
  if (limit > 0) return magnitude / limit;
  return magnitude > 0 || Number.isNaN(magnitude) ? Number.POSITIVE_INFINITY : 0;
}

/** Highest warning level reached (1 above the limit), 0 for none. */
export function warningLevel(limit: CompiledLimit, u: number): number {
  if (u > 1) return 1;
  let level = 0;
  const levels = limit.warningLevels;
  for (let i = 0; i < levels.length; i++) if (u >= levels[i]!) level = levels[i]!;
  return level;
}

function limitReason(limit: CompiledLimit, code: PreTradeReason['code'], scope: LimitScope, p: MetricProjection, message: string): PreTradeReason {
  return {
    code, limitId: limit.id, scope, current: p.current, projected: p.projected, limit: limit.amount,
    utilisation: utilisation(p.projectedMagnitude, limit.amount), legIndex: null, message,
  };
}

function limitWarning(limit: CompiledLimit, code: PreTradeReason['code'], scope: LimitScope, p: MetricProjection, message: string, level: number): PreTradeWarning {
  return {
    code, limitId: limit.id, scope, current: p.current, projected: p.projected, limit: limit.amount,
    utilisation: utilisation(p.projectedMagnitude, limit.amount), legIndex: null, message, level,
  };
}

function concreteScope(state: PreTradeState, x: OrderImpact, limit: CompiledLimit, index: number, k: number, newStrategy: string): LimitScope {
  if (limit.slot !== WILDCARD_SLOT) return limit.definition.scope;
  const t = state.tables;
  switch (limit.scopeKind) {
    case 'underlying': return { kind: 'underlying', value: t.underlyings.names[index]! };
    case 'sector': return { kind: 'sector', value: t.sectors.names[index]! };
    case 'strategy': return { kind: 'strategy', value: index >= 0 ? t.strategies.names[index]! : newStrategy };
    case 'symbol': return { kind: 'symbol', value: x.groupKey[k]! };
    case 'portfolio': return limit.definition.scope;
  }
}
