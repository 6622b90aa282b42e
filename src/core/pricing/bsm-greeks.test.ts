import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsmGreeks, bsmPrice } from './bsm-greeks.ts';
import type { OptionParams } from './option-types.ts';

const arbParams = fc.record({
  kind: fc.constantFrom<'call' | 'put'>('call', 'put'),
  spot: fc.double({ min: 1, max: 1000, noNaN: true }),
  moneyness: fc.double({ min: 0.5, max: 2, noNaN: true }),
  timeToExpiryYears: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
  volatility: fc.double({ min: 0.03, max: 1.5, noNaN: true }),
  rate: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.1, noNaN: true }),
}).map(({ moneyness, ...p }): OptionParams => ({ ...p, strike: p.spot * moneyness }));

const relClose = (a: number, b: number, rel: number, abs: number): boolean => Math.abs(a - b) <= abs + rel * Math.abs(b);

describe('bsmPrice', () => {
  it('reproduces the textbook example (Hull: S=42, K=40, r=10%, sigma=20%, T=0.5)', () => {
    const p = { spot: 42, strike: 40, timeToExpiryYears: 0.5, volatility: 0.2, rate: 0.1, dividendYield: 0 };
    expect(bsmPrice({ ...p, kind: 'call' })).toBeCloseTo(4.759422392871532, 12);
    expect(bsmPrice({ ...p, kind: 'put' })).toBeCloseTo(0.8085993729000922, 12);
  });

  it('satisfies put-call parity C - P = S e^-qT - K e^-rT to 1e-12 of the notional', () => {
    fc.assert(fc.property(arbParams, (p) => {
      const parity = p.spot * Math.exp(-p.dividendYield * p.timeToExpiryYears) - p.strike * Math.exp(-p.rate * p.timeToExpiryYears);
      const diff = bsmPrice({ ...p, kind: 'call' }) - bsmPrice({ ...p, kind: 'put' });
      return Math.abs(diff - parity) <= 1e-12 * Math.max(p.spot, p.strike);
    }), { numRuns: 500 });
  });

  it('decreases in strike for calls and increases for puts', () => {
    fc.assert(fc.property(arbParams, fc.double({ min: 1.001, max: 1.5, noNaN: true }), (p, bump) => {
      const higher = { ...p, strike: p.strike * bump };
      const tol = 1e-12 * p.spot;
      return p.kind === 'call' ? bsmPrice(higher) <= bsmPrice(p) + tol : bsmPrice(higher) >= bsmPrice(p) - tol;
    }));
  });

  it('increases in volatility', () => {
    fc.assert(fc.property(arbParams, fc.double({ min: 0.001, max: 0.5, noNaN: true }), (p, dv) =>
      bsmPrice({ ...p, volatility: p.volatility + dv }) >= bsmPrice(p) - 1e-12 * p.spot));
  });

  it('stays between the discounted forward intrinsic value and the upper bound', () => {
    fc.assert(fc.property(arbParams, (p) => {
      const fs = p.spot * Math.exp(-p.dividendYield * p.timeToExpiryYears);
      const fk = p.strike * Math.exp(-p.rate * p.timeToExpiryYears);
      const w = p.kind === 'call' ? 1 : -1;
      const price = bsmPrice(p);
      return price >= Math.max(w * (fs - fk), 0) - 1e-12 * fs && price <= (p.kind === 'call' ? fs : fk);
    }));
  });

  it('values an expired option at intrinsic and a zero-volatility one at discounted forward intrinsic', () => {
    expect(bsmPrice({ kind: 'call', spot: 110, strike: 100, timeToExpiryYears: 0, volatility: 0.2, rate: 0.05, dividendYield: 0 })).toBe(10);
    expect(bsmPrice({ kind: 'put', spot: 110, strike: 100, timeToExpiryYears: -1, volatility: 0.2, rate: 0.05, dividendYield: 0 })).toBe(0);
    const zeroVol = bsmPrice({ kind: 'call', spot: 110, strike: 100, timeToExpiryYears: 1, volatility: 0, rate: 0.05, dividendYield: 0.01 });
    expect(zeroVol).toBeCloseTo(110 * Math.exp(-0.01) - 100 * Math.exp(-0.05), 14);
  });
});

