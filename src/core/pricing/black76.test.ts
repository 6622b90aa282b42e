import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Greeks, black76Price } from './black76.ts';

const arb = fc.record({
  forward: fc.double({ min: 1, max: 500, noNaN: true }),
  moneyness: fc.double({ min: 0.5, max: 2, noNaN: true }),
  timeToExpiryYears: fc.double({ min: 0.01, max: 5, noNaN: true }),
  volatility: fc.double({ min: 0.05, max: 1, noNaN: true }),
  rate: fc.double({ min: -0.01, max: 0.1, noNaN: true }),
});

describe('black76', () => {
  it('reproduces the textbook futures put (Hull: F=20, K=20, r=9%, sigma=25%, T=4 months) = 1.1166', () => {
    const put = black76Price({ kind: 'put', forward: 20, strike: 20, timeToExpiryYears: 4 / 12, volatility: 0.25, rate: 0.09 });
    expect(put).toBeCloseTo(1.1166, 4);
  });

  it('satisfies parity C - P = e^-rT (F - K)', () => {
    fc.assert(fc.property(arb, ({ moneyness, ...p }) => {
      const strike = p.forward * moneyness;
      const c = black76Price({ ...p, kind: 'call', strike });
      const q = black76Price({ ...p, kind: 'put', strike });
      return Math.abs(c - q - Math.exp(-p.rate * p.timeToExpiryYears) * (p.forward - strike)) <= 1e-12 * Math.max(p.forward, strike);
    }));
  });

  it('has rho = -T V (the forward held fixed) and delta as the forward finite difference', () => {
    fc.assert(fc.property(arb, ({ moneyness, ...p }) => {
      const params = { ...p, kind: 'call' as const, strike: p.forward * moneyness };
      const g = black76Greeks(params);
      const h = p.forward * 1e-5;
      const fdDelta = (black76Price({ ...params, forward: p.forward + h }) - black76Price({ ...params, forward: p.forward - h })) / (2 * h);
      const hr = 1e-6;
      const fdRho = (black76Price({ ...params, rate: p.rate + hr }) - black76Price({ ...params, rate: p.rate - hr })) / (2 * hr);
      return Math.abs(g.rho + p.timeToExpiryYears * g.price) <= 1e-10 * p.forward
        && Math.abs(fdDelta - g.delta) <= 1e-6 && Math.abs(fdRho - g.rho) <= 1e-5 * p.forward && g.dividendRho === 0;
    }));
  });
});
