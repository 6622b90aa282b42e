import { loadLimitSet } from '../limits/limit-set.ts';
import type { Stores } from '../ports.ts';
import type { GateContext, GateRequest } from '../risk/risk-engine-types.ts';

/**
 * Reads what the gate needs besides the report to build its state: the limits in force (overrides
 * applied) and the tradable universe, that is the quotes, recent closes and reference data (sector,
 * beta, average daily volume) of underlyings not held,
 * so orders on names not yet held can be judged.
 */
export async function readGateContext(stores: Stores, now: Date, portfolioId: string, heldSymbols: readonly string[], request: GateRequest): Promise<GateContext> {
  const set = await loadLimitSet(stores, portfolioId, now.getTime());
  const held = new Set(heldSymbols);
  const quotes = (await stores.marketData.listUnderlyingQuotes()).filter((q) => !held.has(q.instrumentKey));
  const symbols = quotes.map((q) => q.instrumentKey);
  const [history, reference] = await Promise.all([
    stores.marketData.recentHistory(symbols, request.lookbackDays + 1, now.toISOString().slice(0, 10)),
    symbols.length === 0 ? [] : stores.marketData.listReference(symbols),
  ]);
  return {
    limits: set.limits, limitsVersion: set.version, validUntilMs: set.validUntilMs, tradingState: request.tradingState,
    universe: { quotes, history, reference }, lookbackDays: request.lookbackDays, minReturns: request.minReturns,
  };
}
