import type { Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';

export async function deletePosition(deps: UseCaseDeps, actor: Principal, portfolioId: string, positionId: string): Promise<Result<{ positionId: string }>> {
  return deps.storage.transaction(async (tx) => {
    const before = await tx.positions.get(portfolioId, positionId);
    if (before === undefined) return fail('POSITION_NOT_FOUND', `position "${positionId}" does not exist in portfolio "${portfolioId}"`);
    await tx.positions.delete(portfolioId, positionId);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'position.deleted', subject: `portfolio:${portfolioId}`, payload: { before } });
    return ok({ positionId });
  });
}
