/**
 * A portfolio flattened to struct-of-arrays for the revaluation kernels (historical, parametric
 * and Monte Carlo VaR, stress, scenario grids). Built once per snapshot by the valuation code;
 * kernels read it without allocating per scenario or path.
 *
 * Units: spots in the underlying's currency; `stockUnits` = net shares held per underlying
 * (linear exposure, summed over every stock/ETF/index position on it); `optionUnits` = signed
 * quantity x contract multiplier (units of the underlying per option position); time in years
 * (calendar days / 365); volatility, rate and dividend yield as annual fractions (continuous).
 */
export interface RevaluationBook {
  /** Underlying symbols; index i of every per-underlying array refers to underlyings[i]. */
  readonly underlyings: readonly string[];
  readonly spots: Float64Array;
  readonly stockUnits: Float64Array;
  /** Continuous dividend yield per underlying. */
  readonly dividendYields: Float64Array;

  readonly optionCount: number;
  /** Index into `underlyings`. */
  readonly optionUnderlying: Int32Array;
  /** 1 = call, 0 = put. */
  readonly optionIsCall: Uint8Array;
  /** 1 = American exercise, 0 = European. */
  readonly optionIsAmerican: Uint8Array;
  readonly optionStrike: Float64Array;
  readonly optionTimeYears: Float64Array;
  readonly optionVolatility: Float64Array;
  readonly optionRate: Float64Array;
  readonly optionDividendYield: Float64Array;
  readonly optionUnits: Float64Array;
  /** Position index (into the caller's position list) of each option, for per-position results. */
  readonly optionPosition: Int32Array;
}

/** Allocates an empty book for `underlyingCount` underlyings and `optionCount` options. */
export function createRevaluationBook(underlyings: readonly string[], optionCount: number): RevaluationBook {
  const u = underlyings.length;
  return {
    underlyings, spots: new Float64Array(u), stockUnits: new Float64Array(u), dividendYields: new Float64Array(u),
    optionCount, optionUnderlying: new Int32Array(optionCount), optionIsCall: new Uint8Array(optionCount),
    optionIsAmerican: new Uint8Array(optionCount), optionStrike: new Float64Array(optionCount),
    optionTimeYears: new Float64Array(optionCount), optionVolatility: new Float64Array(optionCount),
    optionRate: new Float64Array(optionCount), optionDividendYield: new Float64Array(optionCount),
    optionUnits: new Float64Array(optionCount), optionPosition: new Int32Array(optionCount),
  };
}
