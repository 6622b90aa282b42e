/**
 * A stress scenario is data: a list of shocks, each on a target (one underlying, one sector, or
 * the whole market through each name's beta), read as stated below (CONVENTIONS.md, "Scenario
 * shocks"). `SHOCK_READINGS` is the same text as data, returned with every stress result.
 *
 * How shocks on the same underlying combine (several shocks may hit one name, e.g. market + sector):
 * - spot factors multiply: S' = S x prod(1 + move_i) (relative) x prod exp(z_i sd sqrt(h_i)) (sigmas);
 * - relative vol moves multiply, absolute ones add, skew adds:
 *   sigma' = sigma x prod(1 + rel_i x term_i) + sum(abs_i x term_i) + skew; sigma' < 0 is an error;
 * - rate shifts (bp) and dividend-yield shifts add;
 * - time passes for the whole book: the scenario's horizon is the largest `days` of its shocks;
 * - liquidity: the most specific shock wins (underlying over sector over market).
 */

export const SCENARIO_TYPES = [
  'market-crash', 'volatility-spike', 'interest-rate', 'sector-rotation', 'correlation-breakdown',
  'liquidity-crisis', 'historical-replay', 'monte-carlo', 'custom',
] as const;
export type ScenarioType = (typeof SCENARIO_TYPES)[number];

