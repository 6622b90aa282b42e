import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky } from './cholesky.ts';
import { choleskyWithRepair } from './cholesky-with-repair.ts';
import { nearestCorrelation } from './nearest-correlation.ts';
import { symmetricEigen } from './symmetric-eigen.ts';

/** A random symmetric positive-definite matrix B B^T + 0.1 I of dimension d. */
const spdArb = fc.integer({ min: 1, max: 8 }).chain((d) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d * d, maxLength: d * d }).map((b) => {
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      let s = i === j ? 0.1 : 0;
      for (let k = 0; k < d; k++) s += b[i * d + k]! * b[j * d + k]!;
      a[i * d + j] = s;
    }
    return { matrix: a, dimension: d };
  }),
);

/** A symmetric matrix with unit diagonal and off-diagonal entries in [-1, 1]: often not PSD. */
const pseudoCorrelationArb = fc.integer({ min: 2, max: 8 }).chain((d) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d * d, maxLength: d * d }).map((r) => {
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = i === j ? 1 : r[Math.min(i, j) * d + Math.max(i, j)]!;
    return { matrix: a, dimension: d };
  }),
);

function multiplyLowerByTranspose(l: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += l[i * d + k]! * l[j * d + k]!;
    out[i * d + j] = s;
  }
  return out;
}

const minEigenvalue = (m: Float64Array, d: number): number => symmetricEigen({ matrix: m, dimension: d }).values[0]!;

describe('Cholesky', () => {
  it('reproduces the matrix: L L^T = A, with L lower triangular', () => {
    fc.assert(
      fc.property(spdArb, ({ matrix, dimension: d }) => {
        const l = cholesky({ matrix, dimension: d });
        if (!l.ok) throw new Error(l.error.message);
        const back = multiplyLowerByTranspose(l.value, d);
        const scale = Math.max(...matrix.map(Math.abs));
        back.forEach((v, k) => expect(Math.abs(v - matrix[k]!)).toBeLessThanOrEqual(1e-12 * scale));
        for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) expect(l.value[i * d + j]).toBe(0);
      }),
    );
  });
  it('reports a matrix that is not positive definite with the failing pivot', () => {
    const r = cholesky({ matrix: Float64Array.of(1, 2, 2, 1), dimension: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('NOT_POSITIVE_DEFINITE');
      expect(r.error.details).toEqual({ pivotIndex: 1, pivotValue: -3 });
    }
  });
});

describe('symmetric eigen-decomposition', () => {
  it('satisfies A v = lambda v with orthonormal vectors, ascending values', () => {
    fc.assert(
      fc.property(spdArb, ({ matrix, dimension: d }) => {
        const { values, vectors } = symmetricEigen({ matrix, dimension: d });
        const scale = Math.max(...matrix.map(Math.abs));
        for (let k = 0; k < d; k++) {
          if (k > 0) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]!);
          for (let i = 0; i < d; i++) {
            let av = 0;
            for (let j = 0; j < d; j++) av += matrix[i * d + j]! * vectors[j * d + k]!;
            expect(Math.abs(av - values[k]! * vectors[i * d + k]!)).toBeLessThanOrEqual(1e-11 * scale);
          }
          let norm = 0;
          for (let i = 0; i < d; i++) norm += vectors[i * d + k]! ** 2;
          expect(norm).toBeCloseTo(1, 12);
        }
      }),
    );
  });
});

describe('Higham nearest correlation matrix', () => {
  it("reproduces Higham's (2002) example to the published 4 decimals", () => {
    const r = nearestCorrelation({ matrix: Float64Array.of(1, 1, 0, 1, 1, 1, 0, 1, 1), dimension: 3 });
    if (!r.ok) throw new Error(r.error.message);
    const want = [1, 0.7607, 0.1573, 0.7607, 1, 0.7607, 0.1573, 0.7607, 1];
    r.value.matrix.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 4));
  });
  it('returns a symmetric positive-definite matrix with unit diagonal', () => {
    fc.assert(
      fc.property(pseudoCorrelationArb, ({ matrix, dimension: d }) => {
        const r = nearestCorrelation({ matrix, dimension: d });
        if (!r.ok) throw new Error(r.error.message);
        const x = r.value.matrix;
        for (let i = 0; i < d; i++) {
          expect(x[i * d + i]).toBe(1);
          for (let j = 0; j < d; j++) expect(x[i * d + j]).toBe(x[j * d + i]);
        }
        expect(minEigenvalue(x, d)).toBeGreaterThan(0);
        expect(cholesky({ matrix: x, dimension: d }).ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
  it('leaves a valid correlation matrix (almost) unchanged', () => {
    const c = Float64Array.of(1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1);
    const r = nearestCorrelation({ matrix: c, dimension: 3 });
    if (!r.ok) throw new Error(r.error.message);
    r.value.matrix.forEach((v, k) => expect(Math.abs(v - c[k]!)).toBeLessThan(1e-12));
  });
});

describe('Cholesky with repair', () => {
  it('factors a positive-definite matrix without repair', () => {
    const r = choleskyWithRepair({ matrix: Float64Array.of(4, 2, 2, 3), dimension: 2, kind: 'covariance' });
    expect(r.ok && r.value.repaired).toBe(false);
  });
  it('repairs a covariance matrix through its correlation and keeps the variances', () => {
    // correlations 0.9, 0.9, -0.9: impossible together
    const sd = [0.1, 0.2, 0.3];
    const rho = [1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1];
    const cov = Float64Array.from(rho, (v, k) => v * sd[Math.floor(k / 3)]! * sd[k % 3]!);
    const r = choleskyWithRepair({ matrix: cov, dimension: 3, kind: 'covariance' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.repaired).toBe(true);
    sd.forEach((s, i) => expect(r.value.matrix[i * 3 + i]).toBeCloseTo(s * s, 15));
    multiplyLowerByTranspose(r.value.factor, 3).forEach((v, k) => expect(v).toBeCloseTo(r.value.matrix[k]!, 14));
  });
  it('refuses to repair a covariance matrix with a zero variance', () => {
    const r = choleskyWithRepair({ matrix: Float64Array.of(0, 0, 0, 1), dimension: 2, kind: 'covariance' });
    expect(!r.ok && r.error.code).toBe('INVALID_MATRIX');
  });
});
