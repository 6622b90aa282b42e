import type { Principal } from '../../core/auth/role.ts';
import type { Portfolio, PortfolioStatus } from '../../core/portfolio/portfolio.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { writeDefaultLimits, type DefaultLimitSettings } from '../limits/seed-default-limits.ts';

export interface CreatePortfolioInput {
  id?: string; name: string; baseCurrency: string; cash?: number; benchmarkSymbol?: string | null; status?: PortfolioStatus;
}

/**
 * Creates a portfolio and, in the same transaction, its default limits from config
 * (`defaultLimits`; omitted only by callers that set limits themselves).
 */
export async function createPortfolio(deps: UseCaseDeps & { defaultLimits?: DefaultLimitSettings }, actor: Principal, input: CreatePortfolioInput): Promise<Result<Portfolio>> {
  const at = deps.clock.now().toISOString();
  const portfolio: Portfolio = {
    id: input.id ?? deps.ids.newId('pf'), name: input.name, baseCurrency: input.baseCurrency, cash: input.cash ?? 0,
    benchmarkSymbol: input.benchmarkSymbol ?? null, status: input.status ?? 'active', createdAt: at, updatedAt: at,
  };
  if (portfolio.id === 'firm') return fail('INVALID_INPUT', '"firm" is reserved for the firm-wide trading state', [{ path: '/id', message: 'reserved id' }]);
  return deps.storage.transaction(async (tx) => {
    if (await tx.portfolios.get(portfolio.id)) return fail('PORTFOLIO_EXISTS', `portfolio "${portfolio.id}" already exists`);
    await tx.portfolios.insert(portfolio);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'portfolio.created', subject: `portfolio:${portfolio.id}`, payload: { after: portfolio } });
    if (deps.defaultLimits !== undefined) await writeDefaultLimits(tx, { actor, portfolioId: portfolio.id, settings: deps.defaultLimits, at });
    return ok(portfolio);
  });
}
