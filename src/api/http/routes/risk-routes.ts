import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { computeRiskReport } from '../../../app/risk/compute-risk-report.ts';
import type { RiskEngineDeps, RiskReportOptions } from '../../../app/risk/risk-engine-types.ts';
import { computeScenarioGrid } from '../../../app/risk/compute-scenario-grid.ts';
import { whatIf, type LimitSettings } from '../../../app/risk/what-if.ts';
import { errorResponses, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { PortfolioParams } from '../../contracts/portfolio-schemas.ts';
import { RiskHistoryQuery, RiskHistoryResponse, RiskQuery, RiskReport, ScenarioGridQuery, WhatIfBody } from '../../contracts/risk-schemas.ts';
import { ApiError, unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';

const tags = ['risk'];
const errs = (...extra: number[]) => errorResponses(...STD_ERRORS, ...extra);
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export async function riskRoutes(fastify: FastifyInstance, deps: RiskEngineDeps & { limits: LimitSettings }): Promise<void> {
  const app = fastify;
  type P = { Params: Static<typeof PortfolioParams> };

  app.get<P & { Querystring: Static<typeof RiskQuery> }>('/risk/metrics/:portfolioId', {
    schema: { tags, summary: 'Current risk report (computed now with the given options)', params: PortfolioParams, querystring: RiskQuery, response: { 200: RiskReport, ...errs(404) } },
  }, async (req) => unwrap(await computeRiskReport(deps, req.params.portfolioId, defined(req.query) as RiskReportOptions)));

  app.get<P & { Querystring: Static<typeof RiskHistoryQuery> }>('/risk/metrics/:portfolioId/history', {
    schema: { tags, summary: 'Risk history of the monitoring loop (downsampled to maxPoints)', params: PortfolioParams, querystring: RiskHistoryQuery, response: { 200: RiskHistoryResponse, ...errs(404) } },
  }, async (req) => {
    const id = req.params.portfolioId;
    if ((await deps.storage.portfolios.get(id)) === undefined) throw new ApiError('PORTFOLIO_NOT_FOUND', `portfolio "${id}" does not exist`);
    const points = await deps.storage.riskReports.history(id, defined({ from: req.query.from, to: req.query.to, maxPoints: req.query.maxPoints ?? 500 }) as { from?: string; to?: string; maxPoints: number });
    return { portfolioId: id, points: points.map((p) => ({ at: p.at, summary: p.summary })) };
  });

  app.get<P>('/risk/greeks/:portfolioId', {
    schema: { tags, summary: 'Greeks per position and aggregated by underlying, expiry, strategy and sector', params: PortfolioParams, response: { 200: Type.Object({ portfolioId: Type.String(), asOf: Type.String(), greeks: Type.Unknown(), positions: Type.Array(Type.Unknown()), issues: Type.Array(Type.Unknown()), conventions: Type.Record(Type.String(), Type.String()) }), ...errs(404) } },
  }, async (req) => {
    const r = unwrap(await computeRiskReport(deps, req.params.portfolioId, { method: 'parametric' }));
    return { portfolioId: r.portfolioId, asOf: r.asOf, greeks: r.greeks, positions: r.positions, issues: r.issues.filter((i) => !i.scope.startsWith('var.')), conventions: { greeks: r.conventions.greeks ?? '', pricing: r.conventions.pricing ?? '' } };
  });

  app.post<{ Body: Static<typeof WhatIfBody> }>('/risk/what-if', {
    config: { minRole: 'trader' },
    schema: { tags, summary: 'Greeks, VaR and limit utilisation before and after hypothetical trades (nothing is written)', body: WhatIfBody, response: { 200: Type.Object({ before: Type.Unknown(), after: Type.Unknown(), change: Type.Unknown(), conventions: Type.Record(Type.String(), Type.String()) }), ...errs(404) } },
  }, async (req) => unwrap(await whatIf(deps, principalOf(req), req.body.portfolioId, req.body.trades, defined(req.body.options ?? {}) as RiskReportOptions)));

  app.get<P & { Querystring: Static<typeof ScenarioGridQuery> }>('/risk/scenario-grid/:portfolioId', {
    schema: { tags, summary: 'P&L over spot x volatility moves, now and one day later (one underlying, or the market through betas)', params: PortfolioParams, querystring: ScenarioGridQuery, response: { 200: Type.Object({ target: Type.String(), asOf: Type.String(), spotMoves: Type.Array(Type.Number()), volMoves: Type.Array(Type.Number()), pnl: Type.Array(Type.Array(Type.Number())), pnlNextDay: Type.Array(Type.Array(Type.Number())), baseValue: Type.Number(), betas: Type.Unknown(), issues: Type.Array(Type.Unknown()), conventions: Type.Record(Type.String(), Type.String()) }), ...errs(404) } },
  }, async (req) => unwrap(await computeScenarioGrid(deps, req.params.portfolioId, req.query.underlying === undefined ? { market: true } : { underlying: req.query.underlying }, req.query.valuationDate === undefined ? {} : { valuationDate: req.query.valuationDate })));
}
