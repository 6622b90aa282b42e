import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsmPrice } from '../pricing/bsm-greeks.ts';
import { sortAscending } from '../stats/empirical-quantile.ts';
import { historicalExpectedShortfall } from '../stats/historical-expected-shortfall.ts';
import { historicalVar } from '../stats/historical-var.ts';
import type { OptionEntry, UnderlyingEntry } from './book-from-lists.ts';
import { bookFromLists } from './book-from-lists.ts';
import { bookOptionParams } from './book-option-params.ts';
import type { HistoricalFullRevaluationInput, HistoricalFullRevaluationVar } from './historical-var-full-revaluation.ts';
import { historicalVarFullRevaluation } from './historical-var-full-revaluation.ts';

function run(input: HistoricalFullRevaluationInput): HistoricalFullRevaluationVar {
  const r = historicalVarFullRevaluation(input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const stocks: UnderlyingEntry[] = [
  { symbol: 'AAA', spot: 120, stockUnits: 1000 },
  { symbol: 'BBB', spot: 35, stockUnits: -2500 },
  { symbol: 'CCC', spot: 410, stockUnits: 300 },
];
const returnArb = fc.double({ min: -0.25, max: 0.25, noNaN: true });
/** T x 3 daily log returns, T in 2..120. */
const panelArb = fc.integer({ min: 2, max: 120 }).chain((t) => fc.array(returnArb, { minLength: 3 * t, maxLength: 3 * t }).map((r) => ({ t, r: Float64Array.from(r) })));

const options: OptionEntry[] = [
  { underlying: 0, kind: 'call', strike: 125, timeToExpiryYears: 0.4, volatility: 0.3, rate: 0.04, units: -800 },
  { underlying: 1, kind: 'put', strike: 30, timeToExpiryYears: 1.1, volatility: 0.45, rate: 0.04, units: 1500 },
  { underlying: 2, kind: 'call', strike: 400, timeToExpiryYears: 0.5 / 365, volatility: 0.2, rate: 0.04, units: 100 },
];

describe('historicalVarFullRevaluation', () => {
  it('of a stock-only book equals the type-7 VaR and Acerbi-Tasche ES of its value path returns (core/stats)', () => {
    fc.assert(fc.property(panelArb, fc.constantFrom(0.9, 0.95, 0.975, 0.99), ({ t, r }, confidence) => {
      const book = bookFromLists({ underlyings: stocks, options: [] });
      const v0 = stocks.reduce((s, u) => s + u.stockUnits! * u.spot, 0);
      const result = run({ book, logReturns: r, scenarioCount: t, netAssetValue: 1e6, confidences: [confidence] });
      const pathReturns = Float64Array.from({ length: t }, (_, k) => stocks.reduce((s, u, i) => s + u.stockUnits! * u.spot * Math.exp(r[k * 3 + i]!), 0) / v0 - 1);
      const sorted = sortAscending(pathReturns);
      const m = result.measures[0]!;
      const scale = 1e-12 * stocks.reduce((s, u) => s + Math.abs(u.stockUnits! * u.spot), 0);
      expect(Math.abs(m.valueAtRisk.amount - v0 * historicalVar({ sortedReturns: sorted, confidence }))).toBeLessThanOrEqual(scale);
      expect(Math.abs(m.expectedShortfall.amount - v0 * historicalExpectedShortfall({ sortedReturns: sorted, confidence }))).toBeLessThanOrEqual(scale);
      expect(m.valueAtRisk.fractionOfNav).toBeCloseTo(m.valueAtRisk.amount / 1e6, 15);
      expect(result.conventions.quantileMethod).toBe('type7');
    }), { numRuns: 200 });
  });

  it('reports ES >= VaR and VaR non-decreasing in the confidence, for books with options', () => {
    fc.assert(fc.property(panelArb, fc.array(fc.double({ min: 0.5, max: 0.999, noNaN: true }), { minLength: 2, maxLength: 6 }), ({ t, r }, levels) => {
      const confidences = [...levels].sort((a, b) => a - b);
      const book = bookFromLists({ underlyings: stocks, options });
      for (const conventions of [undefined, { quantileMethod: 'floor-index', expectedShortfallMethod: 'tail-mean' }] as const) {
        const { measures } = run({ book, logReturns: r, scenarioCount: t, netAssetValue: 1e6, confidences, ...(conventions ? { conventions } : {}) });
        measures.forEach((m, k) => {
          expect(m.expectedShortfall.amount).toBeGreaterThanOrEqual(m.valueAtRisk.amount);
          if (k > 0) expect(m.valueAtRisk.amount).toBeGreaterThanOrEqual(measures[k - 1]!.valueAtRisk.amount);
        });
      }
    }), { numRuns: 150 });
  });

  it('splits the scenario P&L into stocks and options, with per-option rows, and finds the worst scenario', () => {
    const book = bookFromLists({ underlyings: stocks, options });
    const r = Float64Array.from([0.01, -0.02, 0.0, -0.08, 0.03, -0.05, 0.02, 0.01, 0.04]);
    const result = run({ book, logReturns: r, scenarioCount: 3, netAssetValue: 1e6, includeOptionScenarioPnl: true });
    const rows = result.optionPnlByScenario!;
    for (let t = 0; t < 3; t++) {
      let options = 0;
      for (let j = 0; j < 3; j++) options += rows[j * 3 + t]!;
      expect(result.optionScenarioPnl[t]).toBeCloseTo(options, 6);
      expect(result.scenarioPnl[t]).toBeCloseTo(result.stockScenarioPnl[t]! + result.optionScenarioPnl[t]!, 6);
      expect(result.scenarioPnl[t]!).toBeGreaterThanOrEqual(result.scenarioPnl[result.worstScenarioIndex]!);
    }
    // option 2 (half a day left) expires within the 1-day horizon: worth its intrinsic value max(S e^x - K, 0)
    const params = bookOptionParams(book, 2, 410);
    expect(rows[2 * 3 + 2]).toBeCloseTo(100 * (Math.max(410 * Math.exp(0.04) - 400, 0) - bsmPrice(params)), 8);
    expect(rows[2 * 3 + 1]).toBeCloseTo(-100 * bsmPrice(params), 8); // expires out of the money
  });

  it('ages the options by horizonDays: with no spot move the P&L is the time decay', () => {
    const book = bookFromLists({ underlyings: stocks, options: options.slice(0, 2) });
    const still = new Float64Array(3);
    const result = run({ book, logReturns: still, scenarioCount: 1, netAssetValue: 1e6, horizonDays: 7 });
    const decay = options.slice(0, 2).reduce((s, o, j) => {
      const p = bookOptionParams(book, j, stocks[o.underlying]!.spot);
      return s + o.units * (bsmPrice({ ...p, timeToExpiryYears: p.timeToExpiryYears - 7 / 365 }) - bsmPrice(p));
    }, 0);
    expect(result.scenarioPnl[0]).toBeCloseTo(decay, 8);
    expect(result.conventions.horizonDays).toBe(7);
  });

  it('applies volatility and rate shocks per scenario when given, and no shock reproduces the spot-only kernel', () => {
    const book = bookFromLists({ underlyings: stocks, options });
    const r = Float64Array.from([0.01, -0.02, 0.0, -0.08, 0.03, -0.05]);
    const base = run({ book, logReturns: r, scenarioCount: 2, netAssetValue: 1e6 });
    const neutral = run({ book, logReturns: r, scenarioCount: 2, netAssetValue: 1e6, shocks: { volatility: { reading: 'multiplier', values: new Float64Array(6).fill(1) }, rateShiftBp: new Float64Array(2) } });
    for (let t = 0; t < 2; t++) expect(neutral.scenarioPnl[t]).toBeCloseTo(base.scenarioPnl[t]!, 6);
    const bumped = run({ book, logReturns: r, scenarioCount: 2, netAssetValue: 1e6, includeOptionScenarioPnl: true, shocks: { volatility: { reading: 'additive', values: new Float64Array(6).fill(0.05) }, rateShiftBp: Float64Array.from([100, -50]) } });
    const p = bookOptionParams(book, 0, 120);
    const want = -800 * (bsmPrice({ ...p, spot: 120 * Math.exp(-0.08), timeToExpiryYears: 0.4 - 1 / 365, volatility: 0.35, rate: 0.035 }) - bsmPrice(p));
    expect(bumped.optionPnlByScenario![1]).toBeCloseTo(want, 8);
    expect(bumped.conventions.volatility).toBe('additive');
    expect(bumped.conventions.rates).toBe('additive-bp');
  });

  it('rejects mismatched scenario panels, NaN returns and out-of-range confidences with coded failures', () => {
    const book = bookFromLists({ underlyings: stocks, options });
    const code = (input: Partial<HistoricalFullRevaluationInput>): string | null => {
      const r = historicalVarFullRevaluation({ book, logReturns: new Float64Array(6), scenarioCount: 2, netAssetValue: 1e6, ...input });
      return r.ok ? null : r.error.code;
    };
    expect(code({})).toBeNull();
    expect(code({ logReturns: new Float64Array(5) })).toBe('INVALID_SCENARIOS');
    expect(code({ logReturns: Float64Array.from([0, 0, Number.NaN, 0, 0, 0]) })).toBe('INVALID_SCENARIOS');
    expect(code({ confidences: [0.95, 1] })).toBe('INVALID_PARAMETERS');
    expect(code({ netAssetValue: 0 })).toBe('INVALID_PARAMETERS');
    expect(code({ horizonDays: -1 })).toBe('INVALID_PARAMETERS');
  });
});
