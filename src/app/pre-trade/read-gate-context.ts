import { loadLimitSet } from '../limits/limit-set.ts';
import type { Stores } from '../ports.ts';
import type { GateContext, GateRequest } from '../risk/risk-engine-types.ts';

/**
 * Reads what the gate needs besides the report to build its state: the limits in force (overrides
 * applied) and the tradable universe, that is the quotes and recent closes of underlyings not held,
 * so orders on names not yet held can be judged.
 */
export async function readGateContext(stores: Stores, now: Date, portfolioId: string, heldSymbols: readonly string[], request: GateRequest): Promise<GateContext> {
  const set = await loadLimitSet(stores, portfolioId, now.getTime());
  const held = new Set(heldSymbols);
  const quotes = (await stores.marketData.listUnderlyingQuotes()).filter((q) => !held.has(q.instrumentKey));
  const history = await stores.marketData.recentHistory(quotes.map((q) => q.instrumentKey), request.lookbackDays + 1, now.toISOString().slice(0, 10));
  return {
    limits: set.limits, limitsVersion: String(set.version), validUntilMs: set.validUntilMs, tradingState: request.tradingState,
    universe: { quotes, history }, lookbackDays: request.lookbackDays, minReturns: request.minReturns,
  };
}
