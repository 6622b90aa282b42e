import type { Principal } from '../../core/auth/role.ts';
import type { TradingState } from '../../core/limits/limit-definition.ts';
import type { PreTradeState } from '../../core/limits/pre-trade-state.ts';
import type { Result } from '../../core/shared/result.ts';
import type { Clock, DecisionWriteAheadLog, RiskPublisher, Storage } from '../ports.ts';
import type { IdGenerator } from '../use-case-deps.ts';
import { engageKillSwitch } from '../limits/kill-switch.ts';
import { monitorLimits } from './monitor-limits.ts';
import type { GateRequest } from '../risk/risk-engine-types.ts';
import type { PreTradeCycleHooks } from '../risk/run-risk-cycle.ts';
import { GroupCommitJournal } from './group-commit-journal.ts';
import { PreTradeGate, type DecisionRecord, type LimitChangeMark, type PreTradeResponse } from './pre-trade-gate.ts';
import { decisionRecordText } from './decision-json.ts';
import { recordDecisions, type DecisionRecorder } from './record-decisions.ts';
import { replayWriteAheadLog, WriteAheadJournal, type DecisionJournal } from './write-ahead-journal.ts';

/** Who engages a kill switch when an order breaches a per-order emergency-stop limit. */
const PRE_TRADE_GATE: Principal = { id: 'system:pre-trade-gate', role: 'risk_manager', via: 'api-key' };

export interface PreTradeSettings {
  readonly maxQuoteAgeMs: number;
  readonly maxStateAgeMs: number;
  readonly deadlineMs: number;
  readonly journalMaxBatch: number;
  readonly journalMaxDelayMs: number;
  /** With a write-ahead log (nobody waits for the database write): how long decisions gather before one. */
  readonly journalBackgroundDelayMs: number;
  /** With a write-ahead log: how many decisions may wait for the database before the gate rejects orders. */
  readonly journalMaxBacklog: number;
  /** false: decision batches commit without waiting for PostgreSQL's WAL flush (see ADR 0005). */
  readonly journalSynchronousCommit: boolean;
  /** off: approvals wait for the database commit; write / fsync: for the local write-ahead log (ADR 0005). */
  readonly journalWriteAhead: 'off' | 'write' | 'fsync';
}

/**
 * Builds the gate with its group-commit journal, loads trading states, portfolios and the last day
 * of decisions (so idempotency survives a restart), and returns the hooks the risk loop calls.
 */
export async function wirePreTrade(args: {
  storage: Storage; clock: Clock; ids: IdGenerator; sha256Hex: (t: string) => string; settings: PreTradeSettings; lookbackDays: number; minReturns: number;
  delivery: { kick(): void }; publisher: RiskPublisher; onError: (portfolioId: string, e: unknown) => void;
  /** Required when settings.journalWriteAhead is not 'off'. */
  writeAheadLog?: DecisionWriteAheadLog;
  /**
   * Writes decision batches to the database; by default in this thread through `storage`
   * (main.ts passes one that runs on a worker thread with its own connection, on PostgreSQL).
   */
  recorder?: DecisionRecorder;
  /** Asked to rebuild a portfolio's state at once (an override in force has expired). */
  onLimitsLapsed?: (portfolioId: string) => void;
}) {
  const { storage, clock, settings } = args;
  const recorder = args.recorder ?? recordDecisions(storage, args.ids, settings.journalSynchronousCommit);
  let journal: DecisionJournal<DecisionRecord>;
  if (settings.journalWriteAhead === 'off') {
    journal = new GroupCommitJournal<DecisionRecord>({ flush: (batch) => recorder(batch.map(decisionRecordText)), maxBatch: settings.journalMaxBatch, maxDelayMs: settings.journalMaxDelayMs });
  } else {
    if (args.writeAheadLog === undefined) throw new Error('journalWriteAhead needs a write-ahead log');
    await replayWriteAheadLog(args.writeAheadLog, recorder);
    journal = new WriteAheadJournal<DecisionRecord>({ log: args.writeAheadLog, recorder, serialise: decisionRecordText, maxBatch: settings.journalMaxBatch, databaseDelayMs: settings.journalBackgroundDelayMs, maxBacklog: settings.journalMaxBacklog });
  }
  const gate = new PreTradeGate({ clock, journal, sha256Hex: args.sha256Hex, maxQuoteAgeMs: settings.maxQuoteAgeMs, maxStateAgeMs: settings.maxStateAgeMs, deadlineMs: settings.deadlineMs });
  gate.onLimitsLapsed = (portfolioId) => args.onLimitsLapsed?.(portfolioId);
  // A per-order emergency stop: the gate halted the portfolio in memory; this persists it (audited).
  /** Trading-state changes the gate applies at once; the deps of the use cases that make them here. */
  const onTradingStateChange = (key: string, state: TradingState): void => gate.setTradingState(key, state);
  const stateDeps = { storage, clock, ids: args.ids, onTradingStateChange };
  gate.onEmergencyStop = (portfolioId, _limitId, reason) => {
    engageKillSwitch(stateDeps, PRE_TRADE_GATE, { scope: 'portfolio', portfolioId, reason })
      .then((r) => { if (!r.ok) args.onError(portfolioId, new Error(`${r.error.code}: ${r.error.message}`)); }, (e: unknown) => args.onError(portfolioId, e));
  };
  const portfolios = await storage.portfolios.list();
  gate.setPortfolios(portfolios);
  for (const r of await storage.tradingStates.list()) gate.setTradingState(r.key, r.state);
  const since = new Date(clock.now().getTime() - 86_400_000).toISOString();
  for (const p of portfolios) {
    for (const d of await storage.preTradeDecisions.list(p.id, { from: since, limit: 100_000 })) gate.remember(p.id, d.clientOrderId, d.requestHash, d.decision as PreTradeResponse);
  }
  const readMarks = new Map<string, LimitChangeMark>();
  return {
    gate, journal,
    /** The risk cycle's hooks: the gate's part of each cycle's request, then the state the cycle built. */
    cycleHooks: {
      gateRequest: (portfolioId: string): GateRequest => {
        // taken before the cycle reads the limits (one cycle per portfolio at a time)
        readMarks.set(portfolioId, gate.limitChangeMark());
        return { tradingState: gate.effectiveTradingState(portfolioId), lookbackDays: args.lookbackDays, minReturns: args.minReturns };
      },
      onState: async (portfolioId: string, built: Result<PreTradeState>, validUntilMs: number | null): Promise<void> => {
        gate.setState(portfolioId, built, validUntilMs, readMarks.get(portfolioId) ?? 0);
        const state = gate.stateOf(portfolioId);
        if (state !== null) {
          try {
            await monitorLimits({ ...stateDeps, delivery: args.delivery, publisher: args.publisher }, state);
          } catch (e) { args.onError(portfolioId, e); }
        }
      },
      onNoReport: (portfolioId: string, code: string, message: string): void => {
        gate.setState(portfolioId, { ok: false, error: { code, message } });
      },
    } satisfies PreTradeCycleHooks,
    onTradingStateChange,
  };
}
