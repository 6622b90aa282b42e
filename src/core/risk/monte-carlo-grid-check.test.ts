import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { empiricalQuantile } from '../stats/empirical-quantile.ts';
import type { QuantileMethod } from '../stats/empirical-quantile.ts';
import { gridCheckWindows, gridErrorReport, tailRanksNeeded, varRanks } from './monte-carlo-grid-check.ts';

const sortedSample = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => -1000 + 3 * i + Math.sin(i));

describe('grid check', () => {
  it('varRanks names the order statistics empiricalQuantile reads', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 5_000 }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.constantFrom<QuantileMethod>('type7', 'type1', 'floor-index'), (n, c, method) => {
      const x = sortedSample(n);
      const q = empiricalQuantile({ sorted: x, probability: 1 - c, method });
      const r = varRanks({ pathCount: n, confidence: c, quantileMethod: method });
      expect(q).toBeGreaterThanOrEqual(x[r.first]!);
      expect(q).toBeLessThanOrEqual(x[r.last]!);
      expect(tailRanksNeeded({ pathCount: n, confidences: [c], quantileMethod: method, window: 3 })).toBeGreaterThan(Math.min(r.last + 1, n - 1));
    }));
  });

  it('reports the exact VaR and a covering window when the errors are small', () => {
    const grid = sortedSample(1_000);
    const windows = gridCheckWindows({ pathCount: 1_000, confidences: [0.99], quantileMethod: 'type7', window: 5 });
    const w = windows[0]!;
    const exact = Float64Array.from({ length: w.last - w.first + 1 }, (_, k) => grid[w.first + k]! + 0.01);
    const report = gridErrorReport({ partiallySortedPnl: grid, windows, exactPnl: exact, confidences: [0.99], quantileMethod: 'type7', gridVar: [-empiricalQuantile({ sorted: grid, probability: 0.01 })] });
    expect(report.checkedPathCount).toBe(12); // type 7 reads two order statistics, plus 5 on each side
    expect(report.maxAbsErrorPerPath).toBeCloseTo(0.01, 12);
    expect(report.var[0]!.gridAmount - report.var[0]!.exactAmount).toBeCloseTo(0.01, 9);
    expect(report.windowCoversError).toBe(true);
  });

  it('flags a window that an error of the measured size could cross', () => {
    const grid = sortedSample(1_000);
    const windows = gridCheckWindows({ pathCount: 1_000, confidences: [0.99], quantileMethod: 'floor-index', window: 2 });
    const w = windows[0]!;
    const exact = Float64Array.from({ length: w.last - w.first + 1 }, (_, k) => grid[w.first + k]!);
    exact[0]! += 50; // 50 > the 3-unit spacing of the sample: paths outside the window could cross too
    const report = gridErrorReport({ partiallySortedPnl: grid, windows, exactPnl: exact, confidences: [0.99], quantileMethod: 'floor-index', gridVar: [0] });
    expect(report.maxAbsErrorPerPath).toBe(50);
    expect(report.windowCoversError).toBe(false);
  });

  it('merges overlapping windows', () => {
    expect(gridCheckWindows({ pathCount: 100, confidences: [0.95, 0.96], quantileMethod: 'floor-index', window: 2 })).toEqual([{ first: 2, last: 7 }]);
    expect(gridCheckWindows({ pathCount: 1_000, confidences: [0.9, 0.99], quantileMethod: 'floor-index', window: 2 })).toEqual([{ first: 8, last: 12 }, { first: 98, last: 102 }]);
  });
});
