import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { acknowledgeInstruction } from '../../../app/limits/acknowledge-instruction.ts';
import { createWebhook, deleteWebhook, listWebhooks } from '../../../app/limits/manage-webhooks.ts';
import type { UseCaseDeps } from '../../../app/use-case-deps.ts';
import { errorResponses, Id, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { AckBody, CreateWebhookBody, Instruction, InstructionQuery, Webhook } from '../../contracts/limit-schemas.ts';
import { unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';
import type { TypedApp } from '../typed-app.ts';

const errs = (...extra: number[]) => errorResponses(...STD_ERRORS, ...extra);

/** Enforcement instructions for the execution system, their acknowledgement, and its webhooks. */
export async function enforcementRoutes(fastify: FastifyInstance, deps: UseCaseDeps): Promise<void> {
  const app = fastify as TypedApp;
  const tags = ['enforcement'];

  app.get('/enforcement/instructions', {
    schema: { tags, summary: 'Enforcement instructions, newest first', querystring: InstructionQuery, response: { 200: Type.Object({ instructions: Type.Array(Instruction) }), ...errs() } },
  }, async (req) => {
    const { limit = 500, portfolioId, status } = req.query;
    return { instructions: await deps.storage.instructions.list({ limit, ...(portfolioId === undefined ? {} : { portfolioId }), ...(status === undefined ? {} : { status }) }) };
  });

  app.post('/enforcement/instructions/:instructionId/ack', {
    config: { minRole: 'trader' },
    schema: { tags, summary: 'Acknowledge or reject a pending instruction', params: Type.Object({ instructionId: Id }), body: AckBody, response: { 200: Instruction, ...errs(404, 409) } },
  }, async (req) => unwrap(await acknowledgeInstruction(deps, principalOf(req), req.params.instructionId, {
    status: req.body.status, ...(req.body.note === undefined ? {} : { note: req.body.note }),
  })));

  const admin = { minRole: 'admin' as const };
  const wtags = ['webhooks'];
  app.get('/enforcement/webhooks', { config: admin, schema: { tags: wtags, summary: 'Registered execution webhooks (secrets are never shown again)', response: { 200: Type.Object({ webhooks: Type.Array(Webhook) }), ...errs() } } },
    async () => ({ webhooks: await listWebhooks(deps) }));

  app.post('/enforcement/webhooks', {
    config: admin,
    schema: { tags: wtags, summary: 'Register an execution webhook; the signing secret is shown once', body: CreateWebhookBody, response: { 201: Type.Intersect([Webhook, Type.Object({ secret: Type.String() })]), ...errs() } },
  }, async (req, reply) => {
    const secret = req.body.secret ?? randomBytes(32).toString('base64url');
    return reply.code(201).send(unwrap(await createWebhook(deps, principalOf(req), { url: req.body.url, secret })));
  });

  app.delete('/enforcement/webhooks/:webhookId', {
    config: admin,
    schema: { tags: wtags, summary: 'Stop deliveries to a webhook', params: Type.Object({ webhookId: Id }), response: { 200: Webhook, ...errs(404) } },
  }, async (req) => unwrap(await deleteWebhook(deps, principalOf(req), req.params.webhookId)));
}
