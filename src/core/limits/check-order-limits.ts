/**
 * Per-order limits (SEC 15c3-5 / MiFID II RTS 6 style). They judge the order itself, so they block
 * whenever violated, whether or not the order reduces the book's risk; only action 'alert' turns a
 * violation into a warning (..._ALERT).
 *
 * - order-quantity: |quantity| of each leg in scope (shares or contracts) <= amount.
 * - order-notional: sum over legs in scope of |quantity| x multiplier x price <= amount (currency);
 *   price = the underlying's spot (basis 'underlying', default: the underlying value the order
 *   moves, as in W4) or the leg's limit price, else its reference price (basis 'premium').
 *   Scope '*': per underlying (underlying scope) or per instrument (symbol scope).
 * - price-collar: |limitPrice / reference - 1| <= amount for each leg in scope with a limit price
 *   (market orders have no price to collar). Reference ('last' default, or 'mid'): the underlying's
 *   quote for equities; for options the option's own quote when the state has one, else its model
 *   (or marked) price. A missing equity reference fails closed (MARKET_DATA_MISSING).
 * - order-rate: ordersInLastSecond + 1 <= amount (orders per second for the portfolio).
 * - restricted-symbols: no leg whose instrument key, symbol or underlying is in params.symbols (or
 *   is the limit's scope value).
 */
import type { LimitScope } from './limit-definition.ts';
import type { CompiledLimit } from './compile-limits.ts';
import { isRestricted, WILDCARD_SLOT } from './compile-limits.ts';
import type { LimitFindings } from './check-book-limits.ts';
import { utilisation, warningLevel } from './check-book-limits.ts';
import type { OrderImpact } from './order-impact.ts';
import type { PreTradeReason } from './pre-trade-decision.ts';
import type { PreTradeState } from './pre-trade-state.ts';

function legInScope(limit: CompiledLimit, x: OrderImpact, j: number): boolean {
  if (limit.scopeKind === 'portfolio' || limit.slot === WILDCARD_SLOT) return true;
  if (limit.scopeKind === 'underlying') return x.legUnderlying[j] === limit.slot;
  return x.legKey[j] === limit.scopeValue;
}

interface OrderCheck {
  readonly current: number | null;
  readonly value: number;
  readonly legIndex: number | null;
  /** Concrete scope value for a '*' limit (instrument key or underlying), null = the limit's own scope. */
  readonly scopeValue: string | null;
}

function judge(limit: CompiledLimit, findings: LimitFindings, f: OrderCheck): void {
  const breached = !(f.value <= limit.amount);
  const u = utilisation(f.value, limit.amount);
  const level = breached ? 1 : warningLevel(limit, u);
  if (level === 0) return;
  const scope: LimitScope = f.scopeValue === null ? limit.definition.scope : { kind: limit.scopeKind === 'symbol' ? 'symbol' : 'underlying', value: f.scopeValue };
  if (breached && limit.blocks) {
    findings.reasons.push({ code: limit.codes.exceeded, limitId: limit.id, scope, current: f.current, projected: f.value, limit: limit.amount, utilisation: u, legIndex: f.legIndex, message: limit.messages.exceeded });
    return;
  }
  const code = breached ? limit.codes.alert : limit.codes.warning;
  const message = breached ? limit.messages.alert : limit.messages.warning;
  findings.warnings.push({ code, limitId: limit.id, scope, current: f.current, projected: f.value, limit: limit.amount, utilisation: u, legIndex: f.legIndex, message, level });
}

function legNotional(state: PreTradeState, x: OrderImpact, limit: CompiledLimit, j: number): number {
  const units = Math.abs(x.legQuantity[j]!) * x.legMultiplier[j]!;
  if (limit.choice === 'premium') {
    const lp = x.legLimitPrice[j]!;
    return units * (Number.isNaN(lp) ? x.legUnitPrice[j]! : lp);
  }
  return units * state.tables.underlyings.spot[x.legUnderlying[j]!]!;
}

