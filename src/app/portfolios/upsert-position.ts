import type { Principal } from '../../core/auth/role.ts';
import type { Position } from '../../core/portfolio/position.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { toPositions, type PositionInput } from './position-input.ts';

/** Creates or changes one position; the opened-at time of an existing position is kept. */
export async function upsertPosition(deps: UseCaseDeps, actor: Principal, portfolioId: string, row: PositionInput): Promise<Result<{ position: Position; created: boolean }>> {
  const problems: InputProblem[] = [];
  const [candidate] = toPositions(portfolioId, [row], '', deps.clock.now().toISOString(), problems);
  if (problems.length > 0 || candidate === undefined) return fail(INVALID_INPUT, 'invalid position; nothing was written', problems.map((p) => ({ ...p, path: p.path.replace(/^\/0/, '') })));
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
    const before = await tx.positions.get(portfolioId, candidate.positionId);
    const position: Position = before && row.openedAt === undefined ? { ...candidate, openedAt: before.openedAt } : candidate;
    await tx.positions.upsert(position);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'position.upserted', subject: `portfolio:${portfolioId}`, payload: { before: before ?? null, after: position } });
    return ok({ position, created: before === undefined });
  });
}
