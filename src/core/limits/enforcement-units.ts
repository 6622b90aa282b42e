/**
 * What enforcement may trade in a limit's scope: stand-alone positions, and whole strategy groups
 * (every position sharing a strategyGroupId, also legs outside the scope, so that a spread is never
 * left half closed). A unit is traded in whole lots; see plan-enforcement.ts.
 */
import type { CompiledLimit } from './compile-limits.ts';
import { isRestricted } from './compile-limits.ts';
import type { PreTradeState } from './pre-trade-state.ts';

export interface EnforcementUnit {
  /** Position indices (non-zero quantities only). */
  readonly positions: readonly number[];
  /** Signed quantity of one lot of each position (same sign as the position). */
  readonly lotQuantities: readonly number[];
  /** Lots in the unit: closing them all flattens it. */
  readonly lots: number;
  /** Largest |share-equivalent delta| / ADV over the unit's positions (Infinity without ADV). */
  readonly daysToLiquidate: number;
  readonly strategyGroupId: string | null;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function inScope(state: PreTradeState, limit: CompiledLimit, index: number, p: number): boolean {
  const pos = state.tables.positions; const und = state.tables.underlyings;
  if (limit.type === 'restricted-symbols') return isRestricted(limit, pos.keys[p]!) || isRestricted(limit, und.names[pos.underlying[p]!]!);
  if (index < 0) return false;
  switch (limit.scopeKind) {
    case 'portfolio': return true;
    case 'underlying': return pos.underlying[p] === index;
    case 'sector': return und.sector[pos.underlying[p]!] === index;
    case 'strategy': return pos.strategy[p] === index;
    case 'symbol': return p === index;
  }
}

function unitOf(state: PreTradeState, positions: number[], strategyGroupId: string | null): EnforcementUnit {
  const pos = state.tables.positions; const und = state.tables.underlyings;
  const quantities = positions.map((p) => pos.quantity[p]!);
  const whole = quantities.every(Number.isInteger);
  const lots = whole ? quantities.reduce((g, q) => gcd(g, Math.abs(q)), 0) : 1;
  let days = 0;
  for (const p of positions) {
    const u = pos.underlying[p]!; const adv = und.averageDailyVolume[u]!;
    const shares = Math.abs(pos.quantity[p]! * pos.multiplier[p]! * pos.unitDelta[p]!);
    days = Math.max(days, shares === 0 ? 0 : adv > 0 ? shares / adv : Number.POSITIVE_INFINITY);
  }
  return { positions, lotQuantities: quantities.map((q) => q / lots), lots, daysToLiquidate: days, strategyGroupId };
}

export function enforcementUnits({ state, limit, index }: { state: PreTradeState; limit: CompiledLimit; index: number }): EnforcementUnit[] {
  const pos = state.tables.positions;
  const members = new Map<string, number[]>();
  for (let p = 0; p < pos.keys.length; p++) {
    const g = pos.strategyGroupIds[p];
    if (g === null || g === undefined || pos.quantity[p] === 0) continue;
    const list = members.get(g);
    if (list === undefined) members.set(g, [p]); else list.push(p);
  }
  const units: EnforcementUnit[] = [];
  const taken = new Set<string>();
  for (let p = 0; p < pos.keys.length; p++) {
    if (pos.quantity[p] === 0 || !inScope(state, limit, index, p)) continue;
    const g = pos.strategyGroupIds[p] ?? null;
    if (g === null) { units.push(unitOf(state, [p], null)); continue; }
    if (taken.has(g)) continue;
    taken.add(g);
    units.push(unitOf(state, members.get(g)!, g));
  }
  return units;
}
