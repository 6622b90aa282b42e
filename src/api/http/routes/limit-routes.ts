import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createLimit } from '../../../app/limits/create-limit.ts';
import { approveOverride, rejectOverride } from '../../../app/limits/decide-override.ts';
import { deleteLimit } from '../../../app/limits/delete-limit.ts';
import { effectiveLimits } from '../../../app/limits/effective-limits.ts';
import { listViolations } from '../../../app/limits/list-violations.ts';
import { requestOverride } from '../../../app/limits/request-override.ts';
import { revokeOverride } from '../../../app/limits/revoke-override.ts';
import { seedDefaultLimits, type DefaultLimitSettings } from '../../../app/limits/seed-default-limits.ts';
import type { TradingStateListener } from '../../../app/limits/trading-state.ts';
import { updateLimit } from '../../../app/limits/update-limit.ts';
import type { UseCaseDeps } from '../../../app/use-case-deps.ts';
import { errorResponses, STD_ERRORS } from '../../contracts/common-schemas.ts';
import {
  CreateLimitBody, Limit, LimitList, LimitParams, NoteBody, Override, OverrideBody, OverrideParams, OverrideQuery, ReasonQuery,
  UpdateLimitBody, Violation, ViolationQuery,
} from '../../contracts/limit-schemas.ts';
import { PortfolioParams } from '../../contracts/portfolio-schemas.ts';
import { ApiError, unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';
import type { TypedApp } from '../typed-app.ts';
import { enforcementRoutes } from './enforcement-routes.ts';
import { tradingStateRoutes } from './trading-state-routes.ts';

const tags = ['limits'];
const errs = (...extra: number[]) => errorResponses(...STD_ERRORS, ...extra);
const definedOnly = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export interface LimitRouteDeps extends UseCaseDeps {
  /** Config `risk.limits`: the default limits. */
  readonly limits: DefaultLimitSettings;
  readonly onTradingStateChange?: TradingStateListener;
}

/** Limits, overrides and violations; also registers trading-state, kill-switch and enforcement routes. */
export async function limitRoutes(fastify: FastifyInstance, deps: LimitRouteDeps): Promise<void> {
  const app = fastify as TypedApp;
  const writer = { minRole: 'risk_manager' as const };

  const mustExist = async (id: string) => {
    if ((await deps.storage.portfolios.get(id)) === undefined) throw new ApiError('PORTFOLIO_NOT_FOUND', `portfolio "${id}" does not exist`);
  };

  app.get('/limits/:portfolioId', {
    schema: { tags, summary: 'Limits of a portfolio, the limits version, and the limits in effect now (overrides applied)', params: PortfolioParams, response: { 200: LimitList, ...errs(404) } },
  }, async (req) => {
    const id = req.params.portfolioId;
    await mustExist(id);
    const nowMs = deps.clock.now().getTime();
    const [limitsVersion, limits, overrides] = [await deps.storage.limits.version(id), await deps.storage.limits.list(id), await deps.storage.limitOverrides.list(id, { status: 'active' })];
    return { portfolioId: id, limitsVersion, limits, effective: effectiveLimits({ limits, overrides, nowMs }) };
  });

  app.post('/limits/:portfolioId', {
    config: writer,
    schema: { tags, summary: 'Add a limit (version 1)', params: PortfolioParams, body: CreateLimitBody, response: { 201: Limit, ...errs(404, 409) } },
  }, async (req, reply) => reply.code(201).send(unwrap(await createLimit(deps, principalOf(req), req.params.portfolioId, definedOnly(req.body)))));

  app.post('/limits/:portfolioId/defaults', {
    config: writer,
    schema: {
      tags, summary: 'Create or restore the default limits from config (stable ids default-*)', params: PortfolioParams,
      response: { 200: Type.Object({ limits: Type.Array(Limit), changed: Type.Integer(), limitsVersion: Type.Integer() }), ...errs(404) },
    },
  }, async (req) => unwrap(await seedDefaultLimits(deps, principalOf(req), req.params.portfolioId, deps.limits)));

  app.get('/limits/:portfolioId/overrides', {
    schema: { tags, summary: 'Overrides of a portfolio\'s limits, newest first', params: PortfolioParams, querystring: OverrideQuery, response: { 200: Type.Object({ overrides: Type.Array(Override) }), ...errs(404) } },
  }, async (req) => {
    await mustExist(req.params.portfolioId);
    return { overrides: await deps.storage.limitOverrides.list(req.params.portfolioId, definedOnly(req.query)) };
  });

  app.get('/limits/:portfolioId/violations', {
    schema: { tags, summary: 'Violation history, newest first, with the enforcement taken and its instructions', params: PortfolioParams, querystring: ViolationQuery, response: { 200: Type.Object({ violations: Type.Array(Violation) }), ...errs(404) } },
  }, async (req) => {
    const { limit = 500, ...rest } = req.query;
    return { violations: unwrap(await listViolations(deps, req.params.portfolioId, { ...definedOnly(rest), limit })) };
  });

  app.get('/limits/:portfolioId/:limitId', {
    schema: { tags, summary: 'One limit', params: LimitParams, response: { 200: Limit, ...errs(404) } },
  }, async (req) => {
    const l = await deps.storage.limits.get(req.params.portfolioId, req.params.limitId);
    if (l === undefined) throw new ApiError('LIMIT_NOT_FOUND', `limit "${req.params.limitId}" does not exist in portfolio "${req.params.portfolioId}"`);
    return l;
  });

  app.put('/limits/:portfolioId/:limitId', {
    config: writer,
    schema: { tags, summary: 'Change the given fields of a limit (params are replaced whole); version + 1', params: LimitParams, body: UpdateLimitBody, response: { 200: Limit, ...errs(404) } },
  }, async (req) => unwrap(await updateLimit(deps, principalOf(req), req.params.portfolioId, req.params.limitId, definedOnly(req.body))));

  app.delete('/limits/:portfolioId/:limitId', {
    config: writer,
    schema: { tags, summary: 'Delete a limit with its overrides (violation history is kept)', params: LimitParams, response: { 200: Type.Object({ id: Type.String(), limitsVersion: Type.Integer() }), ...errs(404) } },
  }, async (req) => unwrap(await deleteLimit(deps, principalOf(req), req.params.portfolioId, req.params.limitId)));

  const otags = ['limit-overrides'];
  app.post('/limits/:portfolioId/:limitId/overrides', {
    config: { minRole: 'trader' },
    schema: { tags: otags, summary: 'Request a temporary raise or suspension; it applies once another risk manager approves it', params: LimitParams, body: OverrideBody, response: { 201: Override, ...errs(404) } },
  }, async (req, reply) => reply.code(201).send(unwrap(await requestOverride(deps, principalOf(req), req.params.portfolioId, req.params.limitId, definedOnly(req.body)))));

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/limits/:portfolioId/:limitId/overrides/:overrideId/${decision}`, {
      config: writer,
      schema: { tags: otags, summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a pending override (not by its requester); the body is optional`, params: OverrideParams, body: NoteBody, response: { 200: Override, ...errs(404, 409) } },
      // A bare POST (no body) is a decision without a note.
      preValidation: async (req) => { req.body ??= {}; },
    }, async (req) => {
      const fn = decision === 'approve' ? approveOverride : rejectOverride;
      return unwrap(await fn(deps, principalOf(req), req.params, req.body.note));
    });
  }

  app.delete('/limits/:portfolioId/:limitId/overrides/:overrideId', {
    config: { minRole: 'trader' },
    schema: { tags: otags, summary: 'Revoke a pending or active override (risk manager, or the requester)', params: OverrideParams, querystring: ReasonQuery, response: { 200: Override, ...errs(404, 409) } },
  }, async (req) => unwrap(await revokeOverride(deps, principalOf(req), req.params, req.query.reason)));

  await tradingStateRoutes(fastify, deps);
  await enforcementRoutes(fastify, deps);
}
