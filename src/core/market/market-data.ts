import type { Instrument } from '../portfolio/instrument.ts';

export interface Quote {
  readonly instrumentKey: string;
  readonly instrument: Instrument;
  readonly last: number;
  readonly bid: number | null;
  readonly ask: number | null;
  /** Annualised, as a fraction (0.25 = 25 %). */
  readonly impliedVolatility: number | null;
  /** When the price was observed at the source (ISO 8601): staleness is judged on this. */
  readonly timestamp: string;
  readonly receivedAt: string;
}

export interface ReferenceData {
  readonly symbol: string;
  readonly type: 'stock' | 'etf' | 'index';
  readonly sector: string | null;
  /** Shares per day. */
  readonly averageDailyVolume: number | null;
  /** Continuous annual dividend yield as a fraction. */
  readonly dividendYield: number | null;
  readonly beta: number | null;
  readonly currency: string | null;
  readonly updatedAt: string;
}

export interface RiskFreeRate {
  readonly currency: string;
  /** Continuously compounded annual rate as a fraction. */
  readonly rate: number;
  readonly asOf: string;
  readonly updatedAt: string;
}

export interface PriceBar {
  readonly symbol: string;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly close: number;
}
