import type { Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';

/** Deletes a portfolio with its positions and NAV history; the audit event keeps what was deleted. */
export async function deletePortfolio(deps: UseCaseDeps, actor: Principal, id: string): Promise<Result<{ id: string }>> {
  return deps.storage.transaction(async (tx) => {
    const before = await tx.portfolios.get(id);
    if (before === undefined) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${id}" does not exist`);
    const positions = await tx.positions.list(id);
    await tx.portfolios.delete(id);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'portfolio.deleted', subject: `portfolio:${id}`, payload: { before, positions } });
    return ok({ id });
  });
}
