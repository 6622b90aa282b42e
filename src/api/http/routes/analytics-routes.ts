import type { FastifyInstance } from 'fastify';
import { latticeOptionCount, type OptionAnalyticsEngine } from '../../../app/analytics/option-analytics-engine.ts';
import { OPTION_GREEK_UNITS, type PriceOptionInput, type ImpliedVolatilityInput } from '../../../core/pricing/index.ts';
import { analyzeReturns, type AnalyzeReturnsInput } from '../../../core/stats/analyze-returns.ts';
import type { InputProblem } from '../../../core/shared/input-problem.ts';
import type { Result } from '../../../core/shared/result.ts';
import { errorResponses, STD_ERRORS } from '../../contracts/common-schemas.ts';
import { ImpliedVolBody, ImpliedVolResponse, PriceOptionsBody, PriceOptionsResponse, ReturnsBody, ReturnsResponse } from '../../contracts/analytics-schemas.ts';
import { ApiError, unwrap } from '../../errors.ts';
import type { TypedApp } from '../typed-app.ts';

const tags = ['analytics'];
const errs = errorResponses(...STD_ERRORS);

export const OPTION_CONVENTIONS = {
  model: 'Black-Scholes-Merton with continuous rate r and dividend yield q (carry b = r - q); American by the named method',
  timeToExpiry: 'years = calendar days / 365 (Act/365F)',
  greeksPer: 'one option on one unit of the underlying (multiply by quantity x contract multiplier for a position)',
  americanDefault: "'binomial' (name kept; the lattice is a finite-difference grid, not a tree): implicit BDF2 in ln S on two grids, 160 and 80 time steps refined quadratically towards expiry with 3 sinh-stretched space nodes per step centred on spot, Richardson-extrapolated (4 V(160) - V(80)) / 3, early exercise solved exactly at every step (policy iteration), value floored at max(intrinsic, European); 'bsm' where early exercise is never optimal (calls with q <= 0 and r >= q, puts with r <= 0 and q >= r)",
} as const;

/** Per-option INVALID_INPUT problems reported with their place in the request; nothing is priced. */
function collectInvalid<T>(results: ReadonlyArray<Result<T>>): InputProblem[] {
  return results.flatMap((r, i) => (r.ok || r.error.code !== 'INVALID_INPUT' ? [] :
    (Array.isArray(r.error.details) ? r.error.details as Array<{ field?: string; reason?: string }> : [{ field: '', reason: r.error.message }])
      .map((d) => ({ path: `/options/${i}${d.field ? `/${d.field}` : ''}`, message: d.reason ?? r.error.message }))));
}

const perResult = <T>(r: Result<T>) => (r.ok ? r.value : { error: { code: r.error.code, message: r.error.message } });

/**
 * American options one request may ask to price (or invert) on the default lattice: ~30 ms each
 * with Greeks (~25 ms an implied volatility) on a worker thread. Other options are not bounded
 * beyond the schema's 10,000: microseconds each.
 */
export const MAX_LATTICE_OPTIONS_PER_REQUEST = 200;

function checkLatticeCount(options: Parameters<typeof latticeOptionCount>[0]): void {
  const n = latticeOptionCount(options);
  if (n > MAX_LATTICE_OPTIONS_PER_REQUEST) {
    throw new ApiError('INVALID_INPUT', `${n} American options need the default lattice; at most ${MAX_LATTICE_OPTIONS_PER_REQUEST} per request (split the request, or ask for method 'bjerksund-stensland-2002' or 'baw')`, [
      { path: '/options', message: `at most ${MAX_LATTICE_OPTIONS_PER_REQUEST} American options on the default lattice per request` },
    ]);
  }
}

/**
 * Stateless kernels: option prices and Greeks, implied volatility, return-series statistics.
 * Pricing runs on `optionAnalytics` (the worker pool in production), off the event loop.
 */
export async function analyticsRoutes(fastify: FastifyInstance, deps: { optionAnalytics: OptionAnalyticsEngine }): Promise<void> {
  const app = fastify as TypedApp;
  const compute = { minRole: 'viewer' as const };

  app.post('/analytics/options/price', {
    config: compute,
    schema: { tags, summary: 'Price options with Greeks (display units, see `units`)', body: PriceOptionsBody, response: { 200: PriceOptionsResponse, ...errs } },
  }, async (req) => {
    checkLatticeCount(req.body.options);
    const results = await deps.optionAnalytics.price(req.body.options as PriceOptionInput[]);
    const problems = collectInvalid(results);
    if (problems.length > 0) throw new ApiError('INVALID_INPUT', `${problems.length} invalid option field(s)`, problems);
    return { results: results.map(perResult), units: OPTION_GREEK_UNITS, conventions: OPTION_CONVENTIONS };
  });

  app.post('/analytics/options/implied-vol', {
    config: compute,
    schema: { tags, summary: 'Implied volatility; a price outside the no-arbitrage bounds or without time value gets a coded error', body: ImpliedVolBody, response: { 200: ImpliedVolResponse, ...errs } },
  }, async (req) => {
    checkLatticeCount(req.body.options);
    const results = await deps.optionAnalytics.impliedVolatilities(req.body.options as ImpliedVolatilityInput[]);
    const problems = collectInvalid(results);
    if (problems.length > 0) throw new ApiError('INVALID_INPUT', `${problems.length} invalid option field(s)`, problems);
    return { results: results.map(perResult), conventions: { ...OPTION_CONVENTIONS, volatility: 'annualised fraction; European by exact BSM inversion, American through the default American pricer' } };
  });

  app.post('/analytics/returns', {
    config: compute,
    schema: { tags, summary: 'Return-series statistics: moments, VaR/ES, ratios, drawdowns, beta (see `conventions`)', body: ReturnsBody, response: { 200: ReturnsResponse, ...errs } },
  }, async (req) => unwrap(analyzeReturns(req.body as AnalyzeReturnsInput)));
}
