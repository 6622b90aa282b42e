import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calmarRatio, drawdownAnalysis } from './drawdown-analysis.ts';

/** Simple returns that move the wealth index through the given levels, starting from 1. */
const path = (...levels: number[]): Float64Array => Float64Array.from(levels, (w, i) => w / (i === 0 ? 1 : levels[i - 1]!) - 1);

describe('drawdown analysis', () => {
  it('finds peak, trough and recovery of the deepest drawdown with their durations', () => {
    // W: 1, 1.2, 0.9, 1.0, 1.2, 1.3, 1.1, 1.2
    const d = drawdownAnalysis(path(1.2, 0.9, 1.0, 1.2, 1.3, 1.1, 1.2));
    expect(d.maxDrawdown).toBeCloseTo(0.25, 14);
    expect([d.peakIndex, d.troughIndex, d.recoveryIndex]).toEqual([1, 2, 4]);
    expect([d.peakToTroughPeriods, d.peakToRecoveryPeriods, d.peakToRecoveryOrEndPeriods]).toEqual([1, 3, 3]);
    // episodes: 1 -> 4 (3 periods) and 5 -> open at 7 (2 periods)
    expect([d.longestUnderwaterPeriods, d.longestUnderwaterIsOpen, d.underwaterCount]).toEqual([3, false, 4]);
    expect(d.maxDrawdownAbs).toBeCloseTo(0.3, 14);
    expect(d.totalReturn).toBeCloseTo(0.2, 14);
    expect(d.recoveryFactor).toBeCloseTo(0.8, 13);
    const dd = [0, 0, -0.25, -1 / 6, 0, 0, -2 / 13, -1 / 13];
    expect(d.painIndex).toBeCloseTo(dd.reduce((a, b) => a - b, 0) / 7, 14);
    expect(d.ulcerIndex).toBeCloseTo(Math.sqrt(dd.reduce((a, b) => a + b * b, 0) / 7), 14);
  });
  it('leaves an unrecovered drawdown open to the last date', () => {
    const d = drawdownAnalysis(path(1.1, 1.1, 0.8, 0.9));
    expect([d.peakIndex, d.troughIndex, d.recoveryIndex, d.peakToRecoveryPeriods]).toEqual([2, 3, null, null]);
    expect(d.peakToRecoveryOrEndPeriods).toBe(2);
    expect([d.longestUnderwaterPeriods, d.longestUnderwaterIsOpen]).toEqual([2, true]);
  });
  it('takes the last of equal highs as the peak', () => {
    const d = drawdownAnalysis(path(1.1, 1.0, 1.1, 0.9, 1.2));
    expect([d.peakIndex, d.troughIndex, d.recoveryIndex]).toEqual([3, 4, 5]);
  });
  it('reports no drawdown for a rising series', () => {
    const d = drawdownAnalysis(path(1.01, 1.02, 1.03));
    expect([d.maxDrawdown, d.peakIndex, d.troughIndex, d.recoveryIndex, d.longestUnderwaterPeriods]).toEqual([0, 0, 0, null, 0]);
    expect(calmarRatio({ simpleReturns: path(1.01, 1.02, 1.03), periodsPerYear: 252 })).toBe(Number.POSITIVE_INFINITY);
  });
  it('keeps every drawdown within [-max drawdown, 0] and the pain index below the ulcer index', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 200 }), (xs) => {
        const d = drawdownAnalysis(Float64Array.from(xs));
        for (const v of d.underwater) {
          expect(v).toBeLessThanOrEqual(0);
          expect(v).toBeGreaterThanOrEqual(-d.maxDrawdown);
        }
        expect(d.painIndex).toBeLessThanOrEqual(d.ulcerIndex + 1e-15);
        expect(d.peakIndex).toBeLessThanOrEqual(d.troughIndex);
      }),
    );
  });
});
