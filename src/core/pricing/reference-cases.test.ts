import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { americanBinomial } from './american-binomial.ts';
import { baroneAdesiWhaleyPrice } from './american-baw.ts';
import { bjerksundStensland2002Price } from './american-bjerksund-stensland.ts';
import { bsmGreeks, bsmPrice } from './bsm-greeks.ts';
import { toDisplayGreeks } from './greek-units.ts';
import { impliedVolatility } from './implied-volatility.ts';
import type { OptionKind, OptionParams } from './option-types.ts';
import { priceOption } from './price-option.ts';

// QuantLib 1.29 / R 4.2 reference values, see /work/shared/reference/README.md.
interface Expectation { readonly value: number; readonly tol: readonly [number, number]; readonly tol_loose: readonly [number, number] }
interface OptionInputs { readonly type: OptionKind; readonly S: number; readonly K: number; readonly T: number; readonly vol: number; readonly r: number; readonly q: number }
interface PricingCase { readonly id: string; readonly category: 'bsm_european' | 'american'; readonly inputs: OptionInputs; readonly expected: Record<string, Expectation> }
interface IvCase {
  readonly id: string;
  readonly category: 'implied_vol';
  readonly inputs: Omit<OptionInputs, 'vol'> & { readonly price: number };
  readonly expected: {
    readonly accept_band: readonly [number, number];
    readonly accept_band_loose: readonly [number, number];
    readonly well_posed: boolean;
    readonly error_acceptable: boolean;
  };
}

const file = new URL('../../../test/support/reference-cases.json', import.meta.url);
const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: ReadonlyArray<{ category: string }> };
const bsmCases = cases.filter((c) => c.category === 'bsm_european') as PricingCase[];
const americanCases = cases.filter((c) => c.category === 'american') as PricingCase[];
const ivCases = cases.filter((c) => c.category === 'implied_vol') as IvCase[];

const within = (got: number, e: Expectation, which: 'tol' | 'tol_loose'): boolean =>
  Math.abs(got - e.value) <= e[which][0] + e[which][1] * Math.abs(e.value);
const paramsOf = (i: OptionInputs): OptionParams => ({
  kind: i.type, spot: i.S, strike: i.K, timeToExpiryYears: i.T, volatility: i.vol, rate: i.r, dividendYield: i.q,
});
const expectation = (c: PricingCase, name: string): Expectation => {
  const e = c.expected[name];
  if (e === undefined) throw new Error(`case ${c.id} lacks ${name}`);
  return e;
};

const tally = new Map<string, { tol: number; loose: number; total: number }>();
function record(name: string, got: number, e: Expectation): void {
  const t = tally.get(name) ?? { tol: 0, loose: 0, total: 0 };
  tally.set(name, { tol: t.tol + (within(got, e, 'tol') ? 1 : 0), loose: t.loose + (within(got, e, 'tol_loose') ? 1 : 0), total: t.total + 1 });
}
afterAll(() => {
  const lines = [...tally.entries()].map(([k, t]) => `${k}: ${t.tol}/${t.total} within tol, ${t.loose}/${t.total} within tol_loose`);
  console.log(`reference-case pass counts\n  ${lines.join('\n  ')}`);
});

describe('European Black-Scholes-Merton against QuantLib', () => {
  it('covers every bsm_european case', () => {
    expect(bsmCases.length).toBe(160);
  });

  it.each(bsmCases.map((c) => [c.id, c] as const))('%s: price and every Greek within tol', (_id, c) => {
    const params = paramsOf(c.inputs);
    const raw = bsmGreeks(params);
    const display = toDisplayGreeks(raw);
    const got: Record<string, number> = {
      price: raw.price,
      price_closed_form: bsmPrice(params),
      delta: raw.delta,
      gamma: raw.gamma,
      vega: raw.vega,
      vega_per_vol_point: display.vega,
      theta: raw.theta,
      theta_per_day_365: display.theta,
      theta_per_day_252: raw.theta / 252,
      rho: raw.rho,
      rho_per_pct: display.rho,
      dividend_rho: raw.dividendRho,
    };
    for (const [name, e] of Object.entries(c.expected)) {
      const value = got[name];
      if (value === undefined) throw new Error(`no value computed for ${name}`);
      record(`bsm.${name}`, value, e);
      expect({ name, value, within: within(value, e, 'tol') }).toEqual({ name, value, within: true });
    }
  });
});

describe('American options against QuantLib and a high-precision value', () => {
  it.each(americanCases.map((c) => [c.id, c] as const))('%s: every method meets its expectation', (_id, c) => {
    const params = paramsOf(c.inputs);
    const truth = expectation(c, 'true_value');

    const baw = baroneAdesiWhaleyPrice(params);
    record('american.baw', baw, expectation(c, 'baw'));
    expect(within(baw, expectation(c, 'baw'), 'tol')).toBe(true);
    expect(within(baw, expectation(c, 'baw_exact_root'), 'tol')).toBe(true);

    const european = bsmPrice(params);
    expect(within(european, expectation(c, 'european_bsm'), 'tol')).toBe(true);

    const lattice = americanBinomial(params).price;
    record('american.binomial_vs_true', lattice, truth);
    expect(within(lattice, truth, 'tol_loose')).toBe(true);

    const result = priceOption({ ...params, style: 'american' });
    if (!result.ok) throw new Error(result.error.message);
    record('american.default_vs_true', result.value.price, truth);
    expect(within(result.value.price, truth, 'tol_loose')).toBe(true);

    // BS 2002 is a lower bound, closer to the truth than the 1993 version the reference carries.
    const bs2002 = bjerksundStensland2002Price(params);
    const bs1993 = expectation(c, 'bjerksund_stensland_1993').value;
    expect(bs2002).toBeLessThanOrEqual(truth.value + 1e-9);
    expect(Math.abs(bs2002 - truth.value)).toBeLessThanOrEqual(Math.abs(bs1993 - truth.value) + 1e-9);
    expect(Math.abs(bs2002 - truth.value)).toBeLessThanOrEqual(0.01 * truth.value);
  });
});

describe('Implied volatility against the reference acceptance bands', () => {
  it.each(ivCases.map((c) => [c.id, c] as const))('%s: returns a volatility inside the band', (_id, c) => {
    const i = c.inputs;
    const result = impliedVolatility({
      kind: i.type, style: 'european', spot: i.S, strike: i.K, timeToExpiryYears: i.T, rate: i.r, dividendYield: i.q, price: i.price,
    });
    if (!result.ok) {
      expect(c.expected.error_acceptable).toBe(true);
      return;
    }
    const [lo, hi] = c.expected.accept_band;
    const [looseLo, looseHi] = c.expected.accept_band_loose;
    const inBand = result.value >= lo && result.value <= hi;
    const t = tally.get('implied_vol') ?? { tol: 0, loose: 0, total: 0 };
    tally.set('implied_vol', {
      tol: t.tol + (inBand ? 1 : 0),
      loose: t.loose + (result.value >= looseLo && result.value <= looseHi ? 1 : 0),
      total: t.total + 1,
    });
    expect(result.value).toBeGreaterThanOrEqual(lo);
    expect(result.value).toBeLessThanOrEqual(hi);
  });
});
