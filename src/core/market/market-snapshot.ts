import type { PriceBar, Quote, ReferenceData } from './market-data.ts';

/**
 * Everything a valuation needs, fetched once by the use case ("declare, then compute"):
 * kernels read it and never fetch.
 */
export interface MarketSnapshot {
  /** Valuation time (ISO). Option time to expiry runs from here to the expiry date's close. */
  readonly asOf: string;
  /** Latest quote per instrument key (stocks by symbol, options by their key). */
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly reference: ReadonlyMap<string, ReferenceData>;
  /** Continuous risk-free rate of the base currency, or null when none is known. */
  readonly rate: number | null;
  /** Daily closes per symbol in date order (underlyings and the benchmark). */
  readonly history: ReadonlyMap<string, readonly PriceBar[]>;
}

/** Hour (UTC) taken as an expiry date's close for time-to-expiry: 21:00 UTC = 16:00 New York (EST). */
export const EXPIRY_CLOSE_UTC_HOUR = 21;

/** Act/365F years from `asOfMs` to the close of `expiry` (YYYY-MM-DD); negative once expired. */
export function yearsToExpiry(asOfMs: number, expiry: string): number {
  const closeMs = Date.parse(`${expiry}T${String(EXPIRY_CLOSE_UTC_HOUR).padStart(2, '0')}:00:00Z`);
  return (closeMs - asOfMs) / (365 * 86_400_000);
}

/** Mid of bid/ask when both are present and sane, else last. */
export function quoteMid(q: Quote): number {
  return q.bid !== null && q.ask !== null && q.bid > 0 && q.ask >= q.bid ? 0.5 * (q.bid + q.ask) : q.last;
}
