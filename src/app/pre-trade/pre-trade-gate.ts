import type { Principal } from '../../core/auth/role.ts';
import type { TradingState } from '../../core/limits/limit-definition.ts';
import type { PreTradeOrderLeg, PreTradeReason } from '../../core/limits/pre-trade-decision.ts';
import { largestFittingSize } from '../../core/limits/largest-fitting-size.ts';
import { evaluateOrder } from '../../core/limits/evaluate-order.ts';
import { withTradingState, type PreTradeState } from '../../core/limits/pre-trade-state.ts';
import type { Result } from '../../core/shared/result.ts';
import type { Clock } from '../ports.ts';
import { combineTradingStates } from '../limits/trading-state.ts';
import { canonicalOrderText } from './canonical-order-text.ts';
import { DecisionCache, readSettledDecision, settledDecision } from './decision-cache.ts';
import { responseFromText, responseText, withLatencyMicros } from './decision-json.ts';
import type { DecisionJournal } from './write-ahead-journal.ts';
import { OrderRateWindow } from './order-rate-window.ts';
import type { DecisionRecord, GateReason, PreTradeRequest, PreTradeResponse } from './pre-trade-response.ts';

const ignoreFailure = (): void => {};

export type { DecisionRecord, GateReason, PreTradeRequest, PreTradeResponse } from './pre-trade-response.ts';

export interface PreTradeGateDeps {
  readonly clock: Clock;
  readonly journal: DecisionJournal<DecisionRecord>;
  readonly sha256Hex: (text: string) => string;
  /** Quotes older than this reject (MARKET_DATA_STALE). */
  readonly maxQuoteAgeMs: number;
  /** A state older than this (the risk loop stalled) rejects (RISK_STATE_STALE). */
  readonly maxStateAgeMs: number;
  /** Decisions slower than this reject (DEADLINE_EXCEEDED). */
  readonly deadlineMs: number;
}

type Outcome = Omit<PreTradeResponse, 'portfolioId' | 'clientOrderId' | 'checkedAt' | 'latencyMicros'>;

interface Entry { readonly state: PreTradeState | null; readonly unavailable: { code: string; message: string } | null; readonly builtAtMs: number; readonly validUntilMs: number | null }

/** A count of limit changes: a risk cycle reads the count when it starts, and its state covers every change up to it. */
export type LimitChangeMark = number;

const gateReason = (code: string, message: string): GateReason =>
  ({ code, limitId: null, scope: null, current: null, projected: null, limit: null, utilisation: null, legIndex: null, message });

/**
 * The in-memory pre-trade gate. It decides from a per-portfolio state that the risk loop rebuilds
 * (`setState`) and trading states pushed at once on every change (`setTradingState`), so no
 * database round trip sits in the decision path. It fails closed: unknown portfolio, no or stale
 * risk state, stale or missing market data, an unhealthy decision journal (storage down), an
 * internal error or a blown deadline all reject with a coded reason.
 *
 * Durability rule: a decision is journaled by bounded group commit. An APPROVAL is returned only
 * after its batch (idempotency row + audit event) has committed, so a crash can never lose the
 * record of an approval; if that write fails the order is rejected instead. Rejections are
 * returned at once and journaled in the same batches (losing one in a crash lets nothing through).
 * Idempotency: the same (portfolioId, clientOrderId) and body gets the same answer and is neither
 * re-evaluated nor counted again; a different body under a used clientOrderId is rejected
 * (CLIENT_ORDER_ID_REUSED).
 */
/** A decision whose answer is not settled yet (an approval waiting for its record). */
interface PendingDecision { readonly requestHash: string; readonly response: Promise<PreTradeResponse> }

export class PreTradeGate {
  private readonly entries = new Map<string, Entry>();
  private readonly tradingStates = new Map<string, TradingState>();
  /**
   * Decisions by clientOrderId: the pending answer while an approval waits for its record, then
   * the settled decision as one buffer (settledDecision: the request hash and the answer's JSON
   * text as bytes outside the JavaScript heap). The cache holds up to 200,000; kept as objects and
   * strings, every one of them was copied by the young-generation collector and then promoted,
   * which measurably lengthened its pauses.
   */
  private readonly cache = new DecisionCache<PendingDecision | Buffer>();
  private readonly rate = new OrderRateWindow();
  private portfolios = new Map<string, string>();
  /** Portfolios whose limits changed after their state was built: the mark of the change, cleared by a state read after it. */
  private readonly limitChanges = new Map<string, LimitChangeMark>();
  private changeCount: LimitChangeMark = 0;

