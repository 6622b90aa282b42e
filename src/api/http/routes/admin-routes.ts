import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../app/api-keys/manage-api-keys.ts';
import type { ApiKeyCodec, Authenticator } from '../../../app/ports.ts';
import type { UseCaseDeps } from '../../../app/use-case-deps.ts';
import { ROLES } from '../../../core/auth/role.ts';
import { errorResponses, IsoTime, Nullable, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { ApiError, unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';
import type { TypedApp } from '../typed-app.ts';

const errs = (...extra: number[]) => errorResponses(...STD_ERRORS, ...extra);
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const ApiKey = Type.Object({
  id: Type.String(), name: Type.String(), role: Role, createdAt: Type.String(), createdBy: Type.String(),
  revokedAt: Nullable(Type.String()), revokedBy: Nullable(Type.String()),
});
const AuditEvent = Type.Object({
  seq: Type.Integer(), occurredAt: Type.String(), actor: Type.String(), eventType: Type.String(), subject: Type.String(),
  payload: Type.Unknown(), prevHash: Type.String(), hash: Type.String(),
});

export async function adminRoutes(fastify: FastifyInstance, deps: UseCaseDeps & { codec: ApiKeyCodec; authenticator: Authenticator }): Promise<void> {
  const app = fastify as TypedApp;
  const admin = { minRole: 'admin' as const };

  app.get('/api-keys', { config: admin, schema: { tags: ['api-keys'], summary: 'List API keys (never their secrets)', response: { 200: Type.Object({ keys: Type.Array(ApiKey) }), ...errs() } } },
    async () => ({ keys: await listApiKeys(deps) }));

  app.post('/api-keys', {
    config: admin,
    schema: { tags: ['api-keys'], summary: 'Create an API key; the token is shown once', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), role: Role }, { additionalProperties: false }), response: { 201: Type.Intersect([ApiKey, Type.Object({ token: Type.String() })]), ...errs() } },
  }, async (req, reply) => reply.code(201).send(unwrap(await createApiKey(deps, principalOf(req), req.body))));

  app.delete('/api-keys/:keyId', {
    config: admin,
    schema: { tags: ['api-keys'], summary: 'Revoke an API key (takes effect at once on this instance)', params: Type.Object({ keyId: Type.String({ pattern: '^[a-f0-9]{16}$' }) }), response: { 200: ApiKey, ...errs(404, 409) } },
  }, async (req) => unwrap(await revokeApiKey(deps, principalOf(req), req.params.keyId)));

  const audit = { minRole: 'risk_manager' as const };
  app.get('/audit', {
    config: audit,
    schema: {
      tags: ['audit'], summary: 'Audit events in sequence order; page with afterSeq',
      querystring: Type.Object({
        eventType: Type.Optional(Type.String()), subject: Type.Optional(Type.String()), actor: Type.Optional(Type.String()),
        from: Type.Optional(IsoTime), to: Type.Optional(IsoTime), afterSeq: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ events: Type.Array(AuditEvent), nextAfterSeq: Nullable(Type.Integer()) }), ...errs() },
    },
  }, async (req) => {
    const { limit = 100, ...rest } = req.query;
    const filter = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const events = await deps.storage.audit.list({ ...filter, limit });
    return { events, nextAfterSeq: events.length === limit ? (events.at(-1)?.seq ?? null) : null };
  });

  app.get('/audit/verify', {
    config: audit,
    schema: {
      tags: ['audit'], summary: 'Walk the hash chain; report the first broken or missing link',
      description: 'Keep (events, headHash) of a verification outside the database and pass them later as anchorSeq and anchorHash: deleting the newest events, or rewriting the chain up to the anchor, then fails verification (truncated, anchor-mismatch), which the chain alone cannot show.',
      querystring: Type.Object({ anchorSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })), anchorHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ ok: Type.Boolean(), events: Type.Integer(), headHash: Type.Optional(Type.String()), firstBreak: Type.Optional(Type.Object({ kind: Type.String(), seq: Type.Optional(Type.Integer()), expectedSeq: Type.Optional(Type.Integer()), foundSeq: Type.Optional(Type.Integer()) })) }), ...errs() },
    },
  }, async (req) => {
    const q = req.query as { anchorSeq?: number; anchorHash?: string };
    if ((q.anchorSeq === undefined) !== (q.anchorHash === undefined)) throw new ApiError('INVALID_INPUT', 'give both anchorSeq and anchorHash, or neither', [{ path: q.anchorSeq === undefined ? 'querystring/anchorSeq' : 'querystring/anchorHash', message: 'required with the other' }]);
    return deps.storage.audit.verify(q.anchorSeq === undefined || q.anchorHash === undefined ? undefined : { seq: q.anchorSeq, hash: q.anchorHash });
  });
}
