import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { americanPrice } from '../pricing/american-pricing.ts';
import { bsmPrice } from '../pricing/bsm-greeks.ts';
import type { OptionEntry, UnderlyingEntry } from './book-from-lists.ts';
import { bookFromLists } from './book-from-lists.ts';
import { bookOptionParams } from './book-option-params.ts';
import { spotMovePanel } from './historical-var-full-revaluation.ts';
import { addOptionScenarioPnl } from './option-scenario-pnl.ts';
import { buildOptionScenarioTable, REVALUATION_PATH } from './option-scenario-table.ts';

const underlyings: UnderlyingEntry[] = [
  { symbol: 'AAA', spot: 100, dividendYield: 0.02 },
  { symbol: 'BBB', spot: 7.3, dividendYield: 0 },
];

const optionArb: fc.Arbitrary<OptionEntry> = fc.record({
  underlying: fc.integer({ min: 0, max: 1 }),
  kind: fc.constantFrom('call' as const, 'put' as const),
  // deep in and out of the money included: |d1| up to ~15
  moneyness: fc.double({ min: 0.3, max: 3, noNaN: true }),
  // includes options that expire within the horizon and some with zero volatility
  timeToExpiryYears: fc.oneof(fc.double({ min: 0.5 / 365, max: 4, noNaN: true }), fc.constant(1 / 365)),
  volatility: fc.oneof(fc.double({ min: 0.03, max: 1.5, noNaN: true }), fc.constant(0)),
  rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
  units: fc.integer({ min: -1000, max: 1000 }).filter((u) => u !== 0),
}).map(({ moneyness, ...o }) => ({ ...o, strike: underlyings[o.underlying]!.spot * moneyness }));

/** Scenario log returns for 2 underlyings: calm days, crashes and rallies. */
const returnsArb = fc.array(fc.tuple(fc.double({ min: -0.4, max: 0.3, noNaN: true }), fc.double({ min: -0.4, max: 0.3, noNaN: true })), { minLength: 1, maxLength: 30 });

/** Each option's P&L per scenario by the kernel, as rows (option x scenario). */
function kernelPnl(options: OptionEntry[], returns: [number, number][], horizonYears: number): Float64Array {
  const book = bookFromLists({ underlyings, options });
  const table = buildOptionScenarioTable({ book, horizonYears });
  const panel = spotMovePanel(Float64Array.from(returns.flat()), returns.length, 2);
  const perOption = new Float64Array(options.length * returns.length);
  addOptionScenarioPnl({ book, table, panel, pnl: new Float64Array(returns.length), perOption });
  return perOption;
}

describe('full revaluation of options under spot moves', () => {
  it('matches bsmPrice at S e^x and tau - horizon, option by option and scenario by scenario, to 1e-10', () => {
    fc.assert(fc.property(fc.array(optionArb, { minLength: 1, maxLength: 6 }), returnsArb, fc.constantFrom(0, 1, 10), (options, returns, days) => {
      const horizonYears = days / 365;
      const rows = kernelPnl(options, returns, horizonYears);
      const book = bookFromLists({ underlyings, options });
      options.forEach((o, j) => {
        const params = bookOptionParams(book, j, underlyings[o.underlying]!.spot);
        const v0 = bsmPrice(params);
        returns.forEach((r, t) => {
          const scenario = bsmPrice({ ...params, spot: params.spot * Math.exp(r[o.underlying]!), timeToExpiryYears: params.timeToExpiryYears - horizonYears });
          const want = o.units * (scenario - v0);
          const got = rows[j * returns.length + t]!;
          // relative to the option values involved (the P&L itself may be ~0), with a floor of 1e-15 of
          // the spot for values far below anything a double of the spot resolves (|d| > 10: < 1e-23 S)
          const tolerance = Math.abs(o.units) * (1e-10 * Math.max(scenario, v0) + 1e-15 * params.spot);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(tolerance);
        });
      });
    }), { numRuns: 300 });
  });

  it('gives the same scenario totals from the paired hot loop as from option-by-option rows', () => {
    fc.assert(fc.property(fc.array(optionArb, { minLength: 1, maxLength: 9 }), returnsArb, (options, returns) => {
      const book = bookFromLists({ underlyings, options });
      const table = buildOptionScenarioTable({ book, horizonYears: 1 / 365 });
      const panel = spotMovePanel(Float64Array.from(returns.flat()), returns.length, 2);
      const paired = new Float64Array(returns.length);
      addOptionScenarioPnl({ book, table, panel, pnl: paired });
      const rows = kernelPnl(options, returns, 1 / 365);
      const gross = options.reduce((s, o) => s + Math.abs(o.units) * 3 * underlyings[o.underlying]!.spot, 0);
      returns.forEach((_, t) => {
        const byRows = options.reduce((s, _o, j) => s + rows[j * returns.length + t]!, 0);
        expect(Math.abs(paired[t]! - byRows)).toBeLessThanOrEqual(1e-13 * gross);
      });
    }), { numRuns: 200 });
  });

  it('keeps deep out-of-the-money values to 1e-10 relative of the value itself (no put-call parity cancellation)', () => {
    const options: OptionEntry[] = [
      { underlying: 0, kind: 'put', strike: 52, timeToExpiryYears: 0.25, volatility: 0.2, rate: 0.03, units: 1 },
      { underlying: 0, kind: 'call', strike: 190, timeToExpiryYears: 0.25, volatility: 0.2, rate: 0.03, units: 1 },
    ];
    const returns: [number, number][] = [[0.05, 0], [-0.05, 0]];
    const rows = kernelPnl(options, returns, 1 / 365);
    const book = bookFromLists({ underlyings, options });
    options.forEach((_, j) => {
      const params = bookOptionParams(book, j, 100);
      returns.forEach((r, t) => {
        const scenario = bsmPrice({ ...params, spot: 100 * Math.exp(r[0]), timeToExpiryYears: 0.25 - 1 / 365 });
        expect(scenario).toBeLessThan(1e-8); // parity would give these from ~100 - 100: absolute error ~1e-14
        expect(scenario).toBeGreaterThan(1e-13);
        const got = rows[j * 2 + t]! + bsmPrice(params);
        expect(Math.abs(got - scenario)).toBeLessThanOrEqual(1e-10 * scenario);
      });
    });
  });

  it('revalues American options whose early exercise may pay by Bjerksund-Stensland 2002, base value included', () => {
    const options: OptionEntry[] = [{ underlying: 0, kind: 'put', exercise: 'american', strike: 110, timeToExpiryYears: 0.5, volatility: 0.3, rate: 0.05, units: -20 }];
    const returns: [number, number][] = [[-0.1, 0], [0.02, 0], [0.2, 0]];
    const rows = kernelPnl(options, returns, 1 / 365);
    const book = bookFromLists({ underlyings, options });
    expect(buildOptionScenarioTable({ book, horizonYears: 1 / 365 }).path[0]).toBe(REVALUATION_PATH.AMERICAN);
    const params = bookOptionParams(book, 0, 100);
    const v0 = americanPrice(params, 'bjerksund-stensland-2002');
    returns.forEach((r, t) => {
      const v = americanPrice({ ...params, spot: 100 * Math.exp(r[0]), timeToExpiryYears: 0.5 - 1 / 365 }, 'bjerksund-stensland-2002');
      expect(rows[t]).toBeCloseTo(-20 * (v - v0), 9);
    });
  });
});
