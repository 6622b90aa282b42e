import { JsonText } from '../../core/shared/json-text.ts';
import { ok, type Result } from '../../core/shared/result.ts';
import type { Stores } from '../ports.ts';
import { gateStateFromInput } from '../pre-trade/gate-state-from-input.ts';
import { readGateContext } from '../pre-trade/read-gate-context.ts';
import { inProcessCycleComputer } from './compute-cycle.ts';
import { loadRiskInputs } from './compute-risk-report.ts';
import type { MonteCarloEngine, RiskCycleComputer, RiskSettings, StoredCycleOutput, StoredCycleRequest } from './risk-engine-types.ts';
import { riskSummary } from './risk-summary.ts';

export interface StoredCycleDeps {
  readonly stores: Stores;
  readonly risk: RiskSettings;
  readonly monteCarlo: MonteCarloEngine;
  /** Where the report is computed; default this thread. */
  readonly computer?: RiskCycleComputer;
  /** Least time between two NAV points written by the valuation loop. */
  readonly navHistoryIntervalSeconds: number;
  /**
   * Least time between two writes of a portfolio's full latest report (what a new stream
   * subscriber gets first; the compact summary is kept every cycle): a report is ~0.3-0.7 MB, and
   * written every cycle it was the largest write the database had (WAL, compression, TOAST) and
   * competed with the order path. `lastSavedMs` remembers this thread's writes. Absent or 0: every cycle.
   */
  readonly latestReport?: { readonly intervalSeconds: number; readonly lastSavedMs: Map<string, number> };
}

/**
 * The storage side of one monitoring cycle: read the portfolio's inputs (and the gate's limits and
 * universe), compute the report, keep it as the latest and in the history, and append a NAV point
 * (complete reports only, at most one per interval). It runs where its storage is: on the event
 * loop's thread with embedded PostgreSQL, or on a worker thread with its own connection to a
 * PostgreSQL server (RiskCycleRunner), so that none of the reads, their parsing or the writes
 * happen on the thread that answers orders.
 */
export async function computeAndStoreCycle(deps: StoredCycleDeps, request: StoredCycleRequest): Promise<Result<StoredCycleOutput>> {
  const now = new Date(request.now);
  const inputs = await loadRiskInputs({ storage: deps.stores, clock: { now: () => now }, risk: deps.risk }, request.portfolioId);
  if (!inputs.ok) return inputs;
  const { loaded } = inputs.value;
  const heldFrom = loaded.underlyings.map((u) => loaded.snapshot.history.get(u)?.[0]?.date).filter((d): d is string => d !== undefined).sort()[0];
  const gate = request.gate === null ? null : await readGateContext(deps.stores, now, request.portfolioId, loaded.underlyings, request.gate, heldFrom);
  const computer = deps.computer ?? inProcessCycleComputer(deps.monteCarlo);
  const { reportJson, headline, gateInput } = await computer.compute({ settings: deps.risk, now: request.now, inputs: inputs.value, gate });
  const at = headline.asOf;
  const { riskReports, navHistory } = deps.stores;
  const atMs = Date.parse(at);
  const latest = deps.latestReport;
  const lastSaved = latest?.lastSavedMs.get(request.portfolioId);
  if (latest === undefined || latest.intervalSeconds <= 0 || lastSaved === undefined || atMs - lastSaved >= latest.intervalSeconds * 1000 || atMs < lastSaved) {
    await riskReports.saveLatest(request.portfolioId, at, new JsonText(reportJson));
    latest?.lastSavedMs.set(request.portfolioId, atMs);
  }
  await riskReports.appendHistory({ portfolioId: request.portfolioId, at, summary: riskSummary(headline) });
  // A NAV that covers every position and fresh inputs; a failed VaR cell or beta does not stop the NAV history.
  if (headline.navComplete && !headline.stale) {
    const last = (await navHistory.list(request.portfolioId, { limit: 1 }))[0];
    if (last === undefined || Date.parse(at) - Date.parse(last.at) >= deps.navHistoryIntervalSeconds * 1000) {
      await navHistory.append([{ portfolioId: request.portfolioId, at, nav: headline.nav, cash: headline.cash, marketValue: headline.marketValue, source: 'valuation' }]);
    }
  }
  // The state is built here too, so that the thread answering orders only takes it over.
  const gateState = gate === null || gateInput === null ? null : gateStateFromInput(gateInput);
  return ok({ headline, reportJson: request.reportText ? reportJson : '', gateState, validUntilMs: gate?.validUntilMs ?? null });
}
