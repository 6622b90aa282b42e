import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { InstructionRecord, LimitViolation, Storage, ViolationFilter } from '../ports.ts';

export type ViolationWithEnforcement = LimitViolation & { readonly instructions: InstructionRecord[] };

/** Violation history of a portfolio, newest first, each with the instructions issued for it and their status. */
export async function listViolations(deps: { storage: Storage }, portfolioId: string, filter: ViolationFilter): Promise<Result<ViolationWithEnforcement[]>> {
  if (!(await deps.storage.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
  const violations = await deps.storage.violations.list(portfolioId, filter);
  const ids = violations.map((v) => v.id);
  const instructions = await deps.storage.instructions.list({ violationIds: ids, limit: 100_000 });
  const byViolation = new Map<string, InstructionRecord[]>();
  for (const i of instructions) if (i.violationId !== null) byViolation.set(i.violationId, [...(byViolation.get(i.violationId) ?? []), i]);
  return ok(violations.map((v) => ({ ...v, instructions: (byViolation.get(v.id) ?? []).reverse() })));
}
