import type { TradingState } from '../../core/limits/limit-definition.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { Storage, Stores, TradingStateKey, TradingStateRecord } from '../ports.ts';
import type { UseCaseDeps } from '../use-case-deps.ts';

/** Told of every committed trading-state change (the in-memory pre-trade gate updates at once). Must not throw. */
export type TradingStateListener = (key: TradingStateKey, state: TradingState) => void;

export interface TradingStateDeps extends UseCaseDeps {
  readonly onTradingStateChange?: TradingStateListener;
}

export const FIRM: TradingStateKey = 'firm';
const RANK: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCE_ONLY: 1, HALTED: 2 };

/** The stricter of the firm's and the portfolio's states: a firm-wide HALTED stops every portfolio. Pure. */
export const combineTradingStates = (firm: TradingState, portfolio: TradingState): TradingState =>
  (RANK[firm] >= RANK[portfolio] ? firm : portfolio);

export interface EffectiveTradingState {
  readonly portfolioId: string;
  readonly state: TradingState;
  /** Where the effective state comes from; 'default' = nothing set anywhere (ACTIVE). */
  readonly source: 'firm' | 'portfolio' | 'default';
  readonly firm: TradingStateRecord | null;
  readonly portfolio: TradingStateRecord | null;
}

/** Pure: the effective state from the two records. */
export function effectiveTradingState(portfolioId: string, firm: TradingStateRecord | undefined, portfolio: TradingStateRecord | undefined): EffectiveTradingState {
  const f = firm?.state ?? 'ACTIVE';
  const p = portfolio?.state ?? 'ACTIVE';
  const state = combineTradingStates(f, p);
  const source = f !== 'ACTIVE' && RANK[f] >= RANK[p] ? 'firm' : portfolio !== undefined ? 'portfolio' : firm !== undefined ? 'firm' : 'default';
  return { portfolioId, state, source, firm: firm ?? null, portfolio: portfolio ?? null };
}

/** The state orders of a portfolio are judged under. */
export async function getEffectiveTradingState(deps: { storage: Storage }, portfolioId: string): Promise<Result<EffectiveTradingState>> {
  if (!(await deps.storage.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
  const [firm, portfolio] = [await deps.storage.tradingStates.get(FIRM), await deps.storage.tradingStates.get(portfolioId)];
  return ok(effectiveTradingState(portfolioId, firm, portfolio));
}

export interface StateTarget { readonly scope: 'firm' | 'portfolio'; readonly portfolioId?: string }

/** Resolves a scope to its key, checking the portfolio exists (inside the caller's transaction). */
export async function targetKey(tx: Stores, t: StateTarget, reason: string): Promise<Result<TradingStateKey>> {
  const problems: InputProblem[] = [];
  if (t.scope === 'portfolio' && t.portfolioId === undefined) problems.push({ path: '/portfolioId', message: 'required when scope is "portfolio"' });
  if (t.scope === 'firm' && t.portfolioId !== undefined) problems.push({ path: '/portfolioId', message: 'must be absent when scope is "firm"' });
  if (t.scope === 'portfolio' && t.portfolioId === FIRM) problems.push({ path: '/portfolioId', message: `"${FIRM}" names the firm-wide state; a portfolio cannot use it` });
  if (reason.trim() === '') problems.push({ path: '/reason', message: 'must not be blank' });
  if (problems.length > 0) return fail(INVALID_INPUT, `${problems.length} problem(s) in the request; nothing was changed`, problems);
  if (t.scope === 'firm') return ok(FIRM);
  const id = t.portfolioId as string;
  if (!(await tx.portfolios.get(id))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${id}" does not exist`);
  return ok(id);
}

/** Tells the listener after the commit. */
export function notify<T extends { key: TradingStateKey; state: TradingState }>(deps: TradingStateDeps, r: Result<T>): Result<T> {
  if (r.ok) deps.onTradingStateChange?.(r.value.key, r.value.state);
  return r;
}
