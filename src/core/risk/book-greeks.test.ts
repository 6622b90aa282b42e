import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { americanGreeks } from '../pricing/american-pricing.ts';
import { bsmGreeks } from '../pricing/bsm-greeks.ts';
import type { OptionParams } from '../pricing/option-types.ts';
import { americanUnitGreeks } from './american-unit-greeks.ts';
import { bookGreeks, OPTION_GREEKS_METHODS } from './book-greeks.ts';
import type { BookGreeks } from './book-greeks.ts';
import type { OptionEntry } from './book-from-lists.ts';
import { bookFromLists } from './book-from-lists.ts';
import { bookOptionParams } from './book-option-params.ts';

const underlyings = [
  { symbol: 'AAA', spot: 100, stockUnits: 500, dividendYield: 0.01 },
  { symbol: 'BBB', spot: 42.5, stockUnits: -1200, dividendYield: 0 },
  { symbol: 'CCC', spot: 310, dividendYield: 0.025 },
];

const optionArb: fc.Arbitrary<OptionEntry> = fc.record({
  underlying: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom('call' as const, 'put' as const),
  moneyness: fc.double({ min: 0.6, max: 1.6, noNaN: true }),
  timeToExpiryYears: fc.double({ min: 5 / 365, max: 3, noNaN: true }),
  volatility: fc.double({ min: 0.05, max: 1.2, noNaN: true }),
  rate: fc.double({ min: -0.01, max: 0.08, noNaN: true }),
  units: fc.integer({ min: -5000, max: 5000 }),
}).map(({ moneyness, ...o }) => ({ ...o, strike: underlyings[o.underlying]!.spot * moneyness }));

function greeksOf(options: readonly OptionEntry[]): { greeks: BookGreeks; book: ReturnType<typeof bookFromLists> } {
  const book = bookFromLists({ underlyings, options });
  const r = bookGreeks({ book });
  if (!r.ok) throw new Error(r.error.message);
  return { greeks: r.value, book };
}

const close = (got: number, want: number, scale: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-11 * Math.abs(want) + 1e-13 * scale);
};

