import { describe, expect, it } from 'vitest';
import { monteCarloVar } from '../risk/monte-carlo-var.ts';
import { applyScenario } from './apply-scenario.ts';
import { monteCarloStress, regimePathCount, stressedCovariance } from './monte-carlo-stress.ts';
import type { MonteCarloStressResult } from './monte-carlo-stress.ts';
import type { MonteCarloStressSpec } from './scenario-definition.ts';
import { customScenario, FIXTURE_MARKET, FIXTURE_NAV, fixtureBook } from './stress-test-fixtures.ts';

const sd = [0.015, 0.02, 0.012];
const covariance = Float64Array.from({ length: 9 }, (_, k) => {
  const i = Math.floor(k / 3), j = k % 3;
  return (i === j ? 1 : 0.5) * sd[i]! * sd[j]!;
});

const spec = (over: Partial<MonteCarloStressSpec['stressedRegime']> = {}, rest: Partial<MonteCarloStressSpec> = {}): MonteCarloStressSpec => ({
  distribution: { kind: 'student-t', degreesOfFreedom: 4 }, horizonDays: 5,
  stressedRegime: { probability: 0.3, volatilityMultiplier: 2.5, correlationFloor: 0.7, impliedVolRelative: 0.5, ...over },
  confidence: 0.99, pathCount: 4000, seed: 7, ...rest,
});

function run(s: MonteCarloStressSpec, cov = covariance): MonteCarloStressResult {
  const r = monteCarloStress({ book: fixtureBook(), dailyCovariance: cov, spec: s, netAssetValue: FIXTURE_NAV });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('monteCarloStress', () => {
  it('is reproducible from its seed and records it', () => {
    const a = run(spec()), b = run(spec());
    expect(a.pathPnl).toEqual(b.pathPnl);
    expect(a.regimes.calm.seed).toBe(7);
    expect(a.regimes.stressed?.seed).toBe(8);
    expect(run(spec({}, { seed: 9 })).pathPnl).not.toEqual(a.pathPnl);
  });

  it('equals the risk engine Monte Carlo on the calm covariance when no path is stressed', () => {
    const s = spec({ probability: 0 });
    const mine = run(s);
    const engine = monteCarloVar({
      book: fixtureBook(), dailyCovariance: covariance, distribution: s.distribution, horizonDays: 5, pathCount: 4000, seed: 7,
      confidences: [0.99], gridCheckWindow: 0,
    });
    if (!engine.ok) throw new Error(engine.error.message);
    const var99 = mine.var.find((v) => v.confidence === 0.99)!.amount;
    expect(var99).toBeCloseTo(engine.value.var[0]!.amount, 8);
    expect(mine.regimes.stressed).toBe(null);
  });

  it('has fatter tails with a stressed regime than without', () => {
    const calm = run(spec({ probability: 0 }));
    const mixed = run(spec());
    const es = (r: MonteCarloStressResult): number => r.expectedShortfall.find((e) => e.confidence === 0.99)!.amount;
    expect(es(mixed)).toBeGreaterThan(es(calm));
    expect(mixed.regimes.stressed?.pathCount).toBe(1200);
  });

  it('prices the stressed regime with the shocked implied vols: with tiny spot moves its mean P&L is the deterministic vol shock', () => {
    const tiny = covariance.map((x) => x * 1e-10);
    const r = run(spec({ probability: 1, volatilityMultiplier: 1, correlationFloor: 0, impliedVolRelative: 0.5 }, { horizonDays: 1 }), tiny);
    const deterministic = applyScenario({
      book: fixtureBook(), market: FIXTURE_MARKET, netAssetValue: FIXTURE_NAV,
      scenario: customScenario([{ target: { market: true }, volatility: { relative: 0.5 }, days: 1 }]),
    });
    if (!deterministic.ok) throw new Error(deterministic.error.message);
    expect(r.pnl.mean).toBeCloseTo(deterministic.value.pnl.amount, 0);
    expect(Math.abs(r.pnl.mean - deterministic.value.pnl.amount)).toBeLessThan(1e-3 * Math.abs(deterministic.value.pnl.amount));
  });

  it('reports consistent tail statistics and a histogram of every path', () => {
    const r = run(spec());
    const v = r.var.map((x) => x.amount);
    for (let k = 1; k < v.length; k++) expect(v[k]!).toBeGreaterThanOrEqual(v[k - 1]!);
    r.var.forEach((x, k) => expect(r.expectedShortfall[k]!.amount).toBeGreaterThanOrEqual(x.amount));
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(4000);
    expect(r.headlineLoss.amount).toBe(r.expectedShortfall.find((e) => e.confidence === 0.99)!.amount);
  });

  it('scales vols and blends correlations toward one in the stressed covariance', () => {
    const s = stressedCovariance(covariance, 3, 2, 0.6);
    expect(s[0]).toBeCloseTo(4 * sd[0]! ** 2, 15);
    const rho = s[1]! / Math.sqrt(s[0]! * s[4]!);
    expect(rho).toBeCloseTo(0.6 + 0.4 * 0.5, 12);
  });

  it('never leaves a regime with exactly one path', () => {
    expect(regimePathCount(spec({ probability: 0.0004 }, { pathCount: 2500 }))).toBe(2);
    expect(regimePathCount(spec({ probability: 0.9996 }, { pathCount: 2500 }))).toBe(2500);
    expect(regimePathCount(spec({ probability: 0.25 }, { pathCount: 2500 }))).toBe(625);
  });
});

describe('monteCarloStress settings', () => {
  it('rejects a regime probability outside [0, 1] with the path of the problem', () => {
    const r = monteCarloStress({ book: fixtureBook(), dailyCovariance: covariance, spec: spec({ probability: 1.5 }), netAssetValue: FIXTURE_NAV });
    expect(r.ok).toBe(false);
    if (!r.ok) expect((r.error.details as { path: string }[]).map((d) => d.path)).toEqual(['simulation.stressedRegime.probability']);
  });
});

describe('monteCarloStress with a t copula', () => {
  it('runs with normal marginals and t dependence, reproducibly, and differs from the multivariate t', () => {
    const copula = spec({}, { distribution: { kind: 't-copula', degreesOfFreedom: 3 } });
    const a = run(copula), b = run(copula);
    expect(a.pathPnl).toEqual(b.pathPnl);
    expect(a.distribution.kind).toBe('t-copula');
    expect(a.pathPnl).not.toEqual(run(spec()).pathPnl);
    expect(a.conventions['distribution']).toContain('t copula');
  });
});