describe('bsmGreeks', () => {
  it('has zero Greeks and intrinsic price once expired', () => {
    const g = bsmGreeks({ kind: 'put', spot: 90, strike: 100, timeToExpiryYears: 0, volatility: 0.3, rate: 0.05, dividendYield: 0 });
    expect(g).toEqual({ price: 10, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0, dividendRho: 0, vanna: 0, volga: 0, charm: 0 });
  });

  it('matches central finite differences for every Greek', () => {
    fc.assert(fc.property(arbParams.filter((p) => p.timeToExpiryYears > 0.02), (p) => {
      const g = bsmGreeks(p);
      const price = (q: Partial<OptionParams>): number => bsmPrice({ ...p, ...q });
      const delta = (q: Partial<OptionParams>): number => bsmGreeks({ ...p, ...q }).delta;
      // bumps scaled to the distribution width so that truncation error stays below 1e-6
      const hs = p.spot * p.volatility * Math.sqrt(p.timeToExpiryYears) * 1e-3, hv = 1e-5, hr = 1e-6, ht = p.timeToExpiryYears * 1e-5;
      const fd = {
        delta: (price({ spot: p.spot + hs }) - price({ spot: p.spot - hs })) / (2 * hs),
        gamma: (delta({ spot: p.spot + hs }) - delta({ spot: p.spot - hs })) / (2 * hs),
        vega: (price({ volatility: p.volatility + hv }) - price({ volatility: p.volatility - hv })) / (2 * hv),
        theta: -(price({ timeToExpiryYears: p.timeToExpiryYears + ht }) - price({ timeToExpiryYears: p.timeToExpiryYears - ht })) / (2 * ht),
        rho: (price({ rate: p.rate + hr }) - price({ rate: p.rate - hr })) / (2 * hr),
        dividendRho: (price({ dividendYield: p.dividendYield + hr }) - price({ dividendYield: p.dividendYield - hr })) / (2 * hr),
        vanna: (delta({ volatility: p.volatility + hv }) - delta({ volatility: p.volatility - hv })) / (2 * hv),
        volga: (bsmGreeks({ ...p, volatility: p.volatility + hv }).vega - bsmGreeks({ ...p, volatility: p.volatility - hv }).vega) / (2 * hv),
        charm: -(delta({ timeToExpiryYears: p.timeToExpiryYears + ht }) - delta({ timeToExpiryYears: p.timeToExpiryYears - ht })) / (2 * ht),
      };
      const scale = p.spot * 1e-7;
      for (const [name, value] of Object.entries(fd)) {
        const analytic = g[name as keyof typeof fd];
        if (!relClose(analytic, value, 1e-5, scale * (name === 'gamma' || name === 'vanna' || name === 'charm' ? 1 / p.spot + 1e-4 : 1))) {
          throw new Error(`${name}: analytic ${analytic} vs finite difference ${value}`);
        }
      }
      return true;
    }), { numRuns: 300 });
  });

  it('gives the same price as bsmPrice', () => {
    fc.assert(fc.property(arbParams, (p) => bsmGreeks(p).price === bsmPrice(p)));
  });

  it('has call and put gamma and vega equal and deltas differing by e^-qT', () => {
    fc.assert(fc.property(arbParams, (p) => {
      const c = bsmGreeks({ ...p, kind: 'call' });
      const q = bsmGreeks({ ...p, kind: 'put' });
      return relClose(c.gamma, q.gamma, 1e-12, 1e-300) && relClose(c.vega, q.vega, 1e-12, 1e-300)
        && Math.abs(c.delta - q.delta - Math.exp(-p.dividendYield * p.timeToExpiryYears)) <= 1e-12;
    }));
  });
});
