import type { TradingState } from '../../core/limits/limit-definition.ts';
import type { PreTradeOrder, PreTradeReason, ProjectedRisk } from '../../core/limits/pre-trade-decision.ts';

/** The pre-trade check's request and answer, and what the journal records of each decision. */
export interface PreTradeRequest extends PreTradeOrder { readonly portfolioId: string }

export interface PreTradeResponse {
  readonly portfolioId: string;
  readonly clientOrderId: string;
  readonly decision: 'approve' | 'reject';
  readonly reasons: readonly (PreTradeReason | GateReason)[];
  readonly warnings: readonly unknown[];
  readonly projected: ProjectedRisk | null;
  readonly tradingState: TradingState | null;
  readonly limitsVersion: number | null;
  readonly pricing: readonly string[];
  readonly checkedAt: string;
  readonly latencyMicros: number;
}

/** A gate-level reason (no limit involved): fail-closed causes and idempotency conflicts. */
export interface GateReason {
  readonly code: string; readonly limitId: null; readonly scope: null; readonly current: null; readonly projected: null;
  readonly limit: null; readonly utilisation: null; readonly legIndex: null; readonly message: string;
}

/** What the journal writes for each decision (durable idempotency record + audit event). */
export interface DecisionRecord {
  readonly actor: string;
  readonly requestHash: string;
  readonly response: PreTradeResponse;
}
