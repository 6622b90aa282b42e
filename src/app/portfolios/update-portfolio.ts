import type { Principal } from '../../core/auth/role.ts';
import type { Portfolio, PortfolioStatus } from '../../core/portfolio/portfolio.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';

export interface UpdatePortfolioInput {
  name?: string; baseCurrency?: string; cash?: number; benchmarkSymbol?: string | null; status?: PortfolioStatus;
}

/** Changes the given fields; the audit event records before and after. */
export async function updatePortfolio(deps: UseCaseDeps, actor: Principal, id: string, input: UpdatePortfolioInput): Promise<Result<Portfolio>> {
  return deps.storage.transaction(async (tx) => {
    const before = await tx.portfolios.get(id);
    if (before === undefined) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${id}" does not exist`);
    const after: Portfolio = { ...before, ...input, updatedAt: deps.clock.now().toISOString() };
    await tx.portfolios.update(after);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'portfolio.updated', subject: `portfolio:${id}`, payload: { before, after } });
    return ok(after);
  });
}
