import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Failure, Result } from '../core/shared/result.ts';

/** The one place that maps stable error codes to HTTP statuses. Unknown codes are 400 (client input). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PORTFOLIO_NOT_FOUND: 404,
  POSITION_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  LIMIT_NOT_FOUND: 404,
  OVERRIDE_NOT_FOUND: 404,
  VIOLATION_NOT_FOUND: 404,
  INSTRUCTION_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  SCENARIO_NOT_FOUND: 404,
  STRESS_TEST_NOT_FOUND: 404,
  INVALID_SCENARIO: 400,
  SAME_PERSON_APPROVAL: 403,
  TWO_PERSON_RULE: 403,
  LIMIT_EXISTS: 409,
  LIMIT_HAS_OVERRIDES: 409,
  OVERRIDE_NOT_PENDING: 409,
  OVERRIDE_EXPIRED: 409,
  OVERRIDE_CLOSED: 409,
  KILL_SWITCH_ENGAGED: 409,
  KILL_SWITCH_NOT_ENGAGED: 409,
  INSTRUCTION_NOT_PENDING: 409,
  PORTFOLIO_EXISTS: 409,
  SCENARIO_EXISTS: 409,
  VERSION_CONFLICT: 409,
  NAV_NOT_POSITIVE: 409,
  API_KEY_ALREADY_REVOKED: 409,
  CANNOT_REVOKE_OWN_KEY: 409,
  PAYLOAD_TOO_LARGE: 413,
  // well-formed, but the portfolio cannot be stressed as asked (no position valued, no market risk, a non-finite result)
  NO_VALUED_POSITIONS: 422,
  NO_MARKET_RISK: 422,
  NON_FINITE_RESULT: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  STORAGE_UNAVAILABLE: 503,
  NOT_READY: 503,
};

export const statusForCode = (code: string): number => STATUS_BY_CODE[code] ?? 400;

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly details?: unknown) { super(message); }
  static from(f: Failure): ApiError { return new ApiError(f.code, f.message, f.details); }
}

/** Problems listed in one error response; the rest are counted in a last entry. */
export const MAX_ERROR_DETAILS = 100;

const capped = (details: unknown): unknown => {
  if (!Array.isArray(details) || details.length <= MAX_ERROR_DETAILS) return details;
  return [...details.slice(0, MAX_ERROR_DETAILS), { path: '', message: `and ${details.length - MAX_ERROR_DETAILS} more problem(s) not listed` }];
};

export const errorBody = (code: string, message: string, details?: unknown) =>
  ({ error: details === undefined ? { code, message } : { code, message, details: capped(details) } });

/** Unwraps a use-case Result for a route handler: the failure becomes the error response. */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw ApiError.from(r.error);
  return r.value;
}

const STORAGE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

function isStorageDown(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err.code === 'string' && STORAGE_DOWN_CODES.has(err.code)) return true;
  return typeof err.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|PGlite is closed|driver has already been destroyed|Cannot use a pool after calling end/i.test(err.message);
}

interface AjvIssue { instancePath?: string; message?: string; params?: Record<string, unknown>; keyword?: string }

/**
 * One detail per problem. A value outside a union of literals (a TypeBox enum) fails each literal
 * and then the union: those become one "must be one of …" detail for the path.
 */
function validationDetails(err: FastifyError & { validation?: AjvIssue[]; validationContext?: string }) {
  const ctx = err.validationContext ?? 'body';
  const pathOf = (v: AjvIssue) => (ctx === 'body' ? (v.instancePath || '/') : `${ctx}${v.instancePath ?? ''}`);
  const issues = err.validation ?? [];
  const allowed = new Map<string, string[]>();
  for (const v of issues) if (v.keyword === 'const') allowed.set(pathOf(v), [...(allowed.get(pathOf(v)) ?? []), JSON.stringify(v.params?.allowedValue)]);
  // a union of types (a Nullable number, say) fails each type and then the union: one "must be number or null"
  const unions = new Set(issues.filter((v) => v.keyword === 'anyOf').map(pathOf));
  const types = new Map<string, string[]>();
  for (const v of issues) if (v.keyword === 'type' && unions.has(pathOf(v))) types.set(pathOf(v), [...(types.get(pathOf(v)) ?? []), String(v.params?.type)]);
  const out: Array<{ path: string; message: string }> = [];
  const done = new Set<string>();
  for (const v of issues) {
    const path = pathOf(v);
    const values = allowed.get(path);
    if (values !== undefined && (v.keyword === 'const' || v.keyword === 'anyOf')) {
      if (!done.has(path)) { done.add(path); out.push({ path, message: `must be one of ${values.join(', ')}` }); }
      continue;
    }
    const typeNames = types.get(path);
    if (typeNames !== undefined && (v.keyword === 'type' || v.keyword === 'anyOf')) {
      if (!done.has(path)) { done.add(path); out.push({ path, message: `must be ${[...new Set(typeNames)].join(' or ')}` }); }
      continue;
    }
    const extra = v.keyword === 'additionalProperties' ? ` (${String(v.params?.additionalProperty)})` : '';
    out.push({ path, message: `${v.message ?? 'invalid'}${extra}` });
  }
  return out;
}

/** Fastify error handler: typed errors keep their code; everything else becomes a code without a stack. */
export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof ApiError) {
    void reply.code(statusForCode(err.code)).send(errorBody(err.code, err.message, (err as ApiError).details));
    return;
  }
  const e = err as FastifyError & { validation?: AjvIssue[] };
  if (e.validation) {
    const details = validationDetails(e);
    void reply.code(400).send(errorBody('INVALID_INPUT', `${details.length} problem(s) in the request; nothing was written`, details));
    return;
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') { void reply.code(413).send(errorBody('PAYLOAD_TOO_LARGE', 'request body too large')); return; }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') { void reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', e.message)); return; }
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e instanceof SyntaxError || e.statusCode === 400) {
    void reply.code(400).send(errorBody('INVALID_INPUT', `malformed request: ${e.message}`));
    return;
  }
  if (e.statusCode === 429) {
    const m = (e as { error?: { message?: string } }).error?.message ?? 'rate limit exceeded; retry later';
    void reply.code(429).send(errorBody('RATE_LIMITED', m));
    return;
  }
  if (isStorageDown(err)) {
    request.log.error({ err }, 'storage unavailable');
    void reply.code(503).send(errorBody('STORAGE_UNAVAILABLE', 'the database is unavailable; nothing was written'));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  void reply.code(500).send(errorBody('INTERNAL_ERROR', 'internal error', { requestId: request.id }));
}
