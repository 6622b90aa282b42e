import type { PriceBar, Quote } from '../../src/core/market/market-data.ts';
import type { MarketSnapshot } from '../../src/core/market/market-snapshot.ts';
import { instrumentKey, type Instrument, type OptionInstrument } from '../../src/core/portfolio/instrument.ts';
import type { Position } from '../../src/core/portfolio/position.ts';

export const AS_OF = '2026-01-05T15:00:00.000Z';

export function position(instrument: Instrument, quantity: number, over: Partial<Position> = {}): Position {
  const key = instrumentKey(instrument);
  return { portfolioId: 'p', positionId: key, instrument, instrumentKey: key, quantity, averageCost: 0, sector: null, strategy: null, tags: [], strategyGroupId: null, openedAt: AS_OF, updatedAt: AS_OF, ...over };
}

export const stock = (symbol: string): Instrument => ({ type: 'stock', symbol });
export const option = (underlying: string, kind: 'call' | 'put', strike: number, expiry: string, exerciseStyle: 'american' | 'european' = 'european'): OptionInstrument =>
  ({ type: 'option', underlying, kind, strike, expiry, exerciseStyle, multiplier: 100 });

export function quote(instrument: Instrument, last: number, over: Partial<Quote> = {}): Quote {
  return { instrumentKey: instrumentKey(instrument), instrument, last, bid: null, ask: null, impliedVolatility: null, timestamp: AS_OF, receivedAt: AS_OF, ...over };
}

export function snapshot(args: { quotes: Quote[]; rate?: number | null; history?: Record<string, PriceBar[]>; asOf?: string; dividendYields?: Record<string, number> }): MarketSnapshot {
  return {
    asOf: args.asOf ?? AS_OF,
    quotes: new Map(args.quotes.map((q) => [q.instrumentKey, q])),
    reference: new Map(Object.entries(args.dividendYields ?? {}).map(([symbol, y]) => [symbol, { symbol, type: 'stock' as const, sector: null, averageDailyVolume: null, dividendYield: y, beta: null, currency: 'USD', updatedAt: AS_OF }])),
    rate: args.rate === undefined ? 0.05 : args.rate,
    history: new Map(Object.entries(args.history ?? {})),
  };
}
