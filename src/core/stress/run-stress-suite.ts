/**
 * Several deterministic scenarios on one book: the base valuation (value and Greeks) is computed
 * once and shared; each scenario is applied in full (apply-scenario.ts). One bad scenario fails
 * its own entry (a Result per scenario), not the suite.
 */
import { bookGreeks } from '../risk/book-greeks.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { ApplyScenarioErrorCode, ApplyScenarioInput, StressResult } from './apply-scenario.ts';
import { applyScenario } from './apply-scenario.ts';
import type { ScenarioDefinition } from './scenario-definition.ts';

export type StressSuiteInput = Omit<ApplyScenarioInput, 'scenario' | 'base'> & { readonly scenarios: readonly ScenarioDefinition[] };

export interface StressSuite {
  /** In the order of `scenarios`. */
  readonly results: readonly Result<StressResult, ApplyScenarioErrorCode>[];
  /** Book value before any shock (stocks + options), currency. */
  readonly baseValue: number;
}

export function runStressSuite(input: StressSuiteInput): Result<StressSuite, 'INVALID_BOOK' | 'STOCK_POSITIONS_MISMATCH' | 'INVALID_PARAMETERS'> {
  const { scenarios, ...common } = input;
  if (!(common.netAssetValue > 0 && Number.isFinite(common.netAssetValue))) {
    return fail('INVALID_PARAMETERS', `netAssetValue ${common.netAssetValue} must be finite and > 0`);
  }
  const base = bookGreeks({ book: common.book, ...(common.stockPositions === undefined ? {} : { stockPositions: common.stockPositions }) });
  if (!base.ok) return base;
  const results = scenarios.map((scenario) => applyScenario({ ...common, scenario, base: base.value }));
  return ok({ results, baseValue: base.value.totals.value });
}
