import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ingestPriceHistory, ingestQuotes, ingestRates, ingestReferenceData } from '../../../app/market-data/ingest-market-data.ts';
import type { UseCaseDeps } from '../../../app/use-case-deps.ts';
import { parsePriceCsv } from '../../../core/market/parse-price-csv.ts';
import { errorResponses, STD_ERRORS, Symbol } from '../../contracts/common-schemas.ts';
import {
  Bar, HistoryBody, HistoryQuery, IngestResult, Quote, QuotesBody, Rate, RatesBody, ReferenceBody, ReferenceData, SymbolsQuery,
} from '../../contracts/market-data-schemas.ts';
import { unwrap } from '../../errors.ts';
import { principalOf } from '../auth-plugin.ts';
import type { TypedApp } from '../typed-app.ts';

const tags = ['market-data'];
const errs = (...extra: number[]) => errorResponses(...STD_ERRORS, ...extra);
const splitSymbols = (s: string | undefined): string[] | undefined =>
  s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter((x) => x !== '');

export async function marketDataRoutes(fastify: FastifyInstance, deps: UseCaseDeps): Promise<void> {
  const app = fastify as TypedApp;
  const writer = { minRole: 'trader' as const };

  app.post('/market-data/quotes', {
    config: writer,
    schema: { tags, summary: 'Ingest quotes (all-or-nothing); each keeps its source timestamp', body: QuotesBody, response: { 200: IngestResult, ...errs(413) } },
  }, async (req) => unwrap(await ingestQuotes(deps, principalOf(req), req.body.quotes)));

  app.get('/market-data/quotes', {
    schema: { tags, summary: 'Latest quotes, with their age', querystring: SymbolsQuery, response: { 200: Type.Object({ quotes: Type.Array(Quote) }), ...errs() } },
  }, async (req) => {
    const now = deps.clock.now().getTime();
    const quotes = await deps.storage.marketData.listQuotes(splitSymbols(req.query.symbols));
    return { quotes: quotes.map((q) => ({ ...q, ageSeconds: (now - Date.parse(q.timestamp)) / 1000 })) };
  });

  app.post('/market-data/reference', {
    config: writer, schema: { tags, summary: 'Ingest reference data per symbol', body: ReferenceBody, response: { 200: IngestResult, ...errs(413) } },
  }, async (req) => unwrap(await ingestReferenceData(deps, principalOf(req), req.body.symbols)));

  app.get('/market-data/reference', {
    schema: { tags, summary: 'Reference data', querystring: SymbolsQuery, response: { 200: Type.Object({ symbols: Type.Array(ReferenceData) }), ...errs() } },
  }, async (req) => ({ symbols: await deps.storage.marketData.listReference(splitSymbols(req.query.symbols)) }));

  app.post('/market-data/rates', {
    config: writer, schema: { tags, summary: 'Risk-free rates per currency (continuous compounding)', body: RatesBody, response: { 200: IngestResult, ...errs() } },
  }, async (req) => unwrap(await ingestRates(deps, principalOf(req), req.body.rates)));

  app.get('/market-data/rates', { schema: { tags, summary: 'Risk-free rates', response: { 200: Type.Object({ rates: Type.Array(Rate) }), ...errs() } } },
    async () => ({ rates: await deps.storage.marketData.listRates() }));

  const HistoryResult = Type.Object({ accepted: Type.Integer(), symbols: Type.Array(Type.String()) });
  app.post('/market-data/history', {
    config: writer, schema: { tags, summary: 'Ingest daily closes as JSON bars', body: HistoryBody, response: { 200: HistoryResult, ...errs(413) } },
  }, async (req) => unwrap(await ingestPriceHistory(deps, principalOf(req), req.body.bars)));

  app.post('/market-data/history/csv', {
    config: writer,
    schema: {
      tags, summary: 'Ingest daily closes as CSV (text/csv): a date column and one column per symbol; empty cells are skipped',
      consumes: ['text/csv'], body: Type.String({ minLength: 1 }), response: { 200: HistoryResult, ...errs(413, 415) },
    },
  }, async (req) => {
    const { bars, problems } = parsePriceCsv(req.body);
    return unwrap(await ingestPriceHistory(deps, principalOf(req), bars, problems));
  });

  app.get('/market-data/history', {
    schema: { tags, summary: 'Symbols with history: bar count and date span', response: { 200: Type.Object({ symbols: Type.Array(Type.Object({ symbol: Type.String(), bars: Type.Integer(), firstDate: Type.String(), lastDate: Type.String() })) }), ...errs() } },
  }, async () => ({ symbols: await deps.storage.marketData.historySummary() }));

  app.get('/market-data/history/:symbol', {
    schema: { tags, summary: 'Daily closes of one symbol in date order', params: Type.Object({ symbol: Symbol }), querystring: HistoryQuery, response: { 200: Type.Object({ symbol: Type.String(), bars: Type.Array(Bar) }), ...errs() } },
  }, async (req) => ({
    symbol: req.params.symbol,
    bars: await deps.storage.marketData.history(req.params.symbol, { ...(req.query.from ? { from: req.query.from } : {}), ...(req.query.to ? { to: req.query.to } : {}) }),
  }));
}
