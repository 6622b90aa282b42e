import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { herfindahlIndex } from '../stats/herfindahl-index.ts';
import { concentration, exposureConcentration } from './concentration.ts';

const exposuresArb = fc.array(fc.double({ min: -1e7, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 60 })
  .filter((x) => x.some((v) => v !== 0))
  .map((x) => Float64Array.from(x));

describe('exposureConcentration', () => {
  it('is 1/N for N equal absolute exposures and 1 for a single one', () => {
    const m = exposureConcentration({ exposures: Float64Array.of(5, -5, 5, -5) });
    expect(m.hhi).toBeCloseTo(0.25, 15);
    expect(m.normalizedHhi).toBeCloseTo(0, 15);
    expect(m.topShare).toBeCloseTo(1, 15);
    const single = exposureConcentration({ exposures: Float64Array.of(0, -3e6, 0) });
    expect([single.hhi, single.normalizedHhi, single.nonZeroCount]).toEqual([1, 1, 1]);
  });

  it('lies in [1/N, 1], equals core/stats herfindahlIndex and lists the largest weights first', () => {
    fc.assert(fc.property(exposuresArb, fc.integer({ min: 1, max: 8 }), (x, topN) => {
      const m = exposureConcentration({ exposures: x, topN });
      expect(m.hhi).toBeCloseTo(herfindahlIndex(x).hhi, 12);
      expect(m.hhi).toBeGreaterThanOrEqual(1 / m.nonZeroCount - 1e-12);
      expect(m.hhi).toBeLessThanOrEqual(1 + 1e-12);
      expect(m.top.length).toBe(Math.min(topN, m.nonZeroCount));
      const sortedWeights = Array.from(x, (v) => Math.abs(v) / m.grossExposure).sort((a, b) => b - a);
      m.top.forEach((t, k) => expect(t.weight).toBeCloseTo(sortedWeights[k]!, 12));
      expect(m.topShare).toBeCloseTo(sortedWeights.slice(0, topN).reduce((s, w) => s + w, 0), 12);
    }));
  });

  it('returns zeros, not NaN, when there is no exposure', () => {
    expect(exposureConcentration({ exposures: new Float64Array(3) })).toMatchObject({ hhi: 0, topShare: 0, grossExposure: 0 });
  });
});

describe('concentration', () => {
  it('nets exposures within an underlying, sector or strategy before weighting', () => {
    const r = concentration({
      positionExposures: Float64Array.of(100, -40, 60, 200),
      positionLabels: ['p1', 'p2', 'p3', 'p4'],
      underlyingLabels: ['AAA', 'AAA', 'BBB', 'CCC'],
      sectorLabels: Int32Array.of(1, 1, 1, 2),
      strategyLabels: ['hedge', 'hedge', 'hedge', 'hedge'],
      topN: 2,
    });
    if (!r.ok) throw new Error(r.error.message);
    const { byPosition, byUnderlying, bySector, byStrategy } = r.value;
    expect(byPosition.grossExposure).toBe(400);
    expect(byPosition.top).toEqual([{ label: 'p4', weight: 0.5 }, { label: 'p1', weight: 0.25 }]);
    expect(byUnderlying!.grossExposure).toBe(320); // |100 - 40| + 60 + 200
    expect(byUnderlying!.hhi).toBeCloseTo((60 ** 2 + 60 ** 2 + 200 ** 2) / 320 ** 2, 15);
    expect(byUnderlying!.top[0]).toEqual({ label: 'CCC', weight: 200 / 320 });
    expect(bySector!.hhi).toBeCloseTo((120 ** 2 + 200 ** 2) / 320 ** 2, 15);
    expect(byStrategy!.hhi).toBe(1);
  });

  it('rejects label arrays of the wrong length and non-finite exposures', () => {
    const short = concentration({ positionExposures: Float64Array.of(1, 2), sectorLabels: ['x'] });
    expect(short.ok ? null : short.error.code).toBe('INVALID_PARAMETERS');
    const nan = concentration({ positionExposures: Float64Array.of(1, Number.NaN) });
    expect(nan.ok ? null : nan.error.code).toBe('INVALID_PARAMETERS');
  });
});
