import { roleAtLeast, type Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { LimitOverrideRecord } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { lockedOverride, type OverrideRef } from './decide-override.ts';
import { overrideSubject } from './limit-audit.ts';

/** Ends a pending or active override now. A risk manager may revoke any; anyone else only their own request. */
export async function revokeOverride(deps: UseCaseDeps, actor: Principal, ref: OverrideRef, reason?: string): Promise<Result<LimitOverrideRecord>> {
  return deps.storage.transaction(async (tx) => {
    const locked = await lockedOverride(tx, ref);
    if (!locked.ok) return locked;
    const { override: before, limitsVersion } = locked.value;
    if (!roleAtLeast(actor.role, 'risk_manager') && before.requestedBy !== actorOf(actor)) return fail('FORBIDDEN', 'only a risk manager or the requester may revoke an override');
    if (before.status !== 'pending' && before.status !== 'active') return fail('OVERRIDE_CLOSED', `override "${before.id}" is already ${before.status}`);
    const at = deps.clock.now().toISOString();
    const after: LimitOverrideRecord = { ...before, status: 'revoked', endedBy: actorOf(actor), endedAt: at };
    await tx.limitOverrides.update(after);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'limit-override.revoked', subject: overrideSubject(before.id), payload: { before, after, reason: reason ?? null, limitsVersion } });
    return ok(after);
  });
}
