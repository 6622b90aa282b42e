import type { Principal } from '../../core/auth/role.ts';
import { INVALID_INPUT } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { InstructionRecord } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { buildInstructions, instructionProblems, type NewInstruction } from './record-violation.ts';

/**
 * Stores enforcement instructions (pending) for a portfolio, optionally linked to a limit and a
 * violation, with one audit event, in one transaction. Publishing them (WebSocket, webhooks) is the caller's.
 */
export async function createInstructions(deps: UseCaseDeps, actor: Principal, input: { portfolioId: string; limitId?: string | null; violationId?: string | null; instructions: readonly NewInstruction[] }): Promise<Result<InstructionRecord[]>> {
  const problems = instructionProblems(input.instructions, '/instructions');
  if (problems.length > 0) return fail(INVALID_INPUT, `${problems.length} problem(s) in the instructions; nothing was written`, problems);
  const at = deps.clock.now().toISOString();
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(input.portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${input.portfolioId}" does not exist`);
    const violationId = input.violationId ?? null;
    if (violationId !== null) {
      const v = await tx.violations.get(violationId);
      if (v === undefined || v.portfolioId !== input.portfolioId) return fail('VIOLATION_NOT_FOUND', `violation "${violationId}" does not exist in portfolio "${input.portfolioId}"`);
    }
    const rows = buildInstructions(deps, { portfolioId: input.portfolioId, limitId: input.limitId ?? null, violationId, rows: input.instructions, at });
    await tx.instructions.insertMany(rows);
    if (violationId !== null) await tx.violations.addInstructions(violationId, rows.map((r) => r.id));
    await tx.audit.append({ actor: actorOf(actor), eventType: 'enforcement.instructions-created', subject: `portfolio:${input.portfolioId}`, payload: { before: null, after: rows } });
    return ok(rows);
  });
}
