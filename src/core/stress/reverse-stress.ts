/**
 * Reverse stress: the smallest move that breaks something. Two one-parameter families, each searched
 * downward and upward from no move:
 * - market: every spot moves by beta_u x m (market target, relative, as in scenario-definition.ts);
 * - volatility: every implied vol moves relatively, sigma x (1 + v) (no term scaling).
 * Targets: each loss fraction asked for (P&L <= -fraction x NAV) and, with a limit state, every
 * book limit measured on the stressed state (stressed-limit-breaches.ts; one target per limit and
 * concrete scope). A stressed NAV <= 0 counts as breaching every limit.
 *
 * Search: the range [0, max] is scanned at `gridPoints` equal steps; a target's first breaching
 * grid point brackets it, and bisection narrows the bracket to `tolerance`; the reported move is
 * the bracket's breaching end (a breach is certain there). null = no breach anywhere in the range;
 * 0 = breached already. A target that breaches and un-breaches between two grid points is missed
 * (monotone targets, the usual case, are found exactly to the tolerance).
 */
import type { LimitScope } from '../limits/limit-definition.ts';
import type { BuildPreTradeStateInput } from '../limits/pre-trade-state.ts';
import { bookGreeks } from '../risk/book-greeks.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { ApplyScenarioErrorCode, ApplyScenarioInput, StressResult } from './apply-scenario.ts';
import { applyScenario } from './apply-scenario.ts';
import type { ScenarioDefinition, ScenarioShock } from './scenario-definition.ts';
import type { StressedStateErrorCode } from './stressed-limit-breaches.ts';
import { stressedLimitMeasurements } from './stressed-limit-breaches.ts';

export type ReverseTarget =
  | { readonly kind: 'loss-fraction'; readonly fraction: number }
  | { readonly kind: 'limit'; readonly limitId: string; readonly scope: LimitScope; readonly limit: number };

export interface ReverseFinding {
  /** Signed move (market: relative spot move before beta; volatility: relative vol move). */
  readonly move: number;
  readonly pnl: number;
  readonly breachedAlready: boolean;
}

export interface ReverseStressEntry {
  readonly target: ReverseTarget;
  readonly market: { readonly down: ReverseFinding | null; readonly up: ReverseFinding | null };
  readonly volatility: { readonly down: ReverseFinding | null; readonly up: ReverseFinding | null };
}

export interface ReverseStressInput extends Omit<ApplyScenarioInput, 'scenario' | 'base'> {
  /** e.g. [0.1, 0.25]: find the moves that lose 10 % and 25 % of NAV. */
  readonly lossFractions?: readonly number[];
  /** The portfolio's pre-trade state input (book.optionPosition indexes its positions): limits to break. */
  readonly limitState?: BuildPreTradeStateInput;
  /** Search ranges (magnitudes); defaults market 0.6 down / 0.6 up, volatility 0.9 down / 3 up. */
  readonly ranges?: { readonly market?: { readonly down: number; readonly up: number }; readonly volatility?: { readonly down: number; readonly up: number } };
  /** Default 24 grid steps per direction. */
  readonly gridPoints?: number;
  /** Bracket width at which bisection stops, in move units; default 1e-4. */
  readonly tolerance?: number;
}

export interface ReverseStressResult {
  readonly entries: readonly ReverseStressEntry[];
  readonly ranges: { readonly market: { readonly down: number; readonly up: number }; readonly volatility: { readonly down: number; readonly up: number } };
  readonly evaluations: number;
  readonly conventions: typeof REVERSE_CONVENTIONS;
}

export const REVERSE_CONVENTIONS = {
  market: "S' = S (1 + beta x move) for every underlying",
  volatility: "sigma' = sigma (1 + move) for every option, no term scaling",
  search: 'grid scan then bisection; reported move = smallest breaching move found (within the tolerance); null = none in range',
  limits: 'measured by the limits engine on the stressed pre-trade state (spots, option prices and Greeks, NAV + P&L)',
} as const;

export type ReverseStressErrorCode = ApplyScenarioErrorCode | StressedStateErrorCode;

type Family = 'market' | 'volatility';
type Evaluation = { pnl: number; breached: boolean[] };

