/**
 * Runs any list of scenarios (library or custom) on one book, each the way its type needs:
 * - deterministic types: full revaluation under the shocks (apply-scenario.ts), and with a limit
 *   state, the limits the stressed portfolio would breach (stressed-limit-breaches.ts);
 * - 'monte-carlo': the two-regime simulation (monte-carlo-stress.ts); its headline P&L is minus the
 *   expected shortfall at the scenario's confidence (an average tail loss, not one path), so it has
 *   no per-position breakdown.
 * The base valuation is shared; one failing scenario fails its own entry only.
 */
import type { LimitMeasurement } from '../limits/measure-limits.ts';
import type { BuildPreTradeStateInput } from '../limits/pre-trade-state.ts';
import { bookGreeks } from '../risk/book-greeks.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { ApplyScenarioErrorCode, ApplyScenarioInput, StressResult } from './apply-scenario.ts';
import { applyScenario } from './apply-scenario.ts';
import type { MonteCarloStressErrorCode, MonteCarloStressResult } from './monte-carlo-stress.ts';
import { monteCarloStress } from './monte-carlo-stress.ts';
import type { ScenarioDefinition, ScenarioType, Severity } from './scenario-definition.ts';
import type { StressedStateErrorCode } from './stressed-limit-breaches.ts';
import { stressedLimitBreaches } from './stressed-limit-breaches.ts';

export type ScenarioRun =
  | {
    readonly kind: 'deterministic';
    readonly result: StressResult;
    /** Breached limits; null without a limit state, or when the stressed NAV is <= 0 (navExhausted). */
    readonly breaches: readonly LimitMeasurement[] | null;
    readonly navExhausted: boolean;
  }
  | {
    readonly kind: 'monte-carlo';
    readonly scenarioId: string;
    readonly name: string;
    readonly type: ScenarioType;
    readonly severity: Severity;
    /** -ES at the scenario's confidence, currency and fraction of NAV. */
    readonly pnl: { readonly amount: number; readonly fractionOfNav: number };
    readonly simulation: MonteCarloStressResult;
  };

export type RunScenarioErrorCode = ApplyScenarioErrorCode | MonteCarloStressErrorCode | StressedStateErrorCode;

export interface RunScenariosInput extends Omit<ApplyScenarioInput, 'scenario' | 'base'> {
  readonly scenarios: readonly ScenarioDefinition[];
  /** Daily log-return covariance (U x U, book order); needed by 'monte-carlo' scenarios. */
  readonly dailyCovariance?: Float64Array;
  /** The portfolio's pre-trade state input (book.optionPosition indexes its positions), to list breaches. */
  readonly limitState?: BuildPreTradeStateInput;
}

export function runScenarios(input: RunScenariosInput): Result<Result<ScenarioRun, RunScenarioErrorCode>[], 'INVALID_BOOK' | 'STOCK_POSITIONS_MISMATCH'> {
  const { scenarios, dailyCovariance, limitState, ...common } = input;
  const base = bookGreeks({ book: common.book, ...(common.stockPositions === undefined ? {} : { stockPositions: common.stockPositions }) });
  if (!base.ok) return base;
  return ok(scenarios.map((scenario): Result<ScenarioRun, RunScenarioErrorCode> => {
    if (scenario.type === 'monte-carlo') {
      if (scenario.simulation === undefined) return fail('INVALID_SCENARIO', `scenario ${scenario.id} has no simulation settings`);
      if (dailyCovariance === undefined) return fail('MISSING_MARKET_DATA', `scenario ${scenario.id} needs the daily covariance`);
      const mc = monteCarloStress({ book: common.book, dailyCovariance, spec: scenario.simulation, netAssetValue: common.netAssetValue });
      if (!mc.ok) return mc;
      const loss = mc.value.headlineLoss;
      return ok({
        kind: 'monte-carlo', scenarioId: scenario.id, name: scenario.name, type: scenario.type, severity: scenario.severity,
        pnl: { amount: 0 - loss.amount, fractionOfNav: 0 - loss.fractionOfNav }, simulation: mc.value,
      });
    }
    const r = applyScenario({ ...common, scenario, base: base.value });
    if (!r.ok) return r;
    if (limitState === undefined) return ok({ kind: 'deterministic', result: r.value, breaches: null, navExhausted: false });
    // a NAV at or below zero cannot be measured against limits (the limits engine refuses it)
    if (!(limitState.nav + r.value.pnl.amount > 0)) return ok({ kind: 'deterministic', result: r.value, breaches: null, navExhausted: true });
    const breaches = stressedLimitBreaches({ input: limitState, book: common.book, result: r.value });
    if (!breaches.ok) return breaches;
    return ok({ kind: 'deterministic', result: r.value, breaches: breaches.value, navExhausted: false });
  }));
}
