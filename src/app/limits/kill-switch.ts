import type { Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { Storage, TradingStateRecord } from '../ports.ts';
import { actorOf } from '../use-case-deps.ts';
import { tradingStateSubject } from './limit-audit.ts';
import { FIRM, notify, targetKey, type StateTarget, type TradingStateDeps } from './trading-state.ts';

export type KillSwitchInput = StateTarget & { readonly reason: string };

/**
 * Halts the firm or one portfolio at once and records who did it. Pressing an engaged switch
 * again changes nothing (`changed: false`): the first engager stays on record.
 */
export async function engageKillSwitch(deps: TradingStateDeps, actor: Principal, input: KillSwitchInput): Promise<Result<{ key: string; state: 'HALTED'; record: TradingStateRecord; changed: boolean }>> {
  const r = await deps.storage.transaction(async (tx) => {
    const key = await targetKey(tx, input, input.reason);
    if (!key.ok) return key;
    const before = await tx.tradingStates.get(key.value, { lock: true });
    if (before?.engaged === true) return ok({ key: key.value, state: 'HALTED' as const, record: before, changed: false });
    const at = deps.clock.now().toISOString();
    const after: TradingStateRecord = {
      key: key.value, state: 'HALTED', reason: input.reason, changedBy: actorOf(actor), changedAt: at,
      engaged: true, engagedBy: actorOf(actor), engagedAt: at, engagedReason: input.reason, stateBeforeEngaged: before?.state ?? 'ACTIVE',
    };
    await tx.tradingStates.upsert(after);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'kill-switch.engaged', subject: tradingStateSubject(key.value), payload: { before: before ?? null, after } });
    return ok({ key: key.value, state: 'HALTED' as const, record: after, changed: true });
  });
  return notify(deps, r);
}

/**
 * Releases an engaged kill switch back to the state it halted (ACTIVE, or REDUCE_ONLY / HALTED as a
 * person or drawdown protection had set it): only a person other than the one who engaged it may.
 */
export async function releaseKillSwitch(deps: TradingStateDeps, actor: Principal, input: KillSwitchInput): Promise<Result<TradingStateRecord>> {
  const r = await deps.storage.transaction(async (tx): Promise<Result<TradingStateRecord>> => {
    const key = await targetKey(tx, input, input.reason);
    if (!key.ok) return key;
    const before = await tx.tradingStates.get(key.value, { lock: true });
    if (before === undefined || !before.engaged) return fail('KILL_SWITCH_NOT_ENGAGED', `the kill switch of ${key.value === FIRM ? 'the firm' : `portfolio "${key.value}"`} is not engaged`);
    if (before.engagedBy === actorOf(actor)) return fail('TWO_PERSON_RULE', 'the kill switch must be released by a risk manager other than the one who engaged it');
    const after: TradingStateRecord = {
      key: key.value, state: before.stateBeforeEngaged ?? 'ACTIVE', reason: input.reason, changedBy: actorOf(actor), changedAt: deps.clock.now().toISOString(),
      engaged: false, engagedBy: null, engagedAt: null, engagedReason: null, stateBeforeEngaged: null,
    };
    await tx.tradingStates.upsert(after);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'kill-switch.released', subject: tradingStateSubject(key.value), payload: { before, after } });
    return ok(after);
  });
  return notify(deps, r);
}

export interface KillSwitchView {
  readonly engaged: boolean;
  readonly state: TradingStateRecord['state'];
  readonly engagedBy: string | null;
  readonly engagedAt: string | null;
  readonly reason: string | null;
}

/** The firm's kill switch and every engaged portfolio kill switch. */
export async function listKillSwitches(deps: { storage: Storage }): Promise<{ firm: KillSwitchView; portfolios: Array<KillSwitchView & { portfolioId: string }> }> {
  const view = (r: TradingStateRecord): KillSwitchView => ({ engaged: r.engaged, state: r.state, engagedBy: r.engagedBy, engagedAt: r.engagedAt, reason: r.engagedReason });
  const all = await deps.storage.tradingStates.list();
  const firm = all.find((r) => r.key === FIRM);
  return {
    firm: firm === undefined ? { engaged: false, state: 'ACTIVE', engagedBy: null, engagedAt: null, reason: null } : view(firm),
    portfolios: all.filter((r) => r.key !== FIRM && r.engaged).map((r) => ({ portfolioId: r.key, ...view(r) })),
  };
}
