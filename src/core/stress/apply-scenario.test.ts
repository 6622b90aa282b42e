import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bjerksundStensland2002Price, bsmGreeks, bsmPrice } from '../pricing/index.ts';
import type { OptionParams } from '../pricing/option-types.ts';
import { applyScenario } from './apply-scenario.ts';
import type { StressResult } from './apply-scenario.ts';
import type { ScenarioShock } from './scenario-definition.ts';
import { customScenario, FIXTURE_MARKET, FIXTURE_NAV, FIXTURE_OPTIONS, FIXTURE_UNDERLYINGS, fixtureBook } from './stress-test-fixtures.ts';

function run(shocks: readonly ScenarioShock[], extra: Partial<Parameters<typeof applyScenario>[0]> = {}): StressResult {
  const r = applyScenario({ book: fixtureBook(), market: FIXTURE_MARKET, scenario: customScenario(shocks), netAssetValue: FIXTURE_NAV, ...extra });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details)}`);
  return r.value;
}

const relClose = (got: number, want: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(want), 1e-6));
};

/** The independent computation: each option's closed form at base and at the hand-shocked inputs. */
function closedForm(o: (typeof FIXTURE_OPTIONS)[number], p: OptionParams): number {
  return o.exercise === 'american' ? bjerksundStensland2002Price(p) : bsmPrice(p);
}

function baseParams(o: (typeof FIXTURE_OPTIONS)[number]): OptionParams {
  const u = FIXTURE_UNDERLYINGS[o.underlying]!;
  return {
    kind: o.kind, spot: u.spot, strike: o.strike, timeToExpiryYears: o.timeToExpiryYears, volatility: o.volatility,
    rate: o.rate, dividendYield: u.dividendYield ?? 0,
  };
}

describe('applyScenario', () => {
  it('reprices every option under fixed spot, vol, rate and time shocks like the closed forms, to 1e-9 relative', () => {
    const shocks: ScenarioShock[] = [
      { target: { market: true }, spot: { relative: -0.1 }, volatility: { relative: 0.5 }, rateBp: 100, days: 7 },
      { target: { underlying: 'BBB' }, spot: { relative: 0.05 }, volatility: { absolute: 0.03 } },
      { target: { sector: 'Information Technology' }, dividend: { absolute: -0.005 } },
    ];
    const result = run(shocks);
    const factor = [1 - 0.1 * 1.2, (1 - 0.1 * 0.8) * 1.05, 1 - 0.1 * 1.5];
    let total = 0;
    FIXTURE_OPTIONS.forEach((o, j) => {
      const base = baseParams(o);
      const tech = o.underlying !== 1;
      const shocked: OptionParams = {
        ...base, spot: base.spot * factor[o.underlying]!, timeToExpiryYears: base.timeToExpiryYears - 7 / 365,
        volatility: base.volatility * 1.5 + (o.underlying === 1 ? 0.03 : 0), rate: base.rate + 0.01,
        dividendYield: base.dividendYield + (tech ? -0.005 : 0),
      };
      const want = o.units * (closedForm(o, shocked) - closedForm(o, base));
      relClose(result.byPosition.optionPnl[j]!, want);
      total += want;
    });
    FIXTURE_UNDERLYINGS.forEach((u, i) => {
      const want = (u.stockUnits ?? 0) * u.spot * (factor[i]! - 1);
      relClose(result.byPosition.stockPnl[i]!, want);
      total += want;
    });
    relClose(result.pnl.amount, total);
    relClose(result.pnl.fractionOfNav, total / FIXTURE_NAV);
    expect(result.horizonDays).toBe(7);
  });

  it('moves option values and not stock values under a pure volatility shock', () => {
    const result = run([{ target: { market: true }, volatility: { relative: 0.4 } }]);
    for (const x of result.byPosition.stockPnl) expect(x === 0).toBe(true);
    for (const x of result.byPosition.optionPnl) expect(Math.abs(x)).toBeGreaterThan(1e-6);
    for (const u of result.byUnderlying) expect(u.stockPnl === 0).toBe(true);
    // long vega (calls bought on AAA) gains, short vega (calls sold on CCC) loses
    expect(result.byPosition.optionPnl[0]!).toBeGreaterThan(0);
    expect(result.byPosition.optionPnl[3]!).toBeLessThan(0);
  });

  it('sums by position, by underlying and in total to the same P&L', () => {
    const result = run([{ target: { market: true }, spot: { relative: -0.2 }, volatility: { relative: 0.6 } }]);
    const byPosition = [...result.byPosition.optionPnl, ...result.byPosition.stockPnl].reduce((a, b) => a + b, 0);
    const byUnderlying = result.byUnderlying.reduce((a, u) => a + u.pnl, 0);
    relClose(byPosition, result.pnl.amount);
    relClose(byUnderlying, result.pnl.amount);
    relClose(result.stressedValue - result.baseValue, result.revaluationPnl);
  });

  it('lists the worst contributors from the most negative, all of them losses', () => {
    const result = run([{ target: { market: true }, spot: { relative: -0.15 } }], { worstContributorCount: 3 });
    const all = [...result.byPosition.optionPnl, ...result.byPosition.stockPnl].filter((x) => x < 0).sort((a, b) => a - b);
    expect(result.worstContributors.map((c) => c.pnl)).toEqual(all.slice(0, 3));
    const first = result.worstContributors[0]!;
    expect(first.kind === 'stock' ? first.position : typeof first.position).not.toBe(undefined);
  });

  it('recomputes Greeks at the shocked inputs (BSM Greeks at the shocked spot and vol)', () => {
    const result = run([{ target: { market: true }, spot: { relative: -0.3 }, volatility: { relative: 0.5 } }]);
    // AAA (beta 1.2): spot 64, 500 shares, options 0 and 1 (both European)
    const s = 64;
    let dollarDelta = 500 * s, vega = 0, theta = 0, gamma = 0;
    for (const j of [0, 1]) {
      const o = FIXTURE_OPTIONS[j]!;
      const g = bsmGreeks({ ...baseParams(o), spot: s, volatility: o.volatility * 1.5 });
      dollarDelta += o.units * g.delta * s;
      gamma += o.units * g.gamma * s * s * 0.01;
      vega += o.units * g.vega * 0.01;
      theta += (o.units * g.theta) / 365;
    }
    const aaa = result.byUnderlying[0]!.greeksAfter;
    relClose(aaa.dollarDelta, dollarDelta);
    relClose(aaa.dollarGammaPer1Pct, gamma);
    relClose(aaa.vegaPerVolPoint, vega);
    relClose(aaa.thetaPerDay, theta);
    expect(Math.abs(result.greeksAfter.dollarDelta - result.greeksBefore.dollarDelta)).toBeGreaterThan(1000);
  });

  it('scales vol shocks by term: a 10-day option gets a larger vol move than a 1.5-year one', () => {
    const shock: ScenarioShock = { target: { market: true }, volatility: { absolute: 0.1, termScaling: { referenceDays: 30, exponent: 0.5, maxFactor: 2 } } };
    const short = run([shock]);
    const flat = run([{ target: { market: true }, volatility: { absolute: 0.1 } }]);
    // option 2 (10 days): factor min(2, sqrt(3)) = 1.73 > 1; option 3 (547 days): factor 0.23 < 1
    expect(Math.abs(short.byPosition.optionPnl[2]!)).toBeGreaterThan(Math.abs(flat.byPosition.optionPnl[2]!));
    expect(Math.abs(short.byPosition.optionPnl[3]!)).toBeLessThan(Math.abs(flat.byPosition.optionPnl[3]!));
  });

  it('steepens only the put wing: strikes below the shocked spot gain vol, strikes above keep theirs', () => {
    const result = run([{ target: { market: true }, skew: { volPerLogMoneyness: 0.5 } }]);
    // option 1: put K 90 < S 100 (gains value for the short -> loss); option 0: call K 105 > S 100 (unchanged)
    expect(result.byPosition.optionPnl[1]!).toBeLessThan(0);
    expect(result.byPosition.optionPnl[0]!).toBe(0);
  });

  it('rejects a scenario that makes a volatility negative, with the option in the details', () => {
    const r = applyScenario({
      book: fixtureBook(), market: FIXTURE_MARKET, netAssetValue: FIXTURE_NAV,
      scenario: customScenario([{ target: { underlying: 'CCC' }, volatility: { absolute: -0.21 } }]),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_SCENARIO');
    expect((r.error.details as { message: string }[]).map((d) => d.message).join()).toContain('position 6');
  });

  it('charges the liquidation cost of the stated formula and subtracts it from the P&L', () => {
    const liquidity = { spreadWideningMultiplier: 3, haircutByBucket: { liquid: 0.01, moderate: 0.03, illiquid: 0.1 }, volumeFactor: 0.5 };
    const result = run([{ target: { underlying: 'AAA' }, liquidity }], {
      liquidityMarket: { averageDailyVolumeShares: Float64Array.from([1e6, 1e6, 1e6]), stockHalfSpreadFraction: 0.001, optionHalfSpreadFraction: 0.02, participationRate: 0.1 },
    });
    const aaa = result.liquidity?.byUnderlying[0];
    expect(aaa).not.toBe(null);
    expect(result.liquidity?.byUnderlying[1]).toBe(null);
    // no price move: gross values are today's; 500 shares + |deltas| << 50,000 shares a day -> liquid
    const book = fixtureBook();
    const c0 = bsmPrice(baseParams(FIXTURE_OPTIONS[0]!)) * 1000;
    const p1 = bsmPrice(baseParams(FIXTURE_OPTIONS[1]!)) * 500;
    const want = 500 * book.spots[0]! * (0.001 * 3 + 0.01) + (c0 + p1) * (0.02 * 3 + 0.01);
    expect(aaa?.bucket).toBe('liquid');
    relClose(result.liquidityCost, want);
    relClose(result.pnl.amount, result.revaluationPnl - want);
  });

  it('applies a market move through each beta and an own-sigma move without beta', () => {
    const crash = run([{ target: { market: true }, spot: { relative: -0.1 } }]);
    [0.88, 0.92, 0.85].forEach((f, i) => relClose(crash.byUnderlying[i]!.spotFactor, f));
    const sigma = run([{ target: { market: true }, spot: { sigmas: -2.326, horizonDays: 10 } }]);
    sigma.byUnderlying.forEach((u, i) => {
      relClose(u.spotFactor, Math.exp(-2.326 * FIXTURE_MARKET.dailyLogReturnSd![i]! * Math.sqrt(10)));
    });
  });

  it('reports targets the book does not hold instead of failing', () => {
    const result = run([{ target: { sector: 'Energy' }, spot: { relative: 0.1 } }, { target: { underlying: 'ZZZ' }, spot: { relative: -0.5 } }]);
    expect(result.unmatchedTargets).toEqual(['sector:Energy', 'underlying:ZZZ']);
    expect(result.pnl.amount).toBe(0);
  });

  it('loses more on a long-stock-long-call book the further the market falls (property)', () => {
    fc.assert(fc.property(fc.double({ min: -0.9, max: -0.01, noNaN: true }), fc.double({ min: 0.001, max: 0.3, noNaN: true }), (a, gap) => {
      const b = Math.max(-0.95, a - gap);
      const small = run([{ target: { underlying: 'AAA' }, spot: { relative: a } }]).byUnderlying[0]!;
      const big = run([{ target: { underlying: 'AAA' }, spot: { relative: b } }]).byUnderlying[0]!;
      // AAA holds 500 shares, +1000 calls, -500 puts: delta >= 0 everywhere, so P&L falls with spot
      expect(big.pnl).toBeLessThanOrEqual(small.pnl + 1e-9);
    }), { numRuns: 40 });
  });
});
