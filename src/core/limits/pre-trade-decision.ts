/** The pre-trade check's input order and its decision (shapes shared by the API contract). */
import type { Instrument } from '../portfolio/instrument.ts';
import type { LimitScope, TradingState } from './limit-definition.ts';
import type { PreTradeReasonCode } from './pre-trade-reason-codes.ts';

export interface PreTradeOrderLeg {
  readonly instrument: Instrument;
  readonly side: 'buy' | 'sell';
  /** Positive units: shares, or option contracts (whole). */
  readonly quantity: number;
  /** Per unit of the underlying (per share; option premium per share), currency. Absent = market order. */
  readonly limitPrice?: number;
}

export interface PreTradeOrder {
  readonly clientOrderId: string;
  readonly legs: readonly PreTradeOrderLeg[];
  /** Strategy that new instruments are booked under (held instruments keep their own); default none. */
  readonly strategy?: string;
}

/**
 * Why an order was rejected (or, in `warnings`, what it is close to). Limit reasons carry the
 * limit id, the concrete scope (a '*' limit names the underlying / sector / strategy / symbol it
 * hit), the metric now and after the order, the limit amount in the metric's unit and
 * utilisation = |projected| / limit (projected / limit for one-sided metrics). Order-level reasons
 * (trading state, invalid order, market data) have null limit fields and name the leg.
 */
export interface PreTradeReason {
  readonly code: PreTradeReasonCode;
  readonly limitId: string | null;
  readonly scope: LimitScope | null;
  readonly current: number | null;
  readonly projected: number | null;
  readonly limit: number | null;
  readonly utilisation: number | null;
  /** Index of the order leg concerned, or null when the reason is about the whole order. */
  readonly legIndex: number | null;
  readonly message: string;
}

export interface PreTradeWarning extends PreTradeReason {
  /** The highest warning level reached (1 when the limit is exceeded but the order may pass). */
  readonly level: number;
}

export interface ProjectedRisk {
  readonly greeks: {
    readonly dollarDelta: number;
    readonly dollarGammaPer1Pct: number;
    readonly vegaPerVolPoint: number;
    readonly thetaPerDay: number;
  };
  readonly exposure: {
    /** Sums of |dollar delta| per instrument, of dollar delta, of positive and of |negative| dollar delta. */
    readonly gross: number;
    readonly net: number;
    readonly long: number;
    readonly short: number;
    /** gross / NAV. */
    readonly leverage: number;
  };
  readonly var: {
    readonly var95: number;
    readonly var99: number;
    readonly method: 'delta-normal-scaled';
  };
}

export interface PreTradeDecision {
  readonly clientOrderId: string;
  readonly decision: 'approve' | 'reject';
  readonly reasons: readonly PreTradeReason[];
  readonly warnings: readonly PreTradeWarning[];
  /** The book after the order; the book as it is when the order could not be valued. */
  readonly projected: ProjectedRisk;
  readonly tradingState: TradingState;
  readonly limitsVersion: number;
  /** How options not held were valued ('bsm' | 'bs2002-bumped'), one entry per such leg. */
  readonly pricing: readonly string[];
}
