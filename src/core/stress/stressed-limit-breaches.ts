/**
 * Which limits a stressed portfolio would breach: the pre-trade state input of the portfolio is
 * moved to the scenario's outcome and measured by the limits engine (measure-limits.ts), so a
 * stressed book is judged by exactly the rules that judge the live one.
 *
 * The stressed state input: spots (and last / mid quotes) x the scenario's spot factors; option
 * positions take their per-unit value and Greeks recomputed at the shocked inputs; equity positions
 * are priced at the shocked spot; NAV = NAV + scenario P&L (navAtStartOfDay unchanged, so the
 * scenario loss counts as a daily loss). Unchanged unless given: VaR (var95 / var99; a stressed
 * VaR needs its own run), the daily covariance, ATM vols and ADV.
 *
 * Alignment: book.optionPosition[j] indexes `input.positions` (the caller's position list is the
 * state's position list), and the book's underlyings are named as the state's.
 */
import type { LimitMeasurement } from '../limits/measure-limits.ts';
import { measureLimits } from '../limits/measure-limits.ts';
import type { BuildPreTradeStateInput, PreTradePositionInput, PreTradeUnderlyingInput } from '../limits/pre-trade-state.ts';
import { buildPreTradeState } from '../limits/pre-trade-state.ts';
import type { RevaluationBook } from '../risk/revaluation-book.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { StressResult } from './apply-scenario.ts';

export type StressedStateErrorCode = 'BOOK_STATE_MISMATCH' | 'INVALID_STATE';

export function stressedPreTradeInput({ input, book, result, stressedVar }: {
  input: BuildPreTradeStateInput;
  book: RevaluationBook;
  result: StressResult;
  stressedVar?: { readonly var95: number; readonly var99: number };
}): Result<BuildPreTradeStateInput, StressedStateErrorCode> {
  const factor = new Map(result.byUnderlying.map((u) => [u.underlying, u.spotFactor]));
  const underlyings = input.underlyings.map((u): PreTradeUnderlyingInput => {
    const f = factor.get(u.symbol);
    if (f === undefined) return u;
    const scale = (x: number | null): number | null => (x === null ? null : x * f);
    return { ...u, spot: scale(u.spot), last: scale(u.last), mid: scale(u.mid) };
  });
  const spotOf = new Map(underlyings.map((u) => [u.symbol, u.spot]));
  const positions: PreTradePositionInput[] = input.positions.map((p) => {
    const spot = spotOf.get(p.underlying);
    return p.assetClass === 'equity' && factor.has(p.underlying) && spot !== null && spot !== undefined ? { ...p, unitPrice: spot } : p;
  });
  const perUnit = result.bookGreeksAfter.options.perUnit;
  for (let j = 0; j < book.optionCount; j++) {
    const k = book.optionPosition[j]!;
    const p = positions[k];
    const name = book.underlyings[book.optionUnderlying[j]!];
    if (p === undefined || p.assetClass !== 'option' || p.underlying !== name) {
      return fail('BOOK_STATE_MISMATCH', `book option ${j} points at position ${k}, which is not an option on ${name}`);
    }
    positions[k] = {
      ...p, unitPrice: perUnit.value[j]!, unitDelta: perUnit.delta[j]!, unitGamma: perUnit.gamma[j]!,
      unitVegaPerVolPoint: perUnit.vegaPerVolPoint[j]!, unitThetaPerDay: perUnit.thetaPerDay[j]!,
    };
  }
  return ok({ ...input, nav: input.nav + result.pnl.amount, underlyings, positions, ...(stressedVar ?? {}) });
}

/** Every book limit measured on the stressed state; `breached` marks the ones it would breach. */
export function stressedLimitMeasurements(args: Parameters<typeof stressedPreTradeInput>[0]): Result<LimitMeasurement[], StressedStateErrorCode> {
  const input = stressedPreTradeInput(args);
  if (!input.ok) return input;
  const state = buildPreTradeState(input.value);
  if (!state.ok) return fail('INVALID_STATE', state.error.message, state.error.details);
  return ok(measureLimits({ state: state.value }));
}

/** Only the breached limits. */
export function stressedLimitBreaches(args: Parameters<typeof stressedPreTradeInput>[0]): Result<LimitMeasurement[], StressedStateErrorCode> {
  const m = stressedLimitMeasurements(args);
  return m.ok ? ok(m.value.filter((x) => x.breached)) : m;
}
