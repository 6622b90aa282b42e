import type { Principal } from '../../core/auth/role.ts';
import type { EnforcementAction, LimitType, LimitValue } from '../../core/limits/limit-definition.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { StoredLimit } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { limitSubject } from './limit-audit.ts';
import { DEFAULT_WARNING_LEVELS, limitProblems, RESERVED_LIMIT_IDS, toScope, type LimitFields, type ScopeInput } from './limit-rules.ts';

export interface LimitInput {
  readonly id?: string;
  readonly type: LimitType;
  /** Default: the whole portfolio. */
  readonly scope?: ScopeInput;
  /** Required except for restricted-symbols. */
  readonly value?: LimitValue;
  readonly warningLevels?: readonly number[];
  readonly action: EnforcementAction;
  readonly active?: boolean;
  readonly description?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** The chosen fields with defaults filled in, or the problems. */
export function limitFieldsFrom(input: LimitInput): Result<LimitFields> {
  const scope = toScope(input.scope ?? { kind: 'portfolio' });
  const problems: InputProblem[] = [...scope.problems];
  if (input.value === undefined && input.type !== 'restricted-symbols') problems.push({ path: '/value', message: `required for a ${input.type} limit` });
  const fields: LimitFields = {
    type: input.type, scope: scope.scope, value: input.value ?? { mode: 'absolute', amount: 0 },
    warningLevels: input.warningLevels ?? DEFAULT_WARNING_LEVELS, action: input.action, active: input.active ?? true,
    description: input.description ?? '', params: input.params ?? {},
  };
  if (problems.length === 0) problems.push(...limitProblems(fields));
  return problems.length > 0 ? fail(INVALID_INPUT, `${problems.length} problem(s) in the limit; nothing was written`, problems) : ok(fields);
}

/** Adds one limit to a portfolio (version 1) and bumps the portfolio's limits version. */
export async function createLimit(deps: UseCaseDeps, actor: Principal, portfolioId: string, input: LimitInput): Promise<Result<StoredLimit>> {
  if (input.id !== undefined && RESERVED_LIMIT_IDS.has(input.id)) return fail(INVALID_INPUT, `"${input.id}" is reserved`, [{ path: '/id', message: `must not be one of ${[...RESERVED_LIMIT_IDS].join(', ')}` }]);
  const fields = limitFieldsFrom(input);
  if (!fields.ok) return fields;
  const at = deps.clock.now().toISOString();
  const limit: StoredLimit = { id: input.id ?? deps.ids.newId('lim'), portfolioId, ...fields.value, version: 1, createdAt: at, updatedAt: at };
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.portfolios.get(portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
    const limitsVersion = await tx.limits.bumpVersion(portfolioId);
    if (await tx.limits.get(portfolioId, limit.id)) return fail('LIMIT_EXISTS', `limit "${limit.id}" already exists in portfolio "${portfolioId}"`);
    await tx.limits.insert(limit);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'limit.created', subject: limitSubject(portfolioId, limit.id), payload: { after: limit, limitsVersion } });
    return ok(limit);
  });
}
