import type { Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { LimitOverrideRecord, Stores } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { overrideSubject } from './limit-audit.ts';

export interface OverrideRef { readonly portfolioId: string; readonly limitId: string; readonly overrideId: string }

/** The override, locked against concurrent changes to the portfolio's limits (by bumping its version first). */
export async function lockedOverride(tx: Stores, ref: OverrideRef): Promise<Result<{ override: LimitOverrideRecord; limitsVersion: number }>> {
  if (!(await tx.portfolios.get(ref.portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${ref.portfolioId}" does not exist`);
  const limitsVersion = await tx.limits.bumpVersion(ref.portfolioId);
  const o = await tx.limitOverrides.get(ref.overrideId);
  if (o === undefined || o.portfolioId !== ref.portfolioId || o.limitId !== ref.limitId) {
    return fail('OVERRIDE_NOT_FOUND', `override "${ref.overrideId}" does not exist on limit "${ref.limitId}" of portfolio "${ref.portfolioId}"`);
  }
  return ok({ override: o, limitsVersion });
}

async function decide(deps: UseCaseDeps, actor: Principal, ref: OverrideRef, decision: 'approve' | 'reject', note: string | undefined): Promise<Result<LimitOverrideRecord>> {
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    const locked = await lockedOverride(tx, ref);
    if (!locked.ok) return locked;
    const { override: before, limitsVersion } = locked.value;
    if (before.status !== 'pending') return fail('OVERRIDE_NOT_PENDING', `override "${before.id}" is ${before.status}, not pending`);
    if (Date.parse(before.expiresAt) <= now.getTime()) return fail('OVERRIDE_EXPIRED', `override "${before.id}" expired at ${before.expiresAt}`);
    if (before.requestedBy === actorOf(actor)) return fail('SAME_PERSON_APPROVAL', `the requester of override "${before.id}" cannot ${decision} it; another risk manager must`);
    const at = now.toISOString();
    const after: LimitOverrideRecord = decision === 'approve'
      ? { ...before, status: 'active', approvedBy: actorOf(actor), decidedBy: actorOf(actor), decidedAt: at, decisionNote: note ?? null }
      : { ...before, status: 'rejected', decidedBy: actorOf(actor), decidedAt: at, decisionNote: note ?? null, endedBy: actorOf(actor), endedAt: at };
    await tx.limitOverrides.update(after);
    await tx.audit.append({ actor: actorOf(actor), eventType: decision === 'approve' ? 'limit-override.approved' : 'limit-override.rejected', subject: overrideSubject(before.id), payload: { before, after, limitsVersion } });
    return ok(after);
  });
}

/** Puts a pending override in force; only someone other than its requester may (two-person rule). */
export const approveOverride = (deps: UseCaseDeps, actor: Principal, ref: OverrideRef, note?: string): Promise<Result<LimitOverrideRecord>> =>
  decide(deps, actor, ref, 'approve', note);

/** Refuses a pending override; only someone other than its requester may (the requester revokes instead). */
export const rejectOverride = (deps: UseCaseDeps, actor: Principal, ref: OverrideRef, note?: string): Promise<Result<LimitOverrideRecord>> =>
  decide(deps, actor, ref, 'reject', note);
