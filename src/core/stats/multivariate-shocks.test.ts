import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillAntitheticNormals, spreadAntitheticPairs } from './antithetic.ts';
import { cholesky } from './cholesky.ts';
import { fillGaussianCopula, fillStudentTCopula } from './copula.ts';
import { fillCorrelatedShocks } from './multivariate-shocks.ts';
import { Xoshiro256StarStar } from './xoshiro256-star-star.ts';

const d = 3;
const sd = [0.01, 0.02, 0.015];
const rho = [1, 0.6, -0.3, 0.6, 1, 0.2, -0.3, 0.2, 1];
const sigma = Float64Array.from(rho, (r, k) => r * sd[Math.floor(k / d)]! * sd[k % d]!);
const factor = (m: Float64Array): Float64Array => {
  const l = cholesky({ matrix: m, dimension: m.length === 4 ? 2 : d });
  if (!l.ok) throw new Error(l.error.message);
  return l.value;
};

function sampleMoments(x: Float64Array, paths: number): { mean: number[]; cov: number[] } {
  const mean = [0, 0, 0], cov = new Array<number>(d * d).fill(0);
  for (let p = 0; p < paths; p++) for (let i = 0; i < d; i++) mean[i]! += x[p * d + i]! / paths;
  for (let p = 0; p < paths; p++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    cov[i * d + j]! += ((x[p * d + i]! - mean[i]!) * (x[p * d + j]! - mean[j]!)) / (paths - 1);
  }
  return { mean, cov };
}

describe('correlated shocks', () => {
  const paths = 200_000;
  it('normal: sample mean and covariance match Sigma within standard errors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const out = new Float64Array(paths * d);
        fillCorrelatedShocks({ rng: new Xoshiro256StarStar(seed), choleskyFactor: factor(sigma), dimension: d, pathCount: paths, out });
        const { mean, cov } = sampleMoments(out, paths);
        for (let i = 0; i < d; i++) {
          expect(Math.abs(mean[i]!)).toBeLessThan(5 * Math.sqrt(sigma[i * d + i]! / paths));
          for (let j = 0; j < d; j++) {
            const s = sigma[i * d + j]!;
            const se = Math.sqrt((sigma[i * d + i]! * sigma[j * d + j]! + s * s) / paths);
            expect(Math.abs(cov[i * d + j]! - s)).toBeLessThan(5 * se);
          }
        }
      }),
      { numRuns: 4 },
    );
  });
  it('student-t: covariance equals Sigma (not Sigma df/(df-2)) within standard errors', () => {
    const df = 8;
    const out = new Float64Array(paths * d);
    fillCorrelatedShocks({ rng: new Xoshiro256StarStar(3), choleskyFactor: factor(sigma), dimension: d, pathCount: paths, out, distribution: { kind: 'student-t', degreesOfFreedom: df } });
    const { cov } = sampleMoments(out, paths);
    const kurtosisFactor = (df - 2) / (df - 4);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      const s = sigma[i * d + j]!;
      const se = Math.sqrt((kurtosisFactor * (sigma[i * d + i]! * sigma[j * d + j]! + 2 * s * s) - s * s) / paths);
      expect(Math.abs(cov[i * d + j]! - s), `entry ${i},${j}`).toBeLessThan(5 * se);
    }
    // a t scaled by Sigma itself would have variance 4/3 Sigma_ii: far outside the band
    expect(Math.abs(cov[0]! - (df / (df - 2)) * sigma[0]!)).toBeGreaterThan(10 * Math.sqrt((kurtosisFactor * 3 - 1) / paths) * sigma[0]!);
  });
  it('antithetic pairs sum to zero for normal and t shocks, and are reproducible for a seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), (seed, halfPaths, t) => {
        const pathCount = 2 * halfPaths;
        const out = new Float64Array(pathCount * d);
        const distribution = t ? ({ kind: 'student-t', degreesOfFreedom: 5 } as const) : ({ kind: 'normal' } as const);
        const request = { choleskyFactor: factor(sigma), dimension: d, pathCount, out, distribution, antithetic: 'pairs' } as const;
        fillCorrelatedShocks({ ...request, rng: new Xoshiro256StarStar(seed) });
        for (let p = 0; p < pathCount; p += 2) for (let i = 0; i < d; i++) expect(out[p * d + i]! + out[(p + 1) * d + i]!).toBe(0);
        const again = new Float64Array(pathCount * d);
        fillCorrelatedShocks({ ...request, out: again, rng: new Xoshiro256StarStar(seed) });
        expect(again).toEqual(out);
      }),
      { numRuns: 50 },
    );
  });
  it('antithetic helpers mirror normals and complement uniforms', () => {
    const z = new Float64Array(8);
    fillAntitheticNormals({ rng: new Xoshiro256StarStar(1), out: z, pathCount: 4, dimension: 2 });
    expect([z[0]! + z[2]!, z[1]! + z[3]!, z[4]! + z[6]!, z[5]! + z[7]!]).toEqual([0, 0, 0, 0]);
    const u = Float64Array.of(0.25, 0.5, 0, 0);
    spreadAntitheticPairs({ values: u, pathCount: 2, dimension: 2, reflection: 'complement' });
    expect(Array.from(u)).toEqual([0.25, 0.5, 0.75, 0.5]);
  });
  it('rejects a covariance-matched t with df <= 2 and an odd antithetic path count', () => {
    const base = { rng: new Xoshiro256StarStar(1), choleskyFactor: factor(sigma), dimension: d, out: new Float64Array(30) };
    expect(() => fillCorrelatedShocks({ ...base, pathCount: 2, distribution: { kind: 'student-t', degreesOfFreedom: 2 } })).toThrow(RangeError);
    expect(() => fillCorrelatedShocks({ ...base, pathCount: 3, antithetic: 'pairs' })).toThrow(RangeError);
  });
});

describe('copulas', () => {
  const correlation = Float64Array.of(1, 0.5, 0.5, 1);
  const paths = 100_000;
  function fill(kind: 'gaussian' | 't'): Float64Array {
    const out = new Float64Array(paths * 2);
    const request = { rng: new Xoshiro256StarStar(17), choleskyFactor: factor(correlation), dimension: 2, pathCount: paths, out };
    if (kind === 'gaussian') fillGaussianCopula(request);
    else fillStudentTCopula({ ...request, degreesOfFreedom: 3 });
    return out;
  }
  const gaussian = fill('gaussian');
  const student = fill('t');

  it('gives uniform marginals in (0, 1)', () => {
    for (const u of [gaussian, student]) {
      let s = 0, min = 1, max = 0;
      for (const v of u) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        s += v;
      }
      expect(min).toBeGreaterThan(0);
      expect(max).toBeLessThan(1);
      expect(Math.abs(s / u.length - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / u.length) * 2);
    }
  });
  it('has the Gaussian copula Spearman rho (6/pi) asin(rho/2)', () => {
    let s = 0;
    for (let p = 0; p < paths; p++) s += (gaussian[2 * p]! - 0.5) * (gaussian[2 * p + 1]! - 0.5);
    expect(Math.abs(12 * (s / paths) - (6 / Math.PI) * Math.asin(0.25))).toBeLessThan(0.01);
  });
  it('puts more mass in the joint lower tail with the t copula than with the Gaussian', () => {
    const jointTail = (u: Float64Array): number => {
      let c = 0;
      for (let p = 0; p < paths; p++) if (u[2 * p]! < 0.01 && u[2 * p + 1]! < 0.01) c++;
      return c;
    };
    expect(jointTail(student)).toBeGreaterThan(1.5 * jointTail(gaussian));
  });
});
