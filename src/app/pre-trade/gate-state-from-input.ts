import { buildPreTradeState, type BuildPreTradeStateInput, type PreTradeState } from '../../core/limits/pre-trade-state.ts';
import type { Result } from '../../core/shared/result.ts';

/**
 * The gate's state from a cycle's state input, or why there is none: the input's own failure, or
 * RISK_STATE_INVALID with the first problems buildPreTradeState found (the gate then rejects).
 * Plain data (typed arrays, maps, plain objects), so it can be built on a worker and copied over.
 */
export function gateStateFromInput(input: Result<BuildPreTradeStateInput>): Result<PreTradeState> {
  if (!input.ok) return input;
  const built = buildPreTradeState(input.value);
  if (built.ok) return built;
  const details = Array.isArray(built.error.details) ? `: ${(built.error.details as unknown[]).slice(0, 3).join('; ')}` : '';
  return { ok: false, error: { code: 'RISK_STATE_INVALID', message: `${built.error.message}${details}` } };
}
