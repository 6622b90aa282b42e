/**
 * The largest whole quantity, up to a cap, of a one-leg order that `evaluateOrder` approves (for
 * validate-signal), with the decision at that size.
 *
 * Method: bisection over [1, maxQuantity] in whole units, assuming monotone rejection: if size q is
 * rejected, every larger size is too. This holds for the limits here when the order only adds to
 * or only takes from risk (each metric moves monotonically in q, and a reducing order that flips a
 * position turns into an increasing one at some size, never back). It costs about log2(maxQuantity)
 * + 1 checks. A result of 0 means no size fits; `decision` is then the rejection of size 1, whose
 * reasons say why (trading halted, stale data, a restricted symbol, a breach at one unit...).
 */
import type { EvaluateOrderInput } from './evaluate-order.ts';
import { evaluateOrder } from './evaluate-order.ts';
import type { PreTradeDecision, PreTradeOrderLeg } from './pre-trade-decision.ts';

export interface LargestFittingSizeInput extends Omit<EvaluateOrderInput, 'order'> {
  readonly clientOrderId: string;
  /** The leg without its quantity. */
  readonly leg: Omit<PreTradeOrderLeg, 'quantity'>;
  readonly strategy?: string;
  /** Largest quantity to consider (whole units >= 1). */
  readonly maxQuantity: number;
}

export interface LargestFittingSize {
  /** Whole units; 0 when not even one unit is approved. */
  readonly quantity: number;
  readonly decision: PreTradeDecision;
  /** evaluateOrder calls made. */
  readonly checks: number;
}

export function largestFittingSize(input: LargestFittingSizeInput): LargestFittingSize {
  const cap = Math.floor(input.maxQuantity);
  let checks = 0;
  const at = (quantity: number): PreTradeDecision => {
    checks++;
    const order = {
      clientOrderId: input.clientOrderId,
      legs: [{ ...input.leg, quantity }],
      ...(input.strategy === undefined ? {} : { strategy: input.strategy }),
    };
    return evaluateOrder({ state: input.state, order, nowMs: input.nowMs, maxQuoteAgeMs: input.maxQuoteAgeMs, ordersInLastSecond: input.ordersInLastSecond });
  };
  if (!(cap >= 1)) return { quantity: 0, decision: at(1), checks };
  const top = at(cap);
  if (top.decision === 'approve') return { quantity: cap, decision: top, checks };
  const one = at(1);
  if (one.decision !== 'approve') return { quantity: 0, decision: one, checks };
  let lo = 1; let hi = cap; let best = one; // lo approved, hi rejected
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const d = at(mid);
    if (d.decision === 'approve') { lo = mid; best = d; } else hi = mid;
  }
  return { quantity: lo, decision: best, checks };
}
