import { loadLimitSet } from '../limits/limit-set.ts';
import type { Stores } from '../ports.ts';
import type { GateContext, GateRequest } from '../risk/risk-engine-types.ts';

/**
 * Reads what the gate needs besides the report to build its state: the limits in force (overrides
 * applied) and the tradable universe, that is the quotes, recent closes and reference data (sector,
 * beta, average daily volume) of underlyings not held,
 * so orders on names not yet held can be judged. `heldFrom`: the held names' earliest close read (their
 * window starts there or later); without held names, the last lookbackDays + 1 closes.
 */
export async function readGateContext(stores: Stores, now: Date, portfolioId: string, heldSymbols: readonly string[], request: GateRequest, heldFrom?: string): Promise<GateContext> {
  const set = await loadLimitSet(stores, portfolioId, now.getTime());
  const held = new Set(heldSymbols);
  const quotes = (await stores.marketData.listUnderlyingQuotes()).filter((q) => !held.has(q.instrumentKey));
  const symbols = quotes.map((q) => q.instrumentKey);
  const [history, reference] = await Promise.all([
    // back to the held names' first close read: where their gaps stretch the window back past their
    // last lookbackDays + 1 closes, a name traded on every date must still cover all of it
    heldFrom === undefined
      ? stores.marketData.recentHistory(symbols, request.lookbackDays + 1, now.toISOString().slice(0, 10))
      : stores.marketData.historyBetween(symbols, { from: heldFrom, to: now.toISOString().slice(0, 10) }),
    symbols.length === 0 ? [] : stores.marketData.listReference(symbols),
  ]);
  return {
    limits: set.limits, limitsVersion: set.version, validUntilMs: set.validUntilMs, tradingState: request.tradingState,
    universe: { quotes, history, reference }, lookbackDays: request.lookbackDays, minReturns: request.minReturns,
  };
}
