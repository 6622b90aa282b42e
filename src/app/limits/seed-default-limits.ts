import { canonicalJson } from '../../core/audit/audit-chain.ts';
import type { Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { Stores, StoredLimit } from '../ports.ts';
import type { LimitSettings } from '../risk/what-if.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { limitSubject } from './limit-audit.ts';
import { DEFAULT_WARNING_LEVELS, type LimitFields } from './limit-rules.ts';

/** The config's `risk.limits` (volatility is optional: absent, no volatility limit is made). */
export type DefaultLimitSettings = LimitSettings & { readonly volatilityLimitAnnualized?: number };

const base = { warningLevels: DEFAULT_WARNING_LEVELS, active: true, action: 'block-new' as const };

/** The default limits a portfolio gets from config, with stable ids so that re-applying updates them in place. */
export function defaultLimitFields(s: DefaultLimitSettings): Array<{ id: string } & LimitFields> {
  const portfolio = { kind: 'portfolio' as const };
  const nav = (amount: number) => ({ mode: 'fraction-of-nav' as const, amount });
  const out: Array<{ id: string } & LimitFields> = [
    { ...base, id: 'default-var-95', type: 'var', scope: portfolio, value: nav(s.var95FractionOfNav), params: { confidence: 0.95 }, description: '1-day VaR at 95 % as a fraction of NAV (config risk.limits.var95FractionOfNav)' },
    { ...base, id: 'default-var-99', type: 'var', scope: portfolio, value: nav(s.var99FractionOfNav), params: { confidence: 0.99 }, description: '1-day VaR at 99 % as a fraction of NAV (config risk.limits.var99FractionOfNav)' },
    { ...base, id: 'default-position-size', type: 'position-size', scope: { kind: 'symbol', value: '*' }, value: nav(s.maxPositionFractionOfNav), params: { basis: 'notional' }, description: 'Each position, notional as a fraction of NAV (config risk.limits.maxPositionFractionOfNav)' },
    { ...base, id: 'default-sector-exposure', type: 'sector-exposure', scope: { kind: 'sector', value: '*' }, value: nav(s.maxSectorExposureFractionOfNav), params: {}, description: 'Exposure of each sector as a fraction of NAV (config risk.limits.maxSectorExposureFractionOfNav)' },
    { ...base, id: 'default-leverage', type: 'leverage', scope: portfolio, value: { mode: 'absolute', amount: s.maxLeverage }, params: {}, description: 'Gross exposure / NAV (config risk.limits.maxLeverage)' },
  ];
  if (s.volatilityLimitAnnualized !== undefined) {
    out.push({ ...base, action: 'alert', id: 'default-volatility', type: 'volatility', scope: portfolio, value: { mode: 'absolute', amount: s.volatilityLimitAnnualized }, params: {}, description: 'Annualised portfolio volatility (config risk.limits.volatilityLimitAnnualized)' });
  }
  return out;
}

// Canonical JSON: jsonb hands objects back with its own key order.
const sameFields = (a: LimitFields, b: LimitFields): boolean =>
  canonicalJson([a.type, a.scope, a.value, a.warningLevels, a.action, a.active, a.description, a.params])
  === canonicalJson([b.type, b.scope, b.value, b.warningLevels, b.action, b.active, b.description, b.params]);

/**
 * Writes the default limits inside the caller's transaction (createPortfolio calls it in its own):
 * missing ones are created, changed ones updated (version + 1), identical ones left alone.
 * The portfolio must exist in `tx`.
 */
export async function writeDefaultLimits(tx: Stores, args: { actor: Principal; portfolioId: string; settings: DefaultLimitSettings; at: string }): Promise<{ limits: StoredLimit[]; changed: number; limitsVersion: number }> {
  const { portfolioId, at } = args;
  // First, for its row lock: changes to one portfolio's limits are serialised.
  const limitsVersion = await tx.limits.bumpVersion(portfolioId);
  const limits: StoredLimit[] = [];
  let changed = 0;
  const events: Array<{ eventType: string; subject: string; payload: Record<string, unknown> }> = [];
  for (const { id, ...fields } of defaultLimitFields(args.settings)) {
    const before = await tx.limits.get(portfolioId, id);
    if (before !== undefined && sameFields(before, fields)) { limits.push(before); continue; }
    const after: StoredLimit = before === undefined
      ? { id, portfolioId, ...fields, version: 1, createdAt: at, updatedAt: at }
      : { ...before, ...fields, version: before.version + 1, updatedAt: at };
    if (before === undefined) await tx.limits.insert(after); else await tx.limits.update(after);
    events.push({ eventType: before === undefined ? 'limit.created' : 'limit.updated', subject: limitSubject(portfolioId, id), payload: { before: before ?? null, after, source: 'config-defaults' } });
    limits.push(after);
    changed += 1;
  }
  for (const e of events) await tx.audit.append({ actor: actorOf(args.actor), ...e, payload: { ...e.payload, limitsVersion } });
  return { limits, changed, limitsVersion };
}

/** (Re)applies the config's default limits to a portfolio in one transaction. */
export async function seedDefaultLimits(deps: UseCaseDeps, actor: Principal, portfolioId: string, settings: DefaultLimitSettings): Promise<Result<{ limits: StoredLimit[]; changed: number; limitsVersion: number }>> {
  const at = deps.clock.now().toISOString();
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
    return ok(await writeDefaultLimits(tx, { actor, portfolioId, settings, at }));
  });
}
