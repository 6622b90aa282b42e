/**
 * Full revaluation when scenarios also move volatilities or rates: every option-scenario is priced
 * from scratch (bsmPrice, or Bjerksund-Stensland 2002 for every American option: BS2002 is exact
 * where early exercise never pays, and a rate shock can change that), so no per-option constants can be shared across scenarios. ~10x slower per
 * option-scenario than the spot-only kernel (option-scenario-pnl.ts); BS2002 costs ~20 us each.
 */
import { americanPrice } from '../pricing/american-pricing.ts';
import { bsmPrice } from '../pricing/bsm-greeks.ts';
import { bookOptionParams } from './book-option-params.ts';
import type { SpotMovePanel } from './option-scenario-pnl.ts';
import type { OptionScenarioTable } from './option-scenario-table.ts';
import type { RevaluationBook } from './revaluation-book.ts';

/**
 * Per-scenario market moves besides spot (CONVENTIONS.md, "Scenario shocks"):
 * - volatility: per scenario and underlying (scenarioCount x underlyings, row-major);
 *   'multiplier' reads sigma' = sigma x v (1.5 = +50 %), 'additive' reads sigma' = sigma + v
 *   (0.05 = +5 vol points); sigma' is floored at 0;
 * - rateShiftBp: per scenario, added to every option's continuous rate, in basis points.
 */
export interface ScenarioMarketShocks {
  readonly volatility?: { readonly reading: 'multiplier' | 'additive'; readonly values: Float64Array };
  readonly rateShiftBp?: Float64Array;
}

/** Adds units x (shocked scenario value - base value) of every option into `pnl` (and `perOption` rows). */
export function addShockedOptionScenarioPnl({
  book, table, panel, shocks, pnl, perOption,
}: {
  book: RevaluationBook;
  table: OptionScenarioTable;
  panel: SpotMovePanel;
  shocks: ScenarioMarketShocks;
  pnl: Float64Array;
  perOption?: Float64Array;
}): void {
  const scenarios = panel.scenarioCount;
  const underlyingCount = book.underlyings.length;
  const vol = shocks.volatility;
  for (let j = 0; j < table.count; j++) {
    const u = table.underlying[j]!;
    const base = bookOptionParams(book, j, book.spots[u]!);
    const tau = base.timeToExpiryYears - table.horizonYears;
    // every American option: a rate shock can make early exercise pay where it did not at base
    const american = book.optionIsAmerican[j] === 1;
    const units = table.units[j]!;
    const v0 = table.baseValue[j]!;
    for (let t = 0; t < scenarios; t++) {
      const shock = vol === undefined ? Number.NaN : vol.values[t * underlyingCount + u]!;
      const volatility = vol === undefined ? base.volatility
        : Math.max(vol.reading === 'multiplier' ? base.volatility * shock : base.volatility + shock, 0);
      const rate = base.rate + (shocks.rateShiftBp === undefined ? 0 : shocks.rateShiftBp[t]! * 1e-4);
      const params = { ...base, spot: base.spot * panel.growth[u * scenarios + t]!, timeToExpiryYears: tau, volatility, rate };
      const value = american ? americanPrice(params, 'bjerksund-stensland-2002') : bsmPrice(params);
      const contribution = units * (value - v0);
      pnl[t]! += contribution;
      if (perOption !== undefined) perOption[j * scenarios + t] = contribution;
    }
  }
}
