import type { PreTradeGate } from '../../../app/pre-trade/pre-trade-gate.ts';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { appendNavHistory } from '../../../app/portfolios/append-nav-history.ts';
import { createPortfolio } from '../../../app/portfolios/create-portfolio.ts';
import { deletePortfolio } from '../../../app/portfolios/delete-portfolio.ts';
import { deletePosition } from '../../../app/portfolios/delete-position.ts';
import { replacePositions } from '../../../app/portfolios/replace-positions.ts';
import { updatePortfolio } from '../../../app/portfolios/update-portfolio.ts';
import { upsertPosition } from '../../../app/portfolios/upsert-position.ts';
import type { UseCaseDeps } from '../../../app/use-case-deps.ts';
import type { DefaultLimitSettings } from '../../../app/limits/seed-default-limits.ts';
import { errorResponses, STD_ERRORS } from '../../contracts/common-schemas.ts';
import {
  AppendNavBody, CreatePortfolioBody, NavPoint, Portfolio, PortfolioParams, Position, PositionBody, PositionParams,
  RangeQuery, ReplacePositionsBody, UpdatePortfolioBody,
} from '../../contracts/portfolio-schemas.ts';
import { ApiError, unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';
import type { TypedApp } from '../typed-app.ts';

const tags = ['portfolios'];
const errs = (...extra: number[]) => errorResponses(...STD_ERRORS, ...extra);

export interface PortfolioRouteDeps extends UseCaseDeps {
  readonly baseCurrency: string;
  readonly defaultLimits?: DefaultLimitSettings;
  /** The pre-trade gate learns of a created, changed or deleted portfolio at once (an inactive one trades no more). */
  readonly gate?: Pick<PreTradeGate, 'setPortfolioStatus'>;
}

export async function portfolioRoutes(fastify: FastifyInstance, deps: PortfolioRouteDeps): Promise<void> {
  const app = fastify as TypedApp;

  const mustExist = async (id: string) => {
    const p = await deps.storage.portfolios.get(id);
    if (p === undefined) throw new ApiError('PORTFOLIO_NOT_FOUND', `portfolio "${id}" does not exist`);
    return p;
  };

  app.get('/portfolios', { schema: { tags, summary: 'List portfolios', response: { 200: Type.Object({ portfolios: Type.Array(Portfolio) }), ...errs() } } },
    async () => ({ portfolios: await deps.storage.portfolios.list() }));

  app.post('/portfolios', {
    config: { minRole: 'risk_manager' },
    schema: { tags, summary: 'Create a portfolio (id generated when absent)', body: CreatePortfolioBody, response: { 201: Portfolio, ...errs(409) } },
  }, async (req, reply) => {
    const b = req.body;
    const { defaultLimits, ...rest } = deps;
    const created = unwrap(await createPortfolio(b.applyDefaultLimits === false || defaultLimits === undefined ? rest : { ...rest, defaultLimits }, principalOf(req), {
      ...(b.id === undefined ? {} : { id: b.id }), name: b.name, baseCurrency: b.baseCurrency ?? deps.baseCurrency,
      ...(b.cash === undefined ? {} : { cash: b.cash }), ...(b.benchmarkSymbol === undefined ? {} : { benchmarkSymbol: b.benchmarkSymbol }),
      ...(b.status === undefined ? {} : { status: b.status }),
    }));
    deps.gate?.setPortfolioStatus(created.id, created.status);
    return reply.code(201).send(created);
  });

  app.get('/portfolios/:portfolioId', { schema: { tags, summary: 'Get a portfolio', params: PortfolioParams, response: { 200: Portfolio, ...errs(404) } } },
    async (req) => mustExist(req.params.portfolioId));

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method, url: '/portfolios/:portfolioId', config: { minRole: 'risk_manager' },
      schema: { tags, summary: 'Update the given fields of a portfolio', params: PortfolioParams, body: UpdatePortfolioBody, response: { 200: Portfolio, ...errs(404) } },
      handler: async (req) => {
        const b = req.body;
        const updated = unwrap(await updatePortfolio(deps, principalOf(req), req.params.portfolioId, Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined))));
        deps.gate?.setPortfolioStatus(updated.id, updated.status);
        return updated;
      },
    });
  }

  app.delete('/portfolios/:portfolioId', {
    config: { minRole: 'risk_manager' },
    schema: { tags, summary: 'Delete a portfolio with its positions and NAV history', params: PortfolioParams, response: { 200: Type.Object({ id: Type.String() }), ...errs(404) } },
  }, async (req) => {
    const deleted = unwrap(await deletePortfolio(deps, principalOf(req), req.params.portfolioId));
    deps.gate?.setPortfolioStatus(req.params.portfolioId, null);
    return deleted;
  });

  const ptags = ['positions'];
  app.get('/portfolios/:portfolioId/positions', { schema: { tags: ptags, summary: 'List positions', params: PortfolioParams, response: { 200: Type.Object({ positions: Type.Array(Position) }), ...errs(404) } } },
    async (req) => {
      await mustExist(req.params.portfolioId);
      return { positions: await deps.storage.positions.list(req.params.portfolioId) };
    });

  app.put('/portfolios/:portfolioId/positions', {
    config: { minRole: 'trader' },
    schema: { tags: ptags, summary: 'Replace all positions (all-or-nothing)', params: PortfolioParams, body: ReplacePositionsBody, response: { 200: Type.Object({ positions: Type.Array(Position) }), ...errs(404, 413) } },
  }, async (req) => ({ positions: unwrap(await replacePositions(deps, principalOf(req), req.params.portfolioId, req.body.positions)) }));

  app.post('/portfolios/:portfolioId/positions', {
    config: { minRole: 'trader' },
    schema: { tags: ptags, summary: 'Create or update one position (id defaults to the instrument key)', params: PortfolioParams, body: PositionBody, response: { 200: Position, 201: Position, ...errs(404) } },
  }, async (req, reply) => {
    const r = unwrap(await upsertPosition(deps, principalOf(req), req.params.portfolioId, req.body));
    return reply.code(r.created ? 201 : 200).send(r.position);
  });

  app.get('/portfolios/:portfolioId/positions/:positionId', { schema: { tags: ptags, summary: 'Get one position', params: PositionParams, response: { 200: Position, ...errs(404) } } },
    async (req) => {
      const p = await deps.storage.positions.get(req.params.portfolioId, req.params.positionId);
      if (p === undefined) throw new ApiError('POSITION_NOT_FOUND', `position "${req.params.positionId}" does not exist in portfolio "${req.params.portfolioId}"`);
      return p;
    });

  app.put('/portfolios/:portfolioId/positions/:positionId', {
    config: { minRole: 'trader' },
    schema: { tags: ptags, summary: 'Create or update one position by id', params: PositionParams, body: PositionBody, response: { 200: Position, 201: Position, ...errs(404) } },
  }, async (req, reply) => {
    if (req.body.positionId !== undefined && req.body.positionId !== req.params.positionId) throw new ApiError('INVALID_INPUT', 'positionId in the body differs from the URL', [{ path: '/positionId', message: 'must equal the URL position id' }]);
    const r = unwrap(await upsertPosition(deps, principalOf(req), req.params.portfolioId, { ...req.body, positionId: req.params.positionId }));
    return reply.code(r.created ? 201 : 200).send(r.position);
  });

  app.delete('/portfolios/:portfolioId/positions/:positionId', {
    config: { minRole: 'trader' },
    schema: { tags: ptags, summary: 'Delete one position', params: PositionParams, response: { 200: Type.Object({ positionId: Type.String() }), ...errs(404) } },
  }, async (req) => unwrap(await deletePosition(deps, principalOf(req), req.params.portfolioId, req.params.positionId)));

  const ntags = ['nav-history'];
  app.get('/portfolios/:portfolioId/nav-history', {
    schema: { tags: ntags, summary: 'NAV snapshots in time order (latest `limit` points in range)', params: PortfolioParams, querystring: RangeQuery, response: { 200: Type.Object({ points: Type.Array(NavPoint) }), ...errs(404) } },
  }, async (req) => {
    await mustExist(req.params.portfolioId);
    const q = req.query;
    return { points: await deps.storage.navHistory.list(req.params.portfolioId, { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), ...(q.limit ? { limit: q.limit } : {}) }) };
  });

  app.post('/portfolios/:portfolioId/nav-history', {
    config: { minRole: 'risk_manager' },
    schema: { tags: ntags, summary: 'Import NAV snapshots (source "import")', params: PortfolioParams, body: AppendNavBody, response: { 201: Type.Object({ accepted: Type.Integer() }), ...errs(404) } },
  }, async (req, reply) => reply.code(201).send(unwrap(await appendNavHistory(deps, principalOf(req), req.params.portfolioId, req.body.points))));
}