  /** Called when a state built under an override outlives it (the caller rebuilds the state). */
  onLimitsLapsed: ((portfolioId: string) => void) | undefined;

  /**
   * Called when an order breaches a per-order limit whose action is emergency-stop (a runaway
   * order rate, say): the gate has already halted the portfolio for the next decision, and the
   * caller engages its kill switch (persisted and audited).
   */
  onEmergencyStop: ((portfolioId: string, limitId: string, reason: string) => void) | undefined;

  constructor(private readonly deps: PreTradeGateDeps) {}

  /**
   * From the risk loop: a fresh state (built where the cycle ran), or why there is none (the gate
   * then rejects). `readMark` is limitChangeMark() as the cycle started, before it read the limits:
   * the state then covers every limit change up to it.
   */
  setState(portfolioId: string, state: Result<PreTradeState>, validUntilMs: number | null = null, readMark: LimitChangeMark = this.changeCount): void {
    const changed = this.limitChanges.get(portfolioId);
    if (changed !== undefined && changed <= readMark) this.limitChanges.delete(portfolioId);
    const now = this.deps.clock.now().getTime();
    this.entries.set(portfolioId, state.ok
      ? { state: state.value, unavailable: null, builtAtMs: now, validUntilMs }
      : { state: null, unavailable: { code: state.error.code, message: state.error.message }, builtAtMs: now, validUntilMs: null });
  }

  forget(portfolioId: string): void { this.entries.delete(portfolioId); }

  /**
   * A portfolio's limits or overrides were written: until a state built from them arrives, its
   * orders reject (LIMITS_RELOADING) rather than be judged by the limits before the change.
   */
  limitsChanged(portfolioId: string): void { this.limitChanges.set(portfolioId, ++this.changeCount); }

  /** The current count of limit changes (a risk cycle takes it before it reads the limits). */
  limitChangeMark(): LimitChangeMark { return this.changeCount; }

  /** One portfolio's status changed (null: deleted); takes effect for the next decision. */
  setPortfolioStatus(portfolioId: string, status: string | null): void {
    if (status === null) { this.portfolios.delete(portfolioId); this.entries.delete(portfolioId); } else this.portfolios.set(portfolioId, status);
  }

  /** The current state of a portfolio (null when none could be built). */
  stateOf(portfolioId: string): PreTradeState | null { return this.entries.get(portfolioId)?.state ?? null; }

  /** Every portfolio with its status (kept current by the monitoring loop and portfolio writes). */
  setPortfolios(list: ReadonlyArray<{ id: string; status: string }>): void {
    this.portfolios = new Map(list.map((p) => [p.id, p.status]));
    for (const id of [...this.entries.keys()]) if (!this.portfolios.has(id)) this.entries.delete(id);
  }

  /** 'firm' or a portfolio id; takes effect for the next decision. */
  setTradingState(key: string, state: TradingState): void { this.tradingStates.set(key, state); }

  /** Remembers decisions already made (warm start after a restart). */
  remember(portfolioId: string, clientOrderId: string, requestHash: string, response: PreTradeResponse): void {
    this.cache.set(DecisionCache.keyOf(portfolioId, clientOrderId), settledDecision(requestHash, responseText(response)));
  }

  effectiveTradingState(portfolioId: string): TradingState {
    return combineTradingStates(this.tradingStates.get('firm') ?? 'ACTIVE', this.tradingStates.get(portfolioId) ?? 'ACTIVE');
  }

