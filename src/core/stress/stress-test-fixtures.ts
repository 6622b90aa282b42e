/** A small mixed book and market for the stress tests (not used by production code). */
import { bookFromLists } from '../risk/book-from-lists.ts';
import type { OptionEntry, UnderlyingEntry } from '../risk/book-from-lists.ts';
import type { RevaluationBook } from '../risk/revaluation-book.ts';
import type { ScenarioDefinition, ScenarioShock } from './scenario-definition.ts';
import type { StressMarket } from './shock-book.ts';

export const FIXTURE_UNDERLYINGS: readonly UnderlyingEntry[] = [
  { symbol: 'AAA', spot: 100, stockUnits: 500, dividendYield: 0.01 },
  { symbol: 'BBB', spot: 42.5, stockUnits: -1200, dividendYield: 0 },
  { symbol: 'CCC', spot: 310, dividendYield: 0.025 },
];

export const FIXTURE_OPTIONS: readonly OptionEntry[] = [
  { underlying: 0, kind: 'call', strike: 105, timeToExpiryYears: 30 / 365, volatility: 0.25, rate: 0.04, units: 1000, position: 3 },
  { underlying: 0, kind: 'put', strike: 90, timeToExpiryYears: 200 / 365, volatility: 0.3, rate: 0.04, units: -500, position: 4 },
  { underlying: 1, kind: 'put', strike: 40, timeToExpiryYears: 10 / 365, volatility: 0.45, rate: 0.04, units: 2000, position: 5 },
  { underlying: 2, kind: 'call', strike: 300, timeToExpiryYears: 1.5, volatility: 0.2, rate: 0.04, units: -300, position: 6 },
  { underlying: 2, kind: 'put', strike: 320, timeToExpiryYears: 0.75, volatility: 0.22, rate: 0.04, units: 700, position: 7, exercise: 'american' },
];

export function fixtureBook(): RevaluationBook {
  return bookFromLists({ underlyings: FIXTURE_UNDERLYINGS, options: FIXTURE_OPTIONS });
}

export const FIXTURE_MARKET: StressMarket = {
  sectors: ['Information Technology', 'Financials', 'Information Technology'],
  betas: Float64Array.from([1.2, 0.8, 1.5]),
  dailyLogReturnSd: Float64Array.from([0.015, 0.02, 0.012]),
};

export const FIXTURE_NAV = 1_000_000;

export function customScenario(shocks: readonly ScenarioShock[], id = 'test.custom'): ScenarioDefinition {
  return { id, name: id, type: 'custom', severity: 'moderate', description: 'test', sourceNotes: 'test', shocks };
}

/**
 * The book of the limits fixtures (core/limits/pre-trade-test-fixtures.ts): AAA +1,000, BBB -800,
 * CCC +300 shares; positions 3..5 are +10 AAA C100, -10 AAA C110, +5 CCC P190 (x100), 196 days.
 */
export function limitsFixtureBook(): RevaluationBook {
  const t = 196 / 365;
  return bookFromLists({
    underlyings: [
      { symbol: 'AAA', spot: 100, stockUnits: 1000, dividendYield: 0.01 },
      { symbol: 'BBB', spot: 50, stockUnits: -800, dividendYield: 0.01 },
      { symbol: 'CCC', spot: 200, stockUnits: 300, dividendYield: 0.01 },
    ],
    options: [
      { underlying: 0, kind: 'call', strike: 100, timeToExpiryYears: t, volatility: 0.3, rate: 0.04, units: 1000, position: 3 },
      { underlying: 0, kind: 'call', strike: 110, timeToExpiryYears: t, volatility: 0.3, rate: 0.04, units: -1000, position: 4 },
      { underlying: 2, kind: 'put', strike: 190, timeToExpiryYears: t, volatility: 0.35, rate: 0.04, units: 500, position: 5 },
    ],
  });
}

export const LIMITS_FIXTURE_MARKET: StressMarket = {
  sectors: ['Tech', 'Tech', 'Energy'], betas: Float64Array.from([1.2, 0.8, 1]), dailyLogReturnSd: Float64Array.from([0.02, 0.015, 0.025]),
};
