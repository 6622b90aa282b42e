import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf } from '../stats/normal-distribution.ts';
import { bivariateNormalCdf } from './bivariate-normal-cdf.ts';

const coord = fc.double({ min: -6, max: 6, noNaN: true });
const corr = fc.double({ min: -0.999, max: 0.999, noNaN: true });

describe('bivariateNormalCdf', () => {
  it('equals 1/4 + asin(rho)/(2 pi) at the origin (Sheppard) to 1e-15', () => {
    fc.assert(fc.property(corr, (rho) => Math.abs(bivariateNormalCdf(0, 0, rho) - (0.25 + Math.asin(rho) / (2 * Math.PI))) <= 1e-15));
  });

  it('factorises when rho = 0 and collapses to one margin when rho = 1', () => {
    fc.assert(fc.property(coord, coord, (x, y) =>
      Math.abs(bivariateNormalCdf(x, y, 0) - normalCdf(x) * normalCdf(y)) <= 1e-16
      && Math.abs(bivariateNormalCdf(x, y, 1) - normalCdf(Math.min(x, y))) <= 1e-16));
  });

  it('is symmetric in its arguments and satisfies M(x, y, rho) + M(x, -y, -rho) = Phi(x)', () => {
    fc.assert(fc.property(coord, coord, corr, (x, y, rho) =>
      Math.abs(bivariateNormalCdf(x, y, rho) - bivariateNormalCdf(y, x, rho)) <= 1e-14
      && Math.abs(bivariateNormalCdf(x, y, rho) + bivariateNormalCdf(x, -y, -rho) - normalCdf(x)) <= 1e-14));
  });

  it('matches a high-precision quadrature value', () => {
    // mpmath: integral of phi(u) Phi((y - rho u)/sqrt(1 - rho^2)) over u < x
    expect(bivariateNormalCdf(1, -0.5, 0.5)).toBeCloseTo(0.29609063435417537, 14);
    expect(bivariateNormalCdf(-2, 1.3, -0.8)).toBeCloseTo(0.0041153144720340041, 14);
  });
});