function checkNotional(state: PreTradeState, x: OrderImpact, limit: CompiledLimit, findings: LimitFindings): void {
  const und = state.tables.underlyings;
  if (limit.slot === WILDCARD_SLOT && limit.scopeKind === 'underlying') {
    for (let k = 0; k < x.underlyingCount; k++) {
      const u = x.touchedUnderlying[k]!; let sum = 0;
      for (let j = 0; j < x.legCount; j++) if (x.legUnderlying[j] === u) sum += legNotional(state, x, limit, j);
      judge(limit, findings, { current: null, value: sum, legIndex: null, scopeValue: und.names[u]! });
    }
    return;
  }
  if (limit.slot === WILDCARD_SLOT && limit.scopeKind === 'symbol') {
    for (let g = 0; g < x.groupCount; g++) {
      let sum = 0;
      for (let j = 0; j < x.legCount; j++) if (x.legGroup[j] === g) sum += legNotional(state, x, limit, j);
      judge(limit, findings, { current: null, value: sum, legIndex: null, scopeValue: x.groupKey[g]! });
    }
    return;
  }
  let sum = 0; let any = false;
  for (let j = 0; j < x.legCount; j++) if (legInScope(limit, x, j)) { sum += legNotional(state, x, limit, j); any = true; }
  if (any) judge(limit, findings, { current: null, value: sum, legIndex: null, scopeValue: null });
}

function checkCollar(state: PreTradeState, x: OrderImpact, limit: CompiledLimit, findings: LimitFindings): void {
  const und = state.tables.underlyings;
  for (let j = 0; j < x.legCount; j++) {
    const price = x.legLimitPrice[j]!;
    if (Number.isNaN(price) || !legInScope(limit, x, j)) continue;
    const u = x.legUnderlying[j]!; const key = x.legKey[j]!;
    let reference: number;
    if (x.legIsOption[j] === 1) {
      const q = state.instrumentQuotes.get(key);
      const quoted = q === undefined ? null : limit.choice === 'mid' ? q.mid : q.last;
      reference = quoted !== null && quoted > 0 ? quoted : x.legUnitPrice[j]!;
    } else reference = limit.choice === 'mid' ? und.mid[u]! : und.last[u]!;
    const scopeValue = limit.slot !== WILDCARD_SLOT ? null : limit.scopeKind === 'symbol' ? key : und.names[u]!;
    if (!(reference > 0)) {
      const scope: LimitScope = scopeValue === null ? limit.definition.scope : { kind: limit.scopeKind === 'symbol' ? 'symbol' : 'underlying', value: scopeValue };
      findings.reasons.push({ code: 'MARKET_DATA_MISSING', limitId: limit.id, scope, current: null, projected: price, limit: limit.amount, utilisation: null, legIndex: j, message: `no ${limit.choice} price for ${key} to check the price collar` });
      continue;
    }
    const deviation = Math.abs(price / reference - 1);
    judge(limit, findings, { current: null, value: deviation, legIndex: j, scopeValue });
  }
}

export function checkOrderLimits(state: PreTradeState, x: OrderImpact, ordersInLastSecond: number, findings: LimitFindings): void {
  const und = state.tables.underlyings;
  for (const limit of state.limits) {
    if (!limit.perOrder) continue;
    switch (limit.type) {
      case 'order-quantity':
        for (let j = 0; j < x.legCount; j++) {
          if (!legInScope(limit, x, j)) continue;
          const q = Math.abs(x.legQuantity[j]!);
          const scopeValue = limit.slot !== WILDCARD_SLOT ? null : limit.scopeKind === 'symbol' ? x.legKey[j]! : und.names[x.legUnderlying[j]!]!;
          judge(limit, findings, { current: null, value: q, legIndex: j, scopeValue });
        }
        break;
      case 'order-notional': checkNotional(state, x, limit, findings); break;
      case 'price-collar': checkCollar(state, x, limit, findings); break;
      case 'order-rate':
        judge(limit, findings, { current: ordersInLastSecond, value: ordersInLastSecond + 1, legIndex: null, scopeValue: null });
        break;
      case 'restricted-symbols':
        for (let j = 0; j < x.legCount; j++) {
          const key = x.legKey[j]!; const underlying = und.names[x.legUnderlying[j]!]!;
          const hit = isRestricted(limit, key) ? key : isRestricted(limit, underlying) ? underlying : null;
          if (hit === null) continue;
          const r: PreTradeReason = { code: limit.blocks ? limit.codes.exceeded : limit.codes.alert, limitId: limit.id, scope: { kind: 'symbol', value: hit }, current: null, projected: null, limit: null, utilisation: null, legIndex: j, message: `${hit} is restricted` };
          if (limit.blocks) findings.reasons.push(r); else findings.warnings.push({ ...r, level: 1 });
        }
        break;
      default: break;
    }
  }
}
