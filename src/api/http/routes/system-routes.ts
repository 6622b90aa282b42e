import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { UseCaseDeps } from '../../../app/use-case-deps.ts';
import { errorResponses, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { errorBody } from '../../errors.ts';
import type { TypedApp } from '../typed-app.ts';

export interface SystemInfo { readonly version: string; readonly startedAt: Date }

/** Liveness and readiness (public, for probes) and the authenticated status report. */
export async function systemRoutes(fastify: FastifyInstance, deps: UseCaseDeps & { info: SystemInfo; apiPrefix: string }): Promise<void> {
  const app = fastify as TypedApp;
  app.get('/health', { config: { public: true }, schema: { tags: ['system'], summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }));

  app.get('/ready', { config: { public: true }, schema: { tags: ['system'], summary: 'Readiness: storage reachable and migrated', response: { 200: Type.Object({ status: Type.Literal('ready'), storage: Type.String() }), 503: errorResponses(503)[503] } } },
    async (_req, reply) => {
      if (await deps.storage.ready()) return { status: 'ready' as const, storage: deps.storage.kind };
      return reply.code(503).send(errorBody('NOT_READY', 'storage unreachable or not migrated'));
    });

  app.get(`${deps.apiPrefix}/system/status`, {
    schema: {
      tags: ['system'], summary: 'Version, uptime, storage kind and counts',
      response: { 200: Type.Object({ version: Type.String(), startedAt: Type.String(), uptimeSeconds: Type.Number(), storage: Type.Object({ kind: Type.String(), ready: Type.Boolean() }), counts: Type.Object({ portfolios: Type.Integer(), positions: Type.Integer(), auditEvents: Type.Integer(), apiKeysActive: Type.Integer() }) }), ...errorResponses(...STD_ERRORS) },
    },
  }, async () => {
    const s = deps.storage;
    const [portfolios, positions, auditEvents, apiKeysActive, ready] = await Promise.all([s.portfolios.count(), s.positions.count(), s.audit.count(), s.apiKeys.countActive(), s.ready()]);
    return {
      version: deps.info.version, startedAt: deps.info.startedAt.toISOString(),
      uptimeSeconds: (deps.clock.now().getTime() - deps.info.startedAt.getTime()) / 1000,
      storage: { kind: s.kind, ready }, counts: { portfolios, positions, auditEvents, apiKeysActive },
    };
  });
}
