/** What the app gives the pre-trade engine per underlying, position and option quote (see pre-trade-state.ts). */
export interface PreTradeUnderlyingInput {
  readonly symbol: string;
  /** Price that values the book and new orders, currency per share; null = no usable quote. */
  readonly spot: number | null;
  readonly last: number | null;
  readonly mid: number | null;
  /** Time of the quote behind `spot`, epoch ms; null = unknown (treated as missing). */
  readonly quoteTimeMs: number | null;
  /** At-the-money implied volatility, annualised fraction (0.25 = 25 %); null = new options on it cannot be valued. */
  readonly atmVolatility: number | null;
  /** Continuous dividend yield, fraction per year. */
  readonly dividendYield: number;
  readonly beta: number;
  readonly sector: string;
  /** Average daily volume in shares; null = unknown. */
  readonly averageDailyVolume: number | null;
  /** Sample sd (n-1) of daily log returns, fraction per day. */
  readonly dailyLogReturnSd: number;
}

export interface PreTradePositionInput {
  readonly instrumentKey: string;
  readonly underlying: string;
  readonly assetClass: 'equity' | 'option';
  /** Signed units held: shares, or option contracts. */
  readonly quantity: number;
  /** Units of the underlying per unit of quantity: 1 for equities, 100 for US equity options. */
  readonly multiplier: number;
  readonly strategy: string;
  /** Multi-leg strategy group (legs are reduced and closed together); null = stand-alone. */
  readonly strategyGroupId: string | null;
  /** Per unit of the underlying (one share; one option on one share), currency. */
  readonly unitPrice: number;
  /** Per unit, per 1 of spot (equities: 1). */
  readonly unitDelta: number;
  /** Per unit, per 1 of spot, per 1 of spot. */
  readonly unitGamma: number;
  /** Per unit, currency per volatility point (0.01). */
  readonly unitVegaPerVolPoint: number;
  /** Per unit, currency per calendar day. */
  readonly unitThetaPerDay: number;
}

/** An option's own quote, used as the price-collar reference for that option (else its model price). */
export interface PreTradeInstrumentQuote {
  readonly instrumentKey: string;
  readonly last: number | null;
  readonly mid: number | null;
}
