import type { Principal } from '../../core/auth/role.ts';
import { parsePriceCsv } from '../../core/market/parse-price-csv.ts';
import type { OptionInstrument } from '../../core/portfolio/instrument.ts';
import { ok, fail, type Result } from '../../core/shared/result.ts';
import { ingestPriceHistory, ingestQuotes, ingestRates, ingestReferenceData } from '../market-data/ingest-market-data.ts';
import { createPortfolio } from '../portfolios/create-portfolio.ts';
import { replacePositions } from '../portfolios/replace-positions.ts';
import type { PositionInput } from '../portfolios/position-input.ts';
import type { UseCaseDeps } from '../use-case-deps.ts';

export const DEMO_PORTFOLIO_ID = 'demo-dj30';
const DEMO_ACTOR: Principal = { id: 'system:demo', role: 'admin', via: 'api-key' };

/** GICS sectors of the Dow Jones 30 members of 2000 (the names in the fBasics DowJones30 file). */
const DJ30_SECTORS: Readonly<Record<string, string>> = {
  AA: 'Materials', AXP: 'Financials', T: 'Communication Services', BA: 'Industrials', CAT: 'Industrials', C: 'Financials',
  KO: 'Consumer Staples', DD: 'Materials', EK: 'Consumer Discretionary', XOM: 'Energy', GE: 'Industrials',
  GM: 'Consumer Discretionary', HWP: 'Information Technology', HD: 'Consumer Discretionary', HON: 'Industrials',
  INTC: 'Information Technology', IBM: 'Information Technology', IP: 'Materials', JPM: 'Financials', JNJ: 'Health Care',
  MCD: 'Consumer Discretionary', MRK: 'Health Care', MSFT: 'Information Technology', MMM: 'Industrials',
  MO: 'Consumer Staples', PG: 'Consumer Staples', SBC: 'Communication Services', UTX: 'Industrials',
  WMT: 'Consumer Staples', DIS: 'Communication Services',
};

const addDays = (d: Date, days: number): string => new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Loads the demo into an empty database: the real DowJones30 daily closes (1990-12-31..2001-01-02),
 * sectors, quotes equal to the last close (stamped now, since the history is historical), a USD rate,
 * and a portfolio of stocks and listed options on those names with multi-leg strategy groups.
 */
export async function loadDemo(deps: UseCaseDeps, dowJonesCsv: string): Promise<Result<{ loaded: boolean; bars: number; positions: number }>> {
  if ((await deps.storage.portfolios.count()) > 0) return ok({ loaded: false, bars: 0, positions: 0 });
  const { bars, problems } = parsePriceCsv(dowJonesCsv);
  if (problems.length > 0) return fail('INVALID_INPUT', 'demo price file is malformed', problems);
  const history = await ingestPriceHistory(deps, DEMO_ACTOR, bars);
  if (!history.ok) return history;

  const lastClose = new Map<string, number>();
  for (const b of bars) lastClose.set(b.symbol, b.close);
  const refs = await ingestReferenceData(deps, DEMO_ACTOR, [...lastClose.keys()].map((symbol) => ({ symbol, type: 'stock' as const, sector: DJ30_SECTORS[symbol] ?? null, currency: 'USD' })));
  if (!refs.ok) return refs;
  const now = deps.clock.now();
  const quotes = await ingestQuotes(deps, DEMO_ACTOR, [...lastClose].map(([symbol, last]) => ({
    symbol, last, bid: Math.round(last * 0.9995 * 100) / 100, ask: Math.round(last * 1.0005 * 100) / 100, timestamp: now.toISOString(),
  })));
  if (!quotes.ok) return quotes;
  // 3-month US T-bill yield at the start of January 2001, about 5.9 %, as a continuous rate.
  const rates = await ingestRates(deps, DEMO_ACTOR, [{ currency: 'USD', rate: Math.log(1 + 0.059) }]);
  if (!rates.ok) return rates;

  const created = await createPortfolio(deps, DEMO_ACTOR, { id: DEMO_PORTFOLIO_ID, name: 'Demo: Dow Jones 30 stocks and options', baseCurrency: 'USD', cash: 1_000_000 });
  if (!created.ok) return created;
  const px = (s: string): number => lastClose.get(s) ?? 0;
  const stock = (symbol: string, quantity: number, strategy: string, group?: string): PositionInput => ({
    instrument: { type: 'stock', symbol }, quantity, averageCost: px(symbol), sector: DJ30_SECTORS[symbol] ?? null, strategy,
    ...(group === undefined ? {} : { strategyGroupId: group }),
  });
  const option = (underlying: string, kind: 'call' | 'put', strikeFraction: number, days: number, quantity: number, strategy: string, group: string): PositionInput => {
    const instrument: Omit<OptionInstrument, 'exerciseStyle' | 'multiplier'> & { type: 'option' } = {
      type: 'option', underlying, kind, strike: Math.round(px(underlying) * strikeFraction * 2) / 2, expiry: addDays(now, days),
    };
    return { instrument, quantity, averageCost: 0, sector: DJ30_SECTORS[underlying] ?? null, strategy, strategyGroupId: group };
  };
  const positions: PositionInput[] = [
    stock('IBM', 1000, 'covered-call', 'ibm-covered-call'), option('IBM', 'call', 1.05, 45, -10, 'covered-call', 'ibm-covered-call'),
    stock('MSFT', 2000, 'protective-put', 'msft-protective-put'), option('MSFT', 'put', 0.9, 90, 20, 'protective-put', 'msft-protective-put'),
    option('JPM', 'call', 1.0, 60, 15, 'bull-call-spread', 'jpm-bull-call'), option('JPM', 'call', 1.1, 60, -15, 'bull-call-spread', 'jpm-bull-call'),
    option('XOM', 'call', 1.0, 30, 8, 'long-straddle', 'xom-straddle'), option('XOM', 'put', 1.0, 30, 8, 'long-straddle', 'xom-straddle'),
    option('INTC', 'put', 0.9, 30, -12, 'short-put', 'intc-short-put'),
    stock('KO', 1500, 'core-equity'), stock('GE', 2500, 'core-equity'), stock('WMT', 1200, 'core-equity'),
    stock('JNJ', 1000, 'core-equity'), stock('HD', 1000, 'core-equity'), stock('HWP', -1500, 'pair-short'),
  ];
  const placed = await replacePositions(deps, DEMO_ACTOR, DEMO_PORTFOLIO_ID, positions);
  if (!placed.ok) return placed;
  return ok({ loaded: true, bars: bars.length, positions: placed.value.length });
}
