import type { RiskSettings } from '../app/risk/risk-engine-types.ts';
import type { LimitSettings } from '../app/risk/what-if.ts';
import type { PreTradeSettings } from '../app/pre-trade/wire-pre-trade.ts';
import type { Config } from './config-schema.ts';

/** The risk engine's settings, read from the one validated Config. */
export function riskSettingsFrom(c: Config): RiskSettings {
  const r = c.risk;
  return {
    baseCurrency: r.baseCurrency, lookbackDays: r.historyLookbackDays, minHistoryReturns: r.minHistoryReturns,
    confidenceLevels: r.confidenceLevels, esConfidenceLevels: r.esConfidenceLevels, staleAfterSeconds: r.monitoring.staleAfterSeconds,
    riskLevel: { weights: r.riskLevel.weights, bands: r.riskLevel.bands, highVolatility: r.riskLevel.highVolatility },
    liquidity: r.liquidity, monteCarlo: r.monteCarlo,
  };
}

export const limitSettingsFrom = (c: Config): LimitSettings => c.risk.limits;

export const preTradeSettingsFrom = (c: Config): PreTradeSettings => ({
  maxQuoteAgeMs: c.risk.preTrade.maxQuoteAgeSeconds * 1000, maxStateAgeMs: c.risk.preTrade.maxStateAgeSeconds * 1000,
  deadlineMs: c.risk.preTrade.deadlineMs, journalMaxBatch: c.risk.preTrade.journalMaxBatch, journalMaxDelayMs: c.risk.preTrade.journalMaxDelayMs, journalBackgroundDelayMs: c.risk.preTrade.journalBackgroundDelayMs, journalMaxBacklog: c.risk.preTrade.journalMaxBacklog,
  journalSynchronousCommit: c.risk.preTrade.journalSynchronousCommit, journalWriteAhead: c.risk.preTrade.journalWriteAhead,
});
