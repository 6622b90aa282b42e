import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createCustomScenario, deleteCustomScenario, listScenarios, updateCustomScenario } from '../../../app/stress/manage-custom-scenarios.ts';
import { runReverseStress } from '../../../app/stress/run-reverse-stress.ts';
import { runScanGrid } from '../../../app/stress/run-scan-grid.ts';
import { runStressTest, STRESS_TEST_CONVENTIONS, type StressDeps, type StressTestRequest } from '../../../app/stress/run-stress-test.ts';
import type { CustomScenarioInput, ScanClass } from '../../../core/stress/index.ts';
import { errorResponses, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { PortfolioParams } from '../../contracts/portfolio-schemas.ts';
import {
  ReverseStressBody, ReverseStressResponse, ScanGridBody, ScanGridResponse, ScenarioInput, ScenarioListQuery, ScenarioListResponse, ScenarioParams,
  StoredScenarioSchema, StressHistoryQuery, StressHistoryResponse, StressTestBody, StressTestParams, StressTestResponse, UpdateScenarioBody,
} from '../../contracts/stress-schemas.ts';
import { ApiError, unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';
import type { TypedApp } from '../typed-app.ts';

const tags = ['stress'];
const errs = (...extra: number[]) => errorResponses(...STD_ERRORS, ...extra);
/** Use-case results carry readonly arrays; the response schema (checked by Fastify) is the contract. */
const asResponse = <T>(value: T): never => value as never;
const definedOnly = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * Stress testing: run and store tests, list their history, the scenario library and custom
 * scenarios, the regulatory scan grid and reverse stress. Running needs trader; changing custom
 * scenarios needs risk_manager; reading needs viewer.
 */
export async function stressRoutes(fastify: FastifyInstance, deps: StressDeps): Promise<void> {
  const app = fastify as TypedApp;
  const runner = { minRole: 'trader' as const };
  const writer = { minRole: 'risk_manager' as const };

  app.post('/stress-test/:portfolioId', {
    config: runner,
    schema: {
      tags, summary: 'Run scenarios on the portfolio by full revaluation; the test is stored', params: PortfolioParams, body: StressTestBody,
      response: { 200: StressTestResponse, ...errs(404, 409, 422) },
    },
  }, async (req) => asResponse(unwrap(await runStressTest(deps, principalOf(req), req.params.portfolioId, definedOnly(req.body) as StressTestRequest))));

  app.get('/stress-test/:portfolioId/scenarios', {
    schema: { tags, summary: 'The scenario library and the portfolio\'s custom scenarios, with full definitions', params: PortfolioParams, querystring: ScenarioListQuery, response: { 200: ScenarioListResponse, ...errs(404) } },
  }, async (req) => asResponse({ ...unwrap(await listScenarios(deps, req.params.portfolioId, definedOnly(req.query))), conventions: STRESS_TEST_CONVENTIONS }));

  app.post('/stress-test/:portfolioId/scenarios', {
    config: writer,
    schema: { tags, summary: 'Create a custom scenario (checked against the library rules and the current book)', params: PortfolioParams, body: ScenarioInput, response: { 201: StoredScenarioSchema, ...errs(404, 409) } },
  }, async (req, reply) => {
    const created = unwrap(await createCustomScenario(deps, principalOf(req), req.params.portfolioId, req.body as CustomScenarioInput & { id?: string }));
    return reply.code(201).send(asResponse(created));
  });

  app.get('/stress-test/:portfolioId/scenarios/:scenarioId', {
    schema: { tags, summary: 'One custom scenario', params: ScenarioParams, response: { 200: StoredScenarioSchema, ...errs(404) } },
  }, async (req) => {
    const s = await deps.storage.customScenarios.get(req.params.portfolioId, req.params.scenarioId);
    if (s === undefined) throw new ApiError('SCENARIO_NOT_FOUND', `portfolio "${req.params.portfolioId}" has no custom scenario "${req.params.scenarioId}"`);
    return asResponse(s);
  });

  app.put('/stress-test/:portfolioId/scenarios/:scenarioId', {
    config: writer,
    schema: { tags, summary: 'Replace a custom scenario\'s definition (version + 1)', params: ScenarioParams, body: UpdateScenarioBody, response: { 200: StoredScenarioSchema, ...errs(404, 409) } },
  }, async (req) => asResponse(unwrap(await updateCustomScenario(deps, principalOf(req), req.params.portfolioId, req.params.scenarioId, req.body as CustomScenarioInput & { expectedVersion?: number }))));

  app.delete('/stress-test/:portfolioId/scenarios/:scenarioId', {
    config: writer,
    schema: { tags, summary: 'Delete a custom scenario', params: ScenarioParams, response: { 200: Type.Object({ deleted: StoredScenarioSchema }), ...errs(404) } },
  }, async (req) => asResponse(unwrap(await deleteCustomScenario(deps, principalOf(req), req.params.portfolioId, req.params.scenarioId))));

  app.get('/stress-test/:portfolioId/history', {
    schema: { tags, summary: 'Stored stress tests, newest first, with each scenario\'s P&L', params: PortfolioParams, querystring: StressHistoryQuery, response: { 200: StressHistoryResponse, ...errs(404) } },
  }, async (req) => {
    const id = req.params.portfolioId;
    if ((await deps.storage.portfolios.get(id)) === undefined) throw new ApiError('PORTFOLIO_NOT_FOUND', `portfolio "${id}" does not exist`);
    const rows = await deps.storage.stressTests.list(id, definedOnly({ from: req.query.from, to: req.query.to, limit: req.query.limit ?? 100 }) as { limit: number });
    return asResponse({
      portfolioId: id,
      tests: rows.map((r) => ({ stressTestId: r.id, runAt: r.runAt, runBy: r.runBy, valuationDate: r.valuationDate, request: r.request, scenarios: r.summary })),
    });
  });

  app.get('/stress-test/:portfolioId/history/:stressTestId', {
    schema: {
      tags, params: StressTestParams, response: { 200: StressTestResponse, ...errs(404) },
      summary: 'One stored stress test, as it was returned when it ran (a test stored before results were checked for finite numbers is returned as stored, with null where they were not finite)',
    },
  }, async (req, reply) => {
    const r = await deps.storage.stressTests.get(req.params.portfolioId, req.params.stressTestId);
    if (r === undefined) throw new ApiError('STRESS_TEST_NOT_FOUND', `portfolio "${req.params.portfolioId}" has no stress test "${req.params.stressTestId}"`);
    let body: unknown;
    try {
      body = reply.serialize(r.results);
    } catch {
      // Tests are checked for non-finite numbers before they are stored (ADR 0006); one stored
      // before that check holds null where JSON could not carry NaN or Infinity and no longer
      // matches the response schema. It is still the stored record: it is returned as stored.
      body = JSON.stringify(r.results);
    }
    return reply.type('application/json; charset=utf-8').send(asResponse(body));
  });

  app.post('/stress-test/:portfolioId/scan-grid', {
    config: runner,
    schema: { tags, summary: 'OCC TIMS / FINRA 4210 style scan: worst loss per underlying, per class and in total (a margin-like requirement)', params: PortfolioParams, body: ScanGridBody, response: { 200: ScanGridResponse, ...errs(404, 422) } },
  }, async (req) => asResponse(unwrap(await runScanGrid(deps, req.params.portfolioId, definedOnly(req.body) as { classes?: Record<string, ScanClass> }))));

  app.post('/stress-test/:portfolioId/reverse', {
    config: runner,
    schema: { tags, summary: 'Reverse stress: the smallest market and volatility moves that lose a fraction of NAV or breach each active limit', params: PortfolioParams, body: ReverseStressBody, response: { 200: ReverseStressResponse, ...errs(404, 409, 422) } },
  }, async (req) => asResponse(unwrap(await runReverseStress(deps, req.params.portfolioId, definedOnly(req.body)))));
}
