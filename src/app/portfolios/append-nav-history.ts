import type { Principal } from '../../core/auth/role.ts';
import type { NavPoint } from '../../core/portfolio/portfolio.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';

export interface NavPointInput { at: string; nav: number; cash?: number | null; marketValue?: number | null }

const EARLIEST_MS = Date.UTC(1900, 0, 1);

/** Appends NAV snapshots (imports from another system, or the valuation loop with source 'valuation'). */
export async function appendNavHistory(deps: UseCaseDeps, actor: Principal, portfolioId: string, rows: readonly NavPointInput[], source = 'import'): Promise<Result<{ accepted: number }>> {
  const problems: InputProblem[] = [];
  const seen = new Map<number, number>();
  const latestMs = deps.clock.now().getTime() + 86_400_000;
  const points: NavPoint[] = rows.map((r, i) => {
    const t = Date.parse(r.at);
    if (Number.isNaN(t)) problems.push({ path: `/points/${i}/at`, message: `"${r.at}" is not an ISO 8601 time` });
    // a NAV point is a snapshot that has happened: after 1900 and not in the future (a day's grace for clocks)
    else if (t < EARLIEST_MS || t > latestMs) problems.push({ path: `/points/${i}/at`, message: `${r.at} is before 1900 or in the future` });
    else if (seen.has(t)) problems.push({ path: `/points/${i}/at`, message: `the same time as point ${String(seen.get(t))}` });
    else seen.set(t, i);
    if (!Number.isFinite(r.nav)) problems.push({ path: `/points/${i}/nav`, message: 'nav must be finite' });
    return { portfolioId, at: Number.isNaN(t) ? r.at : new Date(t).toISOString(), nav: r.nav, cash: r.cash ?? null, marketValue: r.marketValue ?? null, source };
  });
  if (problems.length > 0) return fail(INVALID_INPUT, `${problems.length} invalid NAV point(s); nothing was written`, problems);
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
    await tx.navHistory.append(points);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'nav-history.appended', subject: `portfolio:${portfolioId}`, payload: { count: points.length, source, first: points[0]?.at ?? null, last: points.at(-1)?.at ?? null } });
    return ok({ accepted: points.length });
  });
}
