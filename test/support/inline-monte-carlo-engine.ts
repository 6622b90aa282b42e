import type { MonteCarloEngine } from '../../src/app/risk/risk-engine-types.ts';
import { monteCarloVar } from '../../src/core/risk/monte-carlo-var.ts';
import { monteCarloStress } from '../../src/core/stress/index.ts';

/** Monte Carlo on the calling thread: deterministic and enough for tests; production uses the worker pool. */
export const inlineMonteCarloEngine: MonteCarloEngine = {
  run: async (request) => monteCarloVar(request),
  runStress: async (input) => monteCarloStress(input),
};
