import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricScore, riskLevel, type RiskLevelPolicy } from './risk-level.ts';

const policy: RiskLevelPolicy = {
  weights: { var95FractionOfNav: 0.5, currentDrawdown: 0.3, concentrationHhi: 0.2 },
  bands: { var95FractionOfNav: [0.015, 0.025, 0.04], currentDrawdown: [0.03, 0.07, 0.12], concentrationHhi: [0.15, 0.25, 0.4] },
  highVolatility: { threshold: 0.3, factor: 0.8 },
};

describe('riskLevel', () => {
  it('is LOW when every metric is under its first band', () => {
    const r = riskLevel({ var95FractionOfNav: 0.01, currentDrawdown: 0.01, concentrationHhi: 0.05 }, policy, 0.15);
    expect(r.level).toBe('LOW');
    expect(r.tightened).toBe(false);
  });

  it('names the metric that drives the level first', () => {
    const r = riskLevel({ var95FractionOfNav: 0.035, currentDrawdown: 0.01, concentrationHhi: 0.05 }, policy, 0.15);
    expect(r.drivers[0]?.metric).toBe('var95FractionOfNav');
    expect(r.level).toBe('MEDIUM');
  });

  it('raises to at least HIGH when one metric is beyond its critical band', () => {
    const r = riskLevel({ var95FractionOfNav: 0.001, currentDrawdown: 0.2, concentrationHhi: 0.01 }, policy, 0.1);
    expect(r.level).toBe('HIGH');
    expect(riskLevel({ var95FractionOfNav: 0.05, currentDrawdown: 0.2, concentrationHhi: 0.5 }, policy, 0.1).level).toBe('CRITICAL');
  });

  it('tightens bands in high volatility, so the same numbers score higher', () => {
    const values = { var95FractionOfNav: 0.022, currentDrawdown: 0.05, concentrationHhi: 0.2 };
    const calm = riskLevel(values, policy, 0.2);
    const wild = riskLevel(values, policy, 0.45);
    expect(wild.tightened).toBe(true);
    expect(wild.score).toBeGreaterThan(calm.score);
    expect(wild.drivers[0]?.bands[0]).toBeCloseTo(0.015 * 0.8, 15);
  });

  it('skips unavailable metrics and says so', () => {
    const r = riskLevel({ var95FractionOfNav: null, currentDrawdown: 0.01, concentrationHhi: 0.05 }, policy, null);
    expect(r.unavailable).toEqual(['var95FractionOfNav']);
    expect(r.drivers.map((d) => d.metric)).not.toContain('var95FractionOfNav');
  });

  it('scores monotonically in each metric', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      return metricScore(lo, [0.1, 0.2, 0.3]) <= metricScore(hi, [0.1, 0.2, 0.3]);
    }));
  });
});
