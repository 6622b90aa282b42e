import type { Principal } from '../../core/auth/role.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { LimitOverrideRecord } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { overrideSubject } from './limit-audit.ts';
import { limitProblems } from './limit-rules.ts';

/** Longest an override may run: a temporary exception, not a back door to a permanent change. */
export const MAX_OVERRIDE_DAYS = 31;

export interface OverrideRequest {
  readonly kind: 'raise' | 'suspend';
  /** For 'raise': the temporary amount, in the limit's unit and mode, above its current amount. */
  readonly amount?: number;
  readonly reason: string;
  readonly expiresAt: string;
}

/** Asks for a temporary raise or suspension of a limit; it applies once a different person approves it. */
export async function requestOverride(deps: UseCaseDeps, actor: Principal, portfolioId: string, limitId: string, input: OverrideRequest): Promise<Result<LimitOverrideRecord>> {
  const now = deps.clock.now();
  const problems: InputProblem[] = [];
  const expiresMs = Date.parse(input.expiresAt);
  if (!Number.isFinite(expiresMs)) problems.push({ path: '/expiresAt', message: 'must be an ISO 8601 time' });
  else if (expiresMs <= now.getTime()) problems.push({ path: '/expiresAt', message: 'must be in the future' });
  else if (expiresMs > now.getTime() + MAX_OVERRIDE_DAYS * 86_400_000) problems.push({ path: '/expiresAt', message: `must be within ${MAX_OVERRIDE_DAYS} days` });
  if (input.kind === 'suspend' && input.amount !== undefined) problems.push({ path: '/amount', message: 'a suspension has no amount' });
  if (input.kind === 'raise' && (input.amount === undefined || !Number.isFinite(input.amount))) problems.push({ path: '/amount', message: 'required for a raise' });
  if (input.reason.trim() === '') problems.push({ path: '/reason', message: 'must not be blank' });
  if (problems.length > 0) return fail(INVALID_INPUT, `${problems.length} problem(s) in the override; nothing was written`, problems);

  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
    const limit = await tx.limits.get(portfolioId, limitId);
    if (limit === undefined) return fail('LIMIT_NOT_FOUND', `limit "${limitId}" does not exist in portfolio "${portfolioId}"`);
    if (input.kind === 'raise') {
      if (limit.type === 'restricted-symbols') return fail(INVALID_INPUT, 'a restricted-symbols limit can be suspended, not raised', [{ path: '/kind', message: 'must be "suspend" for a restricted-symbols limit' }]);
      if ((input.amount as number) <= limit.value.amount) return fail(INVALID_INPUT, 'a raise must be above the current limit', [{ path: '/amount', message: `must exceed the current amount ${limit.value.amount} (${limit.value.mode})` }]);
      // the raised limit must itself be a valid limit (a concentration share above 1, say, is not)
      const raised = limitProblems({ ...limit, value: { ...limit.value, amount: input.amount as number } });
      if (raised.length > 0) return fail(INVALID_INPUT, 'the raised limit would not be a valid limit', raised.map((p) => ({ ...p, path: p.path === '/value/amount' ? '/amount' : p.path })));
    }
    const o: LimitOverrideRecord = {
      id: deps.ids.newId('ovr'), portfolioId, limitId, kind: input.kind, amount: input.kind === 'raise' ? (input.amount as number) : null,
      reason: input.reason, requestedBy: actorOf(actor), approvedBy: null, status: 'pending', expiresAt: new Date(expiresMs).toISOString(),
      createdAt: now.toISOString(), decidedBy: null, decidedAt: null, decisionNote: null, endedBy: null, endedAt: null,
    };
    await tx.limitOverrides.insert(o);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'limit-override.requested', subject: overrideSubject(o.id), payload: { before: null, after: o, limit: { id: limit.id, version: limit.version, value: limit.value } } });
    return ok(o);
  });
}
