import type { Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { limitSubject } from './limit-audit.ts';

/** Deletes a limit with its overrides (violation history is kept). */
export async function deleteLimit(deps: UseCaseDeps, actor: Principal, portfolioId: string, limitId: string): Promise<Result<{ id: string; limitsVersion: number }>> {
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
    const limitsVersion = await tx.limits.bumpVersion(portfolioId);
    const before = await tx.limits.get(portfolioId, limitId);
    if (before === undefined) return fail('LIMIT_NOT_FOUND', `limit "${limitId}" does not exist in portfolio "${portfolioId}"`);
    const overridesRemoved = (await tx.limitOverrides.list(portfolioId, { limitId })).map((o) => ({ id: o.id, status: o.status }));
    await tx.limits.delete(portfolioId, limitId);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'limit.deleted', subject: limitSubject(portfolioId, limitId), payload: { before, after: null, overridesRemoved, limitsVersion } });
    return ok({ id: limitId, limitsVersion });
  });
}