describe('bookGreeks', () => {
  it('gives each European option the bsmGreeks values in display units, per unit and per position', () => {
    fc.assert(fc.property(fc.array(optionArb, { minLength: 1, maxLength: 12 }), (options) => {
      const { greeks, book } = greeksOf(options);
      options.forEach((o, j) => {
        const s = underlyings[o.underlying]!.spot;
        const g = bsmGreeks(bookOptionParams(book, j, s));
        const { perUnit, position } = greeks.options;
        close(perUnit.value[j]!, g.price, s);
        close(perUnit.delta[j]!, g.delta, 1);
        close(perUnit.gamma[j]!, g.gamma, 1 / s);
        close(perUnit.vegaPerVolPoint[j]!, g.vega / 100, s);
        close(perUnit.thetaPerDay[j]!, g.theta / 365, s);
        close(perUnit.rhoPerPct[j]!, g.rho / 100, s);
        close(position.value[j]!, g.price * o.units, s * Math.abs(o.units));
        close(position.dollarDelta[j]!, g.delta * s * o.units, s * Math.abs(o.units));
        close(position.dollarGammaPer1Pct[j]!, g.gamma * s * s * 0.01 * o.units, s * Math.abs(o.units));
        close(position.thetaPerDay[j]!, (g.theta / 365) * o.units, s * Math.abs(o.units));
        expect(OPTION_GREEKS_METHODS[greeks.options.method[j]!]).toBe('bsm');
      });
    }), { numRuns: 100 });
  });

  it('sums options and stocks per underlying, stocks contributing delta = units and dollar delta = units x spot', () => {
    fc.assert(fc.property(fc.array(optionArb, { maxLength: 15 }), (options) => {
      const { greeks } = greeksOf(options);
      underlyings.forEach((u, i) => {
        const mine = options.map((o, j) => [o, j] as const).filter(([o]) => o.underlying === i);
        const sum = (pick: (j: number) => number): number => mine.reduce((acc, [, j]) => acc + pick(j), 0);
        const p = greeks.options.position;
        const stock = (u.stockUnits ?? 0) * u.spot;
        const scale = 1e4 * u.spot;
        close(greeks.underlyings.delta[i]!, (u.stockUnits ?? 0) + sum((j) => p.delta[j]!), 1e4);
        close(greeks.underlyings.dollarDelta[i]!, stock + sum((j) => p.dollarDelta[j]!), scale);
        close(greeks.underlyings.value[i]!, stock + sum((j) => p.value[j]!), scale);
        close(greeks.underlyings.vegaPerVolPoint[i]!, sum((j) => p.vegaPerVolPoint[j]!), scale);
        close(greeks.underlyings.grossDollarDelta[i]!, Math.abs(stock) + sum((j) => Math.abs(p.dollarDelta[j]!)), scale);
      });
      close(greeks.totals.dollarDelta, greeks.underlyings.dollarDelta.reduce((a, b) => a + b, 0), 1e6);
    }), { numRuns: 100 });
  });

  it('counts each stock position in the gross exposure when the positions are given', () => {
    const book = bookFromLists({ underlyings: [{ symbol: 'AAA', spot: 50, stockUnits: 100 }], options: [] });
    const stockPositions = { underlying: Int32Array.from([0, 0]), units: Float64Array.from([300, -200]) };
    const r = bookGreeks({ book, stockPositions });
    expect(r.ok && r.value.underlyings.grossDollarDelta[0]).toBe(25_000);
    expect(r.ok && r.value.grossBasis).toBe('stock-positions');
    const netted = bookGreeks({ book });
    expect(netted.ok && netted.value.underlyings.grossDollarDelta[0]).toBe(5_000);
  });

  it('rejects stock positions that do not net to the book', () => {
    const book = bookFromLists({ underlyings: [{ symbol: 'AAA', spot: 50, stockUnits: 100 }], options: [] });
    const r = bookGreeks({ book, stockPositions: { underlying: Int32Array.from([0]), units: Float64Array.from([99]) } });
    expect(r.ok ? null : r.error.code).toBe('STOCK_POSITIONS_MISMATCH');
  });

  it('rejects a book with an option on an unknown underlying', () => {
    const book = bookFromLists({ underlyings, options: [{ underlying: 3, kind: 'call', strike: 100, timeToExpiryYears: 1, volatility: 0.2, rate: 0.02, units: 1 }] });
    const r = bookGreeks({ book });
    expect(r.ok ? null : r.error.code).toBe('INVALID_BOOK');
  });

  it('prices American options with early-exercise value by Bjerksund-Stensland 2002 and the rest by BSM', () => {
    const american = (kind: 'call' | 'put', underlying: number, rate: number): OptionEntry => ({
      underlying, kind, exercise: 'american', strike: 100, timeToExpiryYears: 0.75, volatility: 0.3, rate, units: 10,
    });
    // put with r > 0: may be exercised early; call on a non-dividend stock: never; put with r < 0: never
    const options = [american('put', 0, 0.04), american('call', 1, 0.04), american('put', 1, -0.005)];
    const { greeks, book } = greeksOf(options);
    expect(Array.from(greeks.options.method, (m) => OPTION_GREEKS_METHODS[m])).toEqual(['bjerksund-stensland-2002', 'bsm', 'bsm']);
    const params = bookOptionParams(book, 0, 100);
    const reference = americanGreeks(params, 'bjerksund-stensland-2002');
    expect(greeks.options.perUnit.value[0]).toBe(reference.price);
    expect(greeks.options.perUnit.delta[0]).toBe(reference.delta);
    expect(greeks.options.perUnit.gamma[0]).toBe(reference.gamma);
    expect(greeks.options.perUnit.vegaPerVolPoint[0]).toBeCloseTo(reference.vega / 100, 12);
    expect(greeks.options.perUnit.thetaPerDay[0]).toBeCloseTo(reference.theta / 365, 12);
    expect(greeks.options.perUnit.rhoPerPct[0]).toBeCloseTo(reference.rho / 100, 12);
    // the early-exercise premium makes the American put worth more than the European one
    expect(greeks.options.perUnit.value[0]!).toBeGreaterThan(bsmGreeks(params).price + 0.01);
    expect(greeks.methods.optionCountByMethod).toEqual({ bsm: 2, 'bjerksund-stensland-2002': 1, binomial: 0 });
  });

  it('computes the 9-price Bjerksund-Stensland Greeks exactly as the pricing core does with 27', () => {
    const params: OptionParams = { kind: 'call', spot: 95, strike: 100, timeToExpiryYears: 1.2, volatility: 0.25, rate: 0.03, dividendYield: 0.06 };
    const mine = americanUnitGreeks(params, 'bjerksund-stensland-2002');
    const core = americanGreeks(params, 'bjerksund-stensland-2002');
    expect([mine.price, mine.delta, mine.gamma, mine.vega, mine.theta, mine.rho]).toEqual([core.price, core.delta, core.gamma, core.vega, core.theta, core.rho]);
  });
});
