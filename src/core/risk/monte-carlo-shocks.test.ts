import { describe, expect, it } from 'vitest';
import { Xoshiro256StarStar } from '../stats/xoshiro256-star-star.ts';
import { prepareMonteCarloPlan } from './monte-carlo-plan.ts';
import { createShockModel, fillBlockShocks } from './monte-carlo-shocks.ts';
import { testBook, testCovariance } from './monte-carlo-test-fixtures.ts';
import type { MonteCarloDistribution } from './monte-carlo-types.ts';

const sd = [0.01, 0.02, 0.015];
const sigma = testCovariance(sd, 0.5);
const d = sd.length;

/** `paths` shock vectors drawn block by block as the engine does. */
function drawShocks(distribution: MonteCarloDistribution, paths: number, horizonDays = 1): Float64Array {
  const prepared = prepareMonteCarloPlan({ book: testBook({ spots: [100, 100, 100] }), dailyCovariance: sigma, distribution, horizonDays });
  if (!prepared.ok) throw new Error(prepared.error.message);
  const model = createShockModel(prepared.value.plan);
  const out = new Float64Array(paths * d);
  const block = 1000;
  const rng = new Xoshiro256StarStar(7);
  for (let p = 0; p < paths; p += block) {
    const buffer = new Float64Array(block * d);
    fillBlockShocks(model, rng.clone(), block, buffer);
    rng.jump();
    out.set(buffer, p * d);
  }
  return out;
}

function sampleCovariance(x: Float64Array, paths: number): number[] {
  const cov = new Array<number>(d * d).fill(0);
  for (let p = 0; p < paths; p++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j]! += (x[p * d + i]! * x[p * d + j]!) / paths;
  return cov; // zero-mean shocks: the raw second moment
}

describe('Monte Carlo shocks', () => {
  const paths = 200_000;

  it('normal: covariance is Sigma x horizonDays (square-root-of-time scaling)', () => {
    const cov = sampleCovariance(drawShocks({ kind: 'normal' }, paths, 10), paths);
    for (let i = 0; i < d * d; i++) {
      const target = 10 * sigma[i]!;
      const se = 10 * Math.sqrt((sigma[Math.floor(i / d) * (d + 1)]! * sigma[(i % d) * (d + 1)]! + sigma[i]! ** 2) / paths);
      expect(Math.abs(cov[i]! - target)).toBeLessThan(5 * se);
    }
  });

  it('student-t: the covariance equals Sigma (scale matrix Sigma (df - 2) / df), not Sigma df / (df - 2)', () => {
    const df = 8; // finite fourth moment, so the sample covariance settles
    const cov = sampleCovariance(drawShocks({ kind: 'student-t', degreesOfFreedom: df }, paths), paths);
    for (let i = 0; i < d * d; i++) {
      // multivariate t(8) has excess kurtosis 6 / (df - 4) = 1.5: allow 3 % (the unscaled error would be 33 %)
      expect(cov[i]! / sigma[i]!).toBeGreaterThan(0.97);
      expect(cov[i]! / sigma[i]!).toBeLessThan(1.03);
    }
  });

  it('student-t(4): the 1 % quantile of a marginal is the t(4) quantile x sqrt((df - 2) / df) x sd', () => {
    const x = drawShocks({ kind: 'student-t', degreesOfFreedom: 4 }, paths);
    const marginal = Float64Array.from({ length: paths }, (_, p) => x[p * d + 1]! / sd[1]!).sort();
    const expected = -3.7469473879791968 * Math.SQRT1_2; // t(4) 1 % quantile, unit-variance scaling
    expect(marginal[Math.floor(0.01 * paths)]! / expected).toBeGreaterThan(0.97);
    expect(marginal[Math.floor(0.01 * paths)]! / expected).toBeLessThan(1.03);
  });

  it('student-t: tails are heavier than normal at the same variance', () => {
    const t = drawShocks({ kind: 'student-t', degreesOfFreedom: 4 }, paths);
    const n = drawShocks({ kind: 'normal' }, paths);
    const beyond = (x: Float64Array): number => x.filter((v, k) => k % d === 0 && Math.abs(v) > 4 * sd[0]!).length;
    expect(beyond(t)).toBeGreaterThan(5 * Math.max(beyond(n), 1));
  });

  it('t-copula: every marginal is N(0, Sigma_uu): standard deviation and normal tail frequency', () => {
    const x = drawShocks({ kind: 't-copula', degreesOfFreedom: 3 }, paths);
    for (let u = 0; u < d; u++) {
      let ss = 0;
      let beyond = 0;
      for (let p = 0; p < paths; p++) {
        const v = x[p * d + u]!;
        ss += v * v;
        if (Math.abs(v) > 2.5758293035489 * sd[u]!) beyond++; // P(|Z| > 2.576) = 1 %
      }
      expect(Math.sqrt(ss / paths) / sd[u]!).toBeCloseTo(1, 2);
      expect(Math.abs(beyond / paths - 0.01)).toBeLessThan(5 * Math.sqrt((0.01 * 0.99) / paths));
    }
  });

  it('t-copula: joint extremes are more frequent than under the normal (tail dependence)', () => {
    const joint = (x: Float64Array): number => {
      let k = 0;
      for (let p = 0; p < paths; p++) if (x[p * d]! < -2.33 * sd[0]! && x[p * d + 1]! < -2.33 * sd[1]!) k++;
      return k;
    };
    expect(joint(drawShocks({ kind: 't-copula', degreesOfFreedom: 3 }, paths))).toBeGreaterThan(1.3 * joint(drawShocks({ kind: 'normal' }, paths)));
  });

  it('a block is a pure function of its generator state (same state, same shocks)', () => {
    const a = drawShocks({ kind: 'student-t', degreesOfFreedom: 5 }, 4000);
    const b = drawShocks({ kind: 'student-t', degreesOfFreedom: 5 }, 4000);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
