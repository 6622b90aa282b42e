import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaAlpha } from './beta-alpha.ts';
import { correlationMatrix, covarianceMatrix, covarianceToCorrelation } from './covariance-matrix.ts';
import { ewmaCovariance } from './ewma-covariance.ts';
import { herfindahlIndex } from './herfindahl-index.ts';
import { seriesMatrixColumn, seriesMatrixFromColumns } from './series-matrix.ts';
import { averageRanks, spearmanCorrelationMatrix } from './spearman-correlation.ts';

const panelArb = fc
  .integer({ min: 1, max: 5 })
  .chain((cols) => fc.array(fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: cols, maxLength: cols }), { minLength: 3, maxLength: 40 }))
  .map((rows) => ({ values: Float64Array.from(rows.flat()), rows: rows.length, columns: rows[0]!.length }));

describe('covariance and correlation matrices', () => {
  it('uses the n-1 denominator by default and n on request', () => {
    const m = seriesMatrixFromColumns([Float64Array.of(1, 2, 3, 4), Float64Array.of(2, 4, 6, 9)]);
    const s = covarianceMatrix({ returns: m });
    expect(s[0]).toBeCloseTo(5 / 3, 14);
    expect(s[1]).toBeCloseTo(s[2]!, 15);
    expect(covarianceMatrix({ returns: m, denominator: 'n' })[0]).toBeCloseTo(5 / 4, 14);
  });
  it('is symmetric with a unit-diagonal correlation bounded by 1 in absolute value', () => {
    fc.assert(
      fc.property(panelArb, (panel) => {
        const d = panel.columns;
        const cov = covarianceMatrix({ returns: panel });
        const { correlation, sd } = covarianceToCorrelation({ covariance: cov, dimension: d });
        for (let i = 0; i < d; i++) {
          expect(cov[i * d + i]).toBeGreaterThanOrEqual(0);
          for (let j = 0; j < d; j++) {
            expect(cov[i * d + j]).toBe(cov[j * d + i]);
            if (sd[i]! > 1e-9 && sd[j]! > 1e-9) expect(Math.abs(correlation[i * d + j]!)).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
      }),
    );
  });
  it('gives correlation 1 for perfectly linear columns', () => {
    const m = seriesMatrixFromColumns([Float64Array.of(0.01, -0.02, 0.03), Float64Array.of(0.03, -0.03, 0.07)]);
    expect(correlationMatrix({ returns: m })[1]).toBeCloseTo(1, 14);
  });
  it('EWMA equals the RiskMetrics recursion from zero, rescaled by 1 - lambda^T', () => {
    fc.assert(
      fc.property(panelArb, fc.double({ min: 0.5, max: 0.99, noNaN: true }), (panel, lambda) => {
        const d = panel.columns;
        const rec = new Float64Array(d * d);
        for (let t = 0; t < panel.rows; t++) {
          for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
            rec[i * d + j] = lambda * rec[i * d + j]! + (1 - lambda) * panel.values[t * d + i]! * panel.values[t * d + j]!;
          }
        }
        const ewma = ewmaCovariance({ returns: panel, lambda });
        const scale = 1 - lambda ** panel.rows;
        ewma.forEach((v, k) => expect(Math.abs(v - rec[k]! / scale)).toBeLessThanOrEqual(1e-15 + 1e-10 * Math.abs(v)));
      }),
    );
  });
  it('EWMA of a constant row is exactly that row outer product (weights sum to 1)', () => {
    const m = seriesMatrixFromColumns([Float64Array.of(0.01, 0.01, 0.01), Float64Array.of(-0.02, -0.02, -0.02)]);
    const e = ewmaCovariance({ returns: m });
    expect(e[0]).toBeCloseTo(1e-4, 18);
    expect(e[1]).toBeCloseTo(-2e-4, 18);
  });
  it('ranks ties by their average rank and gives Spearman 1 for monotone columns', () => {
    expect(Array.from(averageRanks(Float64Array.of(0.3, 0.1, 0.3, 0.2)))).toEqual([3.5, 1, 3.5, 2]);
    const m = seriesMatrixFromColumns([Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 8, 27, 1000)]);
    expect(spearmanCorrelationMatrix({ returns: m })[1]).toBeCloseTo(1, 14);
    expect(Array.from(seriesMatrixColumn(m, 1))).toEqual([1, 8, 27, 1000]);
  });
});

describe('beta, alpha and concentration', () => {
  it('finds beta 2 and zero alpha for a series that is twice its benchmark', () => {
    const b = Float64Array.of(0.01, -0.02, 0.015, 0.0);
    const r = b.map((x) => 2 * x);
    const res = betaAlpha({ returns: r, benchmarkReturns: b, periodsPerYear: 252 });
    expect(res.beta).toBeCloseTo(2, 14);
    expect(res.alphaPerPeriod).toBeCloseTo(0, 16);
    expect(res.correlation).toBeCloseTo(1, 14);
  });
  it('annualises Jensen alpha arithmetically with the per-period risk-free rate', () => {
    const b = Float64Array.of(0.01, -0.02, 0.015, 0.0);
    const r = b.map((x) => x + 0.001);
    const res = betaAlpha({ returns: r, benchmarkReturns: b, rfAnnual: 0.0252, periodsPerYear: 252 });
    expect(res.alphaPerPeriod).toBeCloseTo(0.001, 15);
    expect(res.alphaAnnualized).toBeCloseTo(0.252, 12);
  });
  it('computes HHI from absolute weights, 1/N for equal weights and 1 normalised for one name', () => {
    expect(herfindahlIndex(Float64Array.of(0.25, 0.25, 0.25, 0.25))).toEqual({ hhi: 0.25, normalized: 0 });
    expect(herfindahlIndex(Float64Array.of(0.5, -0.5)).hhi).toBe(0.5);
    expect(herfindahlIndex(Float64Array.of(3))).toEqual({ hhi: 1, normalized: 1 });
  });
});
