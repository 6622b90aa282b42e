export type VarMethod = 'historical' | 'parametric-delta-normal' | 'parametric-delta-gamma' | 'monte-carlo';

export interface VarMethodChoice {
  readonly method: VarMethod | null;
  readonly reason: string;
  readonly inputs: { readonly scenarios: number; readonly optionShare: number; readonly nonLinearity: number | null };
}

/** Scenario count from which historical simulation is trusted on its own (one trading year). */
export const FULL_HISTORY_SCENARIOS = 250;

/**
 * The hybrid rule: with a full year of history, historical simulation with full revaluation
 * (captures fat tails and option convexity). With less history but material options
 * (option share of gross exposure > 10 % or delta-gamma VaR differing from delta-normal by > 10 %),
 * Monte Carlo with full revaluation on the sample covariance. Otherwise delta-normal.
 * `nonLinearity` = |deltaGamma VaR / deltaNormal VaR - 1|.
 */
export function chooseVarMethod(args: { scenarios: number; minScenarios: number; optionShare: number; nonLinearity: number | null }): VarMethodChoice {
  const inputs = { scenarios: args.scenarios, optionShare: args.optionShare, nonLinearity: args.nonLinearity };
  if (args.scenarios < args.minScenarios) return { method: null, reason: `only ${args.scenarios} historical returns; at least ${args.minScenarios} are needed for any method`, inputs };
  if (args.scenarios >= FULL_HISTORY_SCENARIOS) return { method: 'historical', reason: `${args.scenarios} historical scenarios (>= ${FULL_HISTORY_SCENARIOS}): historical simulation with full revaluation`, inputs };
  const nonLinear = args.optionShare > 0.1 || (args.nonLinearity !== null && args.nonLinearity > 0.1);
  if (nonLinear) return { method: 'monte-carlo', reason: `short history (${args.scenarios} scenarios) and non-linear book (option share ${(args.optionShare * 100).toFixed(1)} %): Monte Carlo with full revaluation`, inputs };
  return { method: 'parametric-delta-normal', reason: `short history (${args.scenarios} scenarios) and a nearly linear book: delta-normal`, inputs };
}
