import type { Principal } from '../../core/auth/role.ts';
import { INVALID_INPUT } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { StoredLimit } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { limitSubject } from './limit-audit.ts';
import { limitProblems, toScope, type LimitFields, type ScopeInput } from './limit-rules.ts';

export type LimitPatch = Partial<Omit<LimitFields, 'scope'>> & { readonly scope?: ScopeInput };

/** Changes the given fields (params are replaced whole); the limit's version goes up by one. */
export async function updateLimit(deps: UseCaseDeps, actor: Principal, portfolioId: string, limitId: string, patch: LimitPatch): Promise<Result<StoredLimit>> {
  const { scope: scopeInput, ...rest } = patch;
  const scope = scopeInput === undefined ? undefined : toScope(scopeInput);
  if (scope !== undefined && scope.problems.length > 0) return fail(INVALID_INPUT, `${scope.problems.length} problem(s) in the limit; nothing was written`, scope.problems);
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
    const limitsVersion = await tx.limits.bumpVersion(portfolioId);
    const before = await tx.limits.get(portfolioId, limitId);
    if (before === undefined) return fail('LIMIT_NOT_FOUND', `limit "${limitId}" does not exist in portfolio "${portfolioId}"`);
    const after: StoredLimit = { ...before, ...rest, ...(scope === undefined ? {} : { scope: scope.scope }), version: before.version + 1, updatedAt: deps.clock.now().toISOString() };
    const problems = limitProblems(after);
    if (problems.length > 0) return fail(INVALID_INPUT, `${problems.length} problem(s) in the limit; nothing was written`, problems);
    // A raise is an amount in the limit's mode: it would mean something else in another mode.
    if (after.value.mode !== before.value.mode) {
      const raises = [...await tx.limitOverrides.list(portfolioId, { limitId, status: 'pending' }), ...await tx.limitOverrides.list(portfolioId, { limitId, status: 'active' })].filter((o) => o.kind === 'raise');
      if (raises.length > 0) return fail('LIMIT_HAS_OVERRIDES', `limit "${limitId}" has raise(s) ${raises.map((o) => o.id).join(', ')} in ${before.value.mode}; revoke them before changing its mode`);
    }
    await tx.limits.update(after);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'limit.updated', subject: limitSubject(portfolioId, limitId), payload: { before, after, limitsVersion } });
    return ok(after);
  });
}
