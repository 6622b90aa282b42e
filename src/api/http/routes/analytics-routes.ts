import type { FastifyInstance } from 'fastify';
import { impliedVolatilityWithMethod, OPTION_GREEK_UNITS, priceOption, type PriceOptionInput, type ImpliedVolatilityInput } from '../../../core/pricing/index.ts';
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
  americanDefault: "'binomial' (Leisen-Reimer lattice with Richardson extrapolation); 'bsm' for American calls when early exercise is never optimal",
} as const;

/** Per-option INVALID_INPUT problems reported with their place in the request; nothing is priced. */
function collectInvalid<T>(results: ReadonlyArray<Result<T>>): InputProblem[] {
  return results.flatMap((r, i) => (r.ok || r.error.code !== 'INVALID_INPUT' ? [] :
    (Array.isArray(r.error.details) ? r.error.details as Array<{ field?: string; reason?: string }> : [{ field: '', reason: r.error.message }])
      .map((d) => ({ path: `/options/${i}${d.field ? `/${d.field}` : ''}`, message: d.reason ?? r.error.message }))));
}

const perResult = <T>(r: Result<T>) => (r.ok ? r.value : { error: { code: r.error.code, message: r.error.message } });

/** Stateless kernels: option prices and Greeks, implied volatility, return-series statistics. */
export async function analyticsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify as TypedApp;
  const compute = { minRole: 'viewer' as const };

  app.post('/analytics/options/price', {
    config: compute,
    schema: { tags, summary: 'Price options with Greeks (display units, see `units`)', body: PriceOptionsBody, response: { 200: PriceOptionsResponse, ...errs } },
  }, async (req) => {
    const results = req.body.options.map((o) => priceOption(o as PriceOptionInput));
    const problems = collectInvalid(results);
    if (problems.length > 0) throw new ApiError('INVALID_INPUT', `${problems.length} invalid option field(s)`, problems);
    return { results: results.map(perResult), units: OPTION_GREEK_UNITS, conventions: OPTION_CONVENTIONS };
  });

  app.post('/analytics/options/implied-vol', {
    config: compute,
    schema: { tags, summary: 'Implied volatility; a price outside the no-arbitrage bounds or without time value gets a coded error', body: ImpliedVolBody, response: { 200: ImpliedVolResponse, ...errs } },
  }, async (req) => {
    const results = req.body.options.map((o) => impliedVolatilityWithMethod(o as ImpliedVolatilityInput));
    const problems = collectInvalid(results);
    if (problems.length > 0) throw new ApiError('INVALID_INPUT', `${problems.length} invalid option field(s)`, problems);
    return { results: results.map(perResult), conventions: { ...OPTION_CONVENTIONS, volatility: 'annualised fraction; European by exact BSM inversion, American through the default American pricer' } };
  });

  app.post('/analytics/returns', {
    config: compute,
    schema: { tags, summary: 'Return-series statistics: moments, VaR/ES, ratios, drawdowns, beta (see `conventions`)', body: ReturnsBody, response: { 200: ReturnsResponse, ...errs } },
  }, async (req) => unwrap(analyzeReturns(req.body as AnalyzeReturnsInput)));
}