export const SEVERITIES = ['mild', 'moderate', 'severe', 'extreme'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Whom a shock moves. A market move reaches underlying u as beta_u x move (relative spot moves only). */
export type ShockTarget =
  | { readonly underlying: string }
  | { readonly sector: string }
  | { readonly market: true };

/**
 * - relative: S' = S (1 + relative); -0.2 = -20 %; must be > -1. On a market target, name u moves
 *   by beta_u x relative, floored at MIN_SPOT_FACTOR - 1 (a beta cannot take a price below 1 % of itself).
 * - sigmas: S' = S exp(sigmas x sd_u x sqrt(horizonDays)), sd_u = the name's own daily log-return sd
 *   (no beta: each name moves by its own quantile, e.g. sigmas -2.326, horizonDays 10 = its 99 % 10-day move).
 */
export type SpotShock =
  | { readonly relative: number }
  | { readonly sigmas: number; readonly horizonDays: number };

/**
 * Short-dated vols move more: the vol shock of an option with D calendar days to expiry is scaled by
 * min(maxFactor, (referenceDays / max(D, 1))^exponent). referenceDays 30 matches VIX-style indices
 * (30-day implied vol), so a shock quoted as a VIX move applies unscaled at 30 days.
 */
export interface TermScaling {
  readonly referenceDays: number;
  readonly exponent: number;
  readonly maxFactor: number;
}

export const DEFAULT_TERM_SCALING: TermScaling = { referenceDays: 30, exponent: 0.5, maxFactor: 2 };

/**
 * relative: sigma' = sigma (1 + relative x term); absolute: sigma' = sigma + absolute x term
 * (0.05 = +5 vol points); term = 1 without termScaling.
 */
export type VolatilityShock =
  | { readonly relative: number; readonly termScaling?: TermScaling }
  | { readonly absolute: number; readonly termScaling?: TermScaling };

/**
 * Put-wing steepening: adds volPerLogMoneyness x max(0, ln(S' / K)) of absolute vol to options struck
 * below the shocked spot S' (0.2: a strike 10 % below spot gains ~2.1 vol points); strikes at or
 * above S' are unchanged, so a positive steepening never makes a vol negative.
 */
export interface SkewShock {
  readonly volPerLogMoneyness: number;
}

/** Added to the continuous dividend yield (fraction per year; -0.01 = cut by 1 percentage point). */
export interface DividendShock {
  readonly absolute: number;
}

/**
 * Liquidation under stress (liquidity-cost.ts). Liquidation cost of an underlying's positions =
 * gross stressed market value x (base half-spread x spreadWideningMultiplier + haircut of its
 * bucket); the bucket follows the days to exit (share-equivalent exposure / (participation x ADV x
 * volumeFactor)): liquid <= 1 day, moderate <= 5 days, illiquid beyond (or ADV unknown).
 */
export interface LiquidityShock {
  /** Bid-ask spreads widen by this factor (1 = unchanged); >= 0. */
  readonly spreadWideningMultiplier: number;
  /** Fractions of gross stressed market value lost to forced selling, per bucket; each in [0, 1]. */
  readonly haircutByBucket: { readonly liquid: number; readonly moderate: number; readonly illiquid: number };
  /** Average daily volume multiplier during the scenario (0.5 = half the usual volume); > 0; default 1. */
  readonly volumeFactor?: number;
}

export interface ScenarioShock {
  readonly target: ShockTarget;
  readonly spot?: SpotShock;
  readonly volatility?: VolatilityShock;
  readonly skew?: SkewShock;
  /** Additive shift of the continuous rate, basis points (+200 = +2 %). */
  readonly rateBp?: number;
  readonly dividend?: DividendShock;
  /** Calendar days that pass (options age days / 365 years); >= 0. */
  readonly days?: number;
  readonly liquidity?: LiquidityShock;
}

/**
 * Monte Carlo stress settings of a 'monte-carlo' scenario (monte-carlo-stress.ts): daily covariance
 * scaled to the horizon; with probability stressedRegime.probability a path comes from the stressed
 * regime (vols x volatilityMultiplier, correlations pulled toward correlationFloor).
 */
export interface MonteCarloStressSpec {
  readonly distribution: { readonly kind: 'student-t' | 't-copula'; readonly degreesOfFreedom: number };
  readonly horizonDays: number;
  readonly stressedRegime: {
    readonly probability: number;
    readonly volatilityMultiplier: number;
    readonly correlationFloor: number;
    /** Relative implied-vol move applied to the options on stressed-regime paths. */
    readonly impliedVolRelative: number;
  };
  readonly confidence: number;
  readonly pathCount: number;
  readonly seed: number;
}

/** Source figures of a historical episode (historical-replay scenarios). */
export interface ReplaySource {
  readonly event: string;
  /** Peak-to-trough window (or the day), ISO dates. */
  readonly from: string;
  readonly to: string;
  /** Named figures with their values, e.g. { 'S&P 500 move': -0.205 }. */
  readonly figures: Readonly<Record<string, number>>;
  readonly citations: readonly string[];
  /** Shipped data with the actual day-by-day path, when any (replay-history.ts). */
  readonly ownHistory?: { readonly dataset: 'dowjones30' | 'spisector'; readonly from: string; readonly to: string };
}

export interface ScenarioDefinition {
  /** e.g. 'stress.market-crash.severe', 'stress.replay.covid-2020', or a custom id. */
  readonly id: string;
  readonly name: string;
  readonly type: ScenarioType;
  readonly severity: Severity;
  readonly description: string;
  /** Where the magnitudes come from (house calibration, historical figures). */
  readonly sourceNotes: string;
  readonly shocks: readonly ScenarioShock[];
  readonly replay?: ReplaySource;
  readonly simulation?: MonteCarloStressSpec;
}

/** The reading of every shock field, stated with each result (CONVENTIONS.md). */
export const SHOCK_READINGS = {
  spotRelative: "S' = S (1 + relative); market targets: relative x beta of each name",
  spotSigmas: "S' = S exp(sigmas x daily log-return sd x sqrt(horizonDays)); no beta",
  volatilityRelative: "sigma' = sigma (1 + relative x termFactor)",
  volatilityAbsolute: "sigma' = sigma + absolute x termFactor (vol points / 100)",
  termFactor: 'min(maxFactor, (referenceDays / max(daysToExpiry, 1))^exponent), days to expiry before time passes; 1 without termScaling',
  skew: "sigma' += volPerLogMoneyness x max(0, ln(S' / K)) (put wing only)",
  rateBp: 'continuous rate + rateBp / 10,000 (additive)',
  dividend: 'continuous dividend yield + absolute (additive)',
  days: 'time to expiry - max(days) / 365 over the shocks (Act/365F); expired options are worth intrinsic',
  combination: 'spot factors multiply; relative vol moves multiply; absolute vol, rate and dividend shifts add',
} as const;

/** Smallest spot factor a beta-scaled market move can produce. */
export const MIN_SPOT_FACTOR = 0.01;
