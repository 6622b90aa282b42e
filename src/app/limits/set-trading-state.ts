import type { Principal } from '../../core/auth/role.ts';
import type { TradingState } from '../../core/limits/limit-definition.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { TradingStateRecord } from '../ports.ts';
import { actorOf } from '../use-case-deps.ts';
import { tradingStateSubject } from './limit-audit.ts';
import { notify, targetKey, type StateTarget, type TradingStateDeps } from './trading-state.ts';

/**
 * Sets the firm's or a portfolio's trading state (a person, enforcement, drawdown protection).
 * An engaged kill switch is not overridden here: it is released through releaseKillSwitch.
 */
export async function setTradingState(deps: TradingStateDeps, actor: Principal, input: StateTarget & { state: TradingState; reason: string }): Promise<Result<TradingStateRecord>> {
  const r = await deps.storage.transaction(async (tx): Promise<Result<TradingStateRecord>> => {
    const key = await targetKey(tx, input, input.reason);
    if (!key.ok) return key;
    const before = await tx.tradingStates.get(key.value, { lock: true });
    if (before?.engaged === true) return fail('KILL_SWITCH_ENGAGED', `the kill switch of ${key.value === 'firm' ? 'the firm' : `portfolio "${key.value}"`} is engaged (by ${before.engagedBy ?? '?'}); release it through POST /api/v1/kill-switch/release`);
    const after: TradingStateRecord = {
      key: key.value, state: input.state, reason: input.reason, changedBy: actorOf(actor), changedAt: deps.clock.now().toISOString(),
      engaged: false, engagedBy: null, engagedAt: null, engagedReason: null, stateBeforeEngaged: null,
    };
    await tx.tradingStates.upsert(after);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'trading-state.changed', subject: tradingStateSubject(key.value), payload: { before: before ?? null, after } });
    return ok(after);
  });
  return notify(deps, r);
}
