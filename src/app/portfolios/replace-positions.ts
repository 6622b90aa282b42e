import type { Principal } from '../../core/auth/role.ts';
import type { Position } from '../../core/portfolio/position.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { toPositions, type PositionInput } from './position-input.ts';

/** Replaces all positions of a portfolio at once: every row valid, or nothing written. */
export async function replacePositions(deps: UseCaseDeps, actor: Principal, portfolioId: string, rows: readonly PositionInput[]): Promise<Result<Position[]>> {
  const problems: InputProblem[] = [];
  const positions = toPositions(portfolioId, rows, '/positions', deps.clock.now().toISOString(), problems);
  if (problems.length > 0) return fail(INVALID_INPUT, `${problems.length} invalid position field(s); nothing was written`, problems);
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
    const before = await tx.positions.list(portfolioId);
    await tx.positions.replaceAll(portfolioId, positions);
    await tx.audit.append({
      actor: actorOf(actor), eventType: 'positions.replaced', subject: `portfolio:${portfolioId}`,
      payload: { before, after: positions },
    });
    return ok(positions);
  });
}
