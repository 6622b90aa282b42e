import type { Principal } from '../../core/auth/role.ts';
import { ok, type Result } from '../../core/shared/result.ts';
import type { LimitOverrideRecord } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { overrideSubject, SYSTEM_LIMITS } from './limit-audit.ts';

/**
 * Marks pending and active overrides whose expiry has passed as 'expired', each with an audit event,
 * in one transaction. They already stopped applying at their expiry (see effectiveLimits); this
 * makes the record say so. Safe to run concurrently: a second run finds nothing left to do.
 */
export async function expireOverrides(deps: UseCaseDeps, actor: Principal = SYSTEM_LIMITS): Promise<Result<LimitOverrideRecord[]>> {
  const now = deps.clock.now().toISOString();
  return deps.storage.transaction(async (tx) => {
    const candidates = await tx.limitOverrides.listLapsed(now);
    if (candidates.length === 0) return ok([]);
    // Lock each portfolio's limit set in a fixed order (no deadlock with other writers), then re-read.
    const versions = new Map<string, number>();
    for (const p of [...new Set(candidates.map((o) => o.portfolioId))].sort()) versions.set(p, await tx.limits.bumpVersion(p));
    const expired: LimitOverrideRecord[] = [];
    for (const c of candidates) {
      const before = await tx.limitOverrides.get(c.id);
      if (before === undefined || (before.status !== 'pending' && before.status !== 'active')) continue;
      const after: LimitOverrideRecord = { ...before, status: 'expired', endedBy: actorOf(actor), endedAt: before.expiresAt };
      await tx.limitOverrides.update(after);
      await tx.audit.append({ actor: actorOf(actor), eventType: 'limit-override.expired', subject: overrideSubject(before.id), payload: { before, after, limitsVersion: versions.get(before.portfolioId) ?? null } });
      expired.push(after);
    }
    return ok(expired);
  });
}
