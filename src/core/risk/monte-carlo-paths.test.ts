import { describe, expect, it } from 'vitest';
import { bjerksundStensland2002Price } from '../pricing/american-bjerksund-stensland.ts';
import { bsmPrice } from '../pricing/bsm-greeks.ts';
import { createPathContext, exactPathPnl, exactPnlOfRows } from './monte-carlo-paths.ts';
import { prepareMonteCarloPlan } from './monte-carlo-plan.ts';
import { testBook, testCovariance } from './monte-carlo-test-fixtures.ts';
import type { TestOption } from './monte-carlo-test-fixtures.ts';

const SHOCKS = [-0.25, -0.04, 0, 0.013, 0.3];

function contextFor(option: TestOption, horizonDays: number, ageOptions = true) {
  const prepared = prepareMonteCarloPlan({
    book: testBook({ spots: [80], stockUnits: [0], options: [option], rate: 0.05, dividendYield: 0.02 }),
    dailyCovariance: testCovariance([0.02], 0), horizonDays, ageOptions, revaluation: 'exact',
  });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return createPathContext(prepared.value.plan);
}

describe('exact revaluation of a path', () => {
  const params = (kind: 'call' | 'put', spot: number, days: number) =>
    ({ kind, spot, strike: 85, timeToExpiryYears: days / 365, volatility: 0.35, rate: 0.05, dividendYield: 0.02 }) as const;

  it.each(['call', 'put'] as const)('prices a European %s like bsmPrice at the shocked spot and aged expiry', (kind) => {
    const context = contextFor({ underlying: 0, kind, strike: 85, days: 40, volatility: 0.35, units: 300 }, 3);
    for (const x of SHOCKS) {
      const expected = 300 * (bsmPrice(params(kind, 80 * Math.exp(x), 37)) - bsmPrice(params(kind, 80, 40)));
      expect(exactPathPnl(context, Float64Array.of(x), 0)).toBeCloseTo(expected, 9);
    }
  });

  it('prices an American put by Bjerksund-Stensland 2002', () => {
    const context = contextFor({ underlying: 0, kind: 'put', strike: 85, days: 200, volatility: 0.35, units: -50, american: true }, 1);
    for (const x of SHOCKS) {
      const expected = -50 * (bjerksundStensland2002Price(params('put', 80 * Math.exp(x), 199)) - bjerksundStensland2002Price(params('put', 80, 200)));
      expect(exactPathPnl(context, Float64Array.of(x), 0)).toBeCloseTo(expected, 9);
    }
  });

  it('values an option that expires within the horizon at intrinsic', () => {
    const context = contextFor({ underlying: 0, kind: 'call', strike: 85, days: 2, volatility: 0.35, units: 10 }, 5);
    for (const x of SHOCKS) {
      const expected = 10 * (Math.max(80 * Math.exp(x) - 85, 0) - bsmPrice(params('call', 80, 2)));
      expect(exactPathPnl(context, Float64Array.of(x), 0)).toBeCloseTo(expected, 9);
    }
  });

  it('without ageing, a zero shock is a zero P&L; stocks move by units S (e^x - 1)', () => {
    const prepared = prepareMonteCarloPlan({
      book: testBook({ spots: [80, 20], stockUnits: [100, -300], options: [{ underlying: 1, kind: 'put', strike: 21, days: 90, volatility: 0.3, units: 500 }] }),
      dailyCovariance: testCovariance([0.02, 0.01], 0.5), ageOptions: false,
    });
    if (!prepared.ok) throw new Error(prepared.error.message);
    const context = createPathContext(prepared.value.plan);
    const out = new Float64Array(2);
    exactPnlOfRows({ context, rows: Float64Array.of(0, 0, 0.1, 0), out });
    expect(Math.abs(out[0]!)).toBeLessThan(1e-9);
    expect(out[1]).toBeCloseTo(100 * 80 * Math.expm1(0.1), 9);
  });
});