  /**
   * Decides one order. Not an async function: the answer is the journal's promise itself (an
   * async wrapper would add a promise and its adoption to every order).
   */
  check(actor: Principal, request: PreTradeRequest): Promise<PreTradeResponse> {
    try {
      return this.decide(actor, request);
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  private decide(actor: Principal, request: PreTradeRequest): Promise<PreTradeResponse> {
    const started = performance.now();
    const now = this.deps.clock.now();
    const requestHash = this.deps.sha256Hex(canonicalOrderText(request));
    const key = DecisionCache.keyOf(request.portfolioId, request.clientOrderId);
    const seen = this.cache.get(key);
    if (seen !== undefined) {
      const settled = Buffer.isBuffer(seen) ? readSettledDecision(seen) : null;
      if ((settled?.requestHash ?? (seen as PendingDecision).requestHash) === requestHash) {
        return settled === null ? (seen as PendingDecision).response : Promise.resolve(responseFromText(settled.responseText));
      }
      // audited too (the recorder keeps it apart from the decision already recorded under this id)
      const reused = this.respond(request, started, now, { reasons: [gateReason('CLIENT_ORDER_ID_REUSED', `clientOrderId ${request.clientOrderId} was already used for a different order`)] });
      this.deps.journal.record({ actor: actor.id, requestHash, response: reused }).catch(ignoreFailure);
      return Promise.resolve(reused);
    }
    const ready = this.readyState(request.portfolioId, now.getTime());
    let outcome: Outcome;
    if ('rejected' in ready) outcome = ready.rejected;
    else {
      try {
        const d = evaluateOrder({ state: ready.state, order: request, nowMs: now.getTime(), maxQuoteAgeMs: this.deps.maxQuoteAgeMs, ordersInLastSecond: this.rate.count(request.portfolioId, now.getTime()) });
        outcome = { decision: d.decision, reasons: d.reasons, warnings: d.warnings, projected: d.projected, tradingState: d.tradingState, limitsVersion: d.limitsVersion, pricing: d.pricing };
        if (d.decision === 'reject') this.emergencyStopOn(request.portfolioId, ready.state, d.reasons);
      } catch (e) {
        outcome = this.rejected('INTERNAL_ERROR', `the check failed: ${(e as Error).message}`, ready.state.tradingState);
      }
    }
    if (outcome.decision === 'approve' && performance.now() - started > this.deps.deadlineMs) {
      outcome = { ...outcome, decision: 'reject', reasons: [gateReason('DEADLINE_EXCEEDED', `the check took longer than ${this.deps.deadlineMs} ms`)] };
    }
    this.rate.add(request.portfolioId, now.getTime());
    const response = this.respond(request, started, now, outcome);
    const final = this.finish(actor, requestHash, request, started, now, outcome, response);
    // A replay arriving before an approval commits waits for the same final answer.
    const pending: PendingDecision = { requestHash, response: final };
    this.cache.set(key, pending);
    // (the caller awaits `final` and answers any failure; this second consumer must not leave an unhandled rejection)
    void final.then((r) => { this.cache.replace(key, pending, settledDecision(requestHash, responseText(r))); }, ignoreFailure);
    return final;
  }

  /** Halts the portfolio at once when a rejecting reason is a per-order limit whose action is emergency-stop. */
  private emergencyStopOn(portfolioId: string, state: PreTradeState, reasons: readonly PreTradeReason[]): void {
    for (const reason of reasons) {
      if (reason.limitId === null) continue;
      const limit = state.limits.find((l) => l.id === reason.limitId);
      if (limit === undefined || !limit.perOrder || limit.definition.action !== 'emergency-stop') continue;
      this.setTradingState(portfolioId, 'HALTED');
      this.onEmergencyStop?.(portfolioId, limit.id, `emergency stop: order breached ${limit.type} limit ${limit.id} (${reason.code})`);
      return;
    }
  }

  private async finish(actor: Principal, requestHash: string, request: PreTradeRequest, started: number, now: Date, outcome: Outcome, response: PreTradeResponse): Promise<PreTradeResponse> {
    const record = this.deps.journal.record({ actor: actor.id, requestHash, response });
    if (response.decision !== 'approve') {
      record.catch(() => { /* a lost rejection record lets nothing through */ });
      return response;
    }
    try {
      await record;
      return withLatencyMicros(response, Math.round((performance.now() - started) * 1000));
    } catch {
      return this.respond(request, started, now, { ...outcome, decision: 'reject', reasons: [gateReason('STORAGE_UNAVAILABLE', 'the approval could not be recorded, so it is withdrawn')] });
    }
  }

  /**
   * The largest size of a signal's one-leg order that every limit allows (bisection, see
   * largest-fitting-size.ts) and the decision at that size. Same fail-closed preconditions as a
   * check; nothing is counted against order-rate limits.
   */
  validateSignal(request: { portfolioId: string; signalId: string; leg: Omit<PreTradeOrderLeg, 'quantity'>; maxQuantity: number; strategy?: string }): { response: PreTradeResponse; largestQuantity: number } {
    const started = performance.now();
    const now = this.deps.clock.now();
    const base = { portfolioId: request.portfolioId, clientOrderId: request.signalId, legs: [] };
    const ready = this.readyState(request.portfolioId, now.getTime());
    if ('rejected' in ready) return { response: this.respond(base, started, now, ready.rejected), largestQuantity: 0 };
    try {
      const r = largestFittingSize({
        state: ready.state, clientOrderId: request.signalId, leg: request.leg, maxQuantity: request.maxQuantity, nowMs: now.getTime(),
        maxQuoteAgeMs: this.deps.maxQuoteAgeMs, ordersInLastSecond: this.rate.count(request.portfolioId, now.getTime()),
        ...(request.strategy === undefined ? {} : { strategy: request.strategy }),
      });
      const d = r.decision;
      return { response: this.respond(base, started, now, { decision: d.decision, reasons: d.reasons, warnings: d.warnings, projected: d.projected, tradingState: d.tradingState, limitsVersion: d.limitsVersion, pricing: d.pricing }), largestQuantity: r.quantity };
    } catch (e) {
      return { response: this.respond(base, started, now, this.rejected('INTERNAL_ERROR', `the check failed: ${(e as Error).message}`, ready.state.tradingState)), largestQuantity: 0 };
    }
  }

  /** The state to judge against, or the fail-closed rejection when there is none fit to use. */
  private readyState(portfolioId: string, nowMs: number): { state: PreTradeState } | { rejected: Outcome } {
    const tradingState = this.effectiveTradingState(portfolioId);
    const entry = this.entries.get(portfolioId);
    const status = this.portfolios.get(portfolioId);
    if (status === undefined) return { rejected: this.rejected('PORTFOLIO_UNKNOWN', `portfolio ${portfolioId} does not exist`, tradingState) };
    if (status !== 'active') return { rejected: this.rejected('PORTFOLIO_INACTIVE', `portfolio ${portfolioId} is ${status}`, tradingState) };
    if (!this.deps.journal.healthy) return { rejected: this.rejected('STORAGE_UNAVAILABLE', 'decisions cannot be recorded: the database is unavailable', tradingState) };
    if (this.deps.journal.backlogFull) return { rejected: this.rejected('JOURNAL_BACKLOG_FULL', 'too many decisions wait for the database (risk.preTrade.journalMaxBacklog); orders are rejected until it catches up', tradingState) };
    if (entry === undefined) return { rejected: this.rejected('RISK_STATE_UNAVAILABLE', 'no risk state for this portfolio yet', tradingState) };
    if (this.limitChanges.has(portfolioId)) return { rejected: this.rejected('LIMITS_RELOADING', 'the limits changed; the gate is reloading them', tradingState) };
    if (entry.state === null) return { rejected: this.rejected(entry.unavailable?.code ?? 'RISK_STATE_UNAVAILABLE', entry.unavailable?.message ?? 'no risk state', tradingState) };
    if (nowMs - entry.builtAtMs > this.deps.maxStateAgeMs) return { rejected: this.rejected('RISK_STATE_STALE', `the risk state is ${Math.round((nowMs - entry.builtAtMs) / 1000)} s old`, tradingState) };
    if (entry.validUntilMs !== null && nowMs >= entry.validUntilMs) {
      this.onLimitsLapsed?.(portfolioId);
      return { rejected: this.rejected('LIMITS_RELOADING', 'a limit override expired; the limits are being reloaded', tradingState) };
    }
    return { state: entry.state.tradingState === tradingState ? entry.state : withTradingState({ state: entry.state, tradingState }) };
  }

  private rejected(code: string, message: string, tradingState: TradingState): Outcome {
    return { decision: 'reject', reasons: [gateReason(code, message)], warnings: [], projected: null, tradingState, limitsVersion: null, pricing: [] };
  }

  private respond(request: Pick<PreTradeRequest, 'portfolioId' | 'clientOrderId'>, started: number, now: Date, outcome: Partial<PreTradeResponse>): PreTradeResponse {
    return {
      portfolioId: request.portfolioId, clientOrderId: request.clientOrderId,
      decision: outcome.decision ?? 'reject', reasons: outcome.reasons ?? [], warnings: outcome.warnings ?? [],
      projected: outcome.projected ?? null, tradingState: outcome.tradingState ?? this.effectiveTradingState(request.portfolioId),
      limitsVersion: outcome.limitsVersion ?? null, pricing: outcome.pricing ?? [],
      checkedAt: now.toISOString(), latencyMicros: Math.round((performance.now() - started) * 1000),
    };
  }
}