export function reverseStress(input: ReverseStressInput): Result<ReverseStressResult, ReverseStressErrorCode> {
  const ranges = {
    market: input.ranges?.market ?? { down: 0.6, up: 0.6 },
    volatility: input.ranges?.volatility ?? { down: 0.9, up: 3 },
  };
  if (!(ranges.market.down > 0 && ranges.market.down < 1 && ranges.volatility.down > 0 && ranges.volatility.down < 1
    && ranges.market.up > 0 && ranges.volatility.up > 0 && Number.isFinite(ranges.market.up) && Number.isFinite(ranges.volatility.up))) {
    return fail('INVALID_PARAMETERS', 'ranges must be > 0, and the downward ones < 1 (a move of -100 % is not allowed)');
  }
  const fractions = input.lossFractions ?? [];
  if (!fractions.every((f) => f > 0 && Number.isFinite(f))) return fail('INVALID_PARAMETERS', 'lossFractions must be > 0');
  const stocks = input.stockPositions === undefined ? {} : { stockPositions: input.stockPositions };
  const base = bookGreeks({ book: input.book, ...stocks });
  if (!base.ok) return base;
  const targets: ReverseTarget[] = fractions.map((fraction) => ({ kind: 'loss-fraction', fraction }));
  let evaluations = 0;
  const failed: { result: Result<never, ReverseStressErrorCode> | null } = { result: null };
  const evaluate = (family: Family, move: number): Evaluation | null => {
    evaluations++;
    const r = applyScenario({ ...input, base: base.value, scenario: moveScenario(family, move) });
    if (!r.ok) { failed.result = r; return null; }
    const m = limitBreaches(input, r.value, targets.length - fractions.length);
    if (!m.ok) { failed.result = m; return null; }
    const pnl = r.value.pnl.amount;
    return { pnl, breached: targets.map((t, k) => (t.kind === 'loss-fraction' ? pnl <= -t.fraction * input.netAssetValue : m.value[k - fractions.length]!)) };
  };
  if (input.limitState !== undefined) {
    const at0 = limitTargets(input);
    if (!at0.ok) return at0;
    targets.push(...at0.value);
  }
  const search = (family: Family, sign: 1 | -1): (ReverseFinding | null)[] => {
    const max = sign > 0 ? ranges[family].up : ranges[family].down;
    return bracketAndBisect({ evaluate: (x) => evaluate(family, sign * x), max, targets: targets.length,
      gridPoints: input.gridPoints ?? 24, tolerance: input.tolerance ?? 1e-4 }).map((f) => (f === null ? null : { ...f, move: sign * f.move }));
  };
  const marketDown = search('market', -1), marketUp = search('market', 1);
  const volDown = search('volatility', -1), volUp = search('volatility', 1);
  if (failed.result !== null) return failed.result;
  return ok({
    entries: targets.map((target, k) => ({
      target, market: { down: marketDown[k]!, up: marketUp[k]! }, volatility: { down: volDown[k]!, up: volUp[k]! },
    })),
    ranges, evaluations, conventions: REVERSE_CONVENTIONS,
  });
}

function moveScenario(family: Family, move: number): ScenarioDefinition {
  const shock: ScenarioShock = family === 'market'
    ? { target: { market: true }, spot: { relative: move } }
    : { target: { market: true }, volatility: { relative: move } };
  return { id: `reverse.${family}`, name: `reverse stress ${family} ${move}`, type: 'custom', severity: 'moderate', description: '', sourceNotes: 'reverse stress', shocks: [shock] };
}

/** Breach flags of the state's limits, in measurement order (empty without a limit state). */
function limitBreaches(input: ReverseStressInput, result: StressResult, limitCount: number): Result<boolean[], StressedStateErrorCode> {
  if (input.limitState === undefined) return ok([]);
  if (!(input.limitState.nav + result.pnl.amount > 0)) return ok(new Array<boolean>(limitCount).fill(true));
  const m = stressedLimitMeasurements({ input: input.limitState, book: input.book, result });
  return m.ok ? ok(m.value.map((x) => x.breached)) : m;
}

/** The book limits of the state at no move (their count and order do not depend on the move). */
function limitTargets(input: ReverseStressInput): Result<ReverseTarget[], ReverseStressErrorCode> {
  const r = applyScenario({ ...input, scenario: moveScenario('market', 0) });
  if (!r.ok) return r;
  const m = stressedLimitMeasurements({ input: input.limitState!, book: input.book, result: r.value });
  if (!m.ok) return m;
  return ok(m.value.map((x): ReverseTarget => ({ kind: 'limit', limitId: x.limitId, scope: x.scope, limit: x.limit })));
}

/** Per target: the smallest magnitude in [0, max] found to breach (see the module comment). */
export function bracketAndBisect({ evaluate, max, targets, gridPoints, tolerance }: {
  evaluate: (magnitude: number) => Evaluation | null;
  max: number; targets: number; gridPoints: number; tolerance: number;
}): (ReverseFinding | null)[] {
  const found: (ReverseFinding | null)[] = new Array<ReverseFinding | null>(targets).fill(null);
  const lower = new Float64Array(targets);
  const open = new Set(Array.from({ length: targets }, (_, k) => k));
  for (let g = 0; g <= gridPoints && open.size > 0; g++) {
    const x = (max * g) / gridPoints;
    const e = evaluate(x);
    if (e === null) return found;
    for (const k of [...open]) {
      if (e.breached[k]) {
        found[k] = { move: x, pnl: e.pnl, breachedAlready: g === 0 };
        open.delete(k);
      } else {
        lower[k] = x;
      }
    }
  }
  for (let k = 0; k < targets; k++) {
    const f = found[k];
    if (f === null || f === undefined || f.breachedAlready) continue;
    let lo = lower[k]!, hi = f.move, pnl = f.pnl;
    while (hi - lo > tolerance) {
      const mid = 0.5 * (lo + hi);
      const e = evaluate(mid);
      if (e === null) return found;
      if (e.breached[k]) { hi = mid; pnl = e.pnl; } else lo = mid;
    }
    found[k] = { move: hi, pnl, breachedAlready: false };
  }
  return found;
}
