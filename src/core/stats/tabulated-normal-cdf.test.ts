import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf } from '../stats/normal-distribution.ts';
import {
  inTabulatedNormalRange, tabulatedNormalCdf, tabulatedNormalCdfInRange, tabulatedNormalCdfOnGrid, tabulatedNormalPdf,
  tabulatedNormalPdfInRange,
} from '../stats/tabulated-normal-cdf.ts';

const onGrid = (x: number): number => tabulatedNormalCdfOnGrid((x + 10) * 128);

/** Largest |phi / normalCdf - 1| over `points` points spread over [-limit, limit]. */
function maxRelativeError(limit: number, points: number, phi: (x: number) => number = tabulatedNormalCdf): number {
  let worst = 0;
  for (let k = 0; k < points; k++) {
    const x = -limit + (2 * limit * (k + 0.318)) / points; // off the cell midpoints and edges
    const want = normalCdf(x);
    worst = Math.max(worst, Math.abs(phi(x) - want) / want);
  }
  return worst;
}

describe('tabulatedNormalCdf', () => {
  it('agrees with the Cody normalCdf to 1.5e-15 relative for |x| <= 6, in both tails', () => {
    expect(maxRelativeError(6, 400_000)).toBeLessThan(1.5e-15);
  });

  it('stays within 1e-14 relative for |x| <= 8 and 5e-14 for |x| <= 10', () => {
    expect(maxRelativeError(8, 200_000)).toBeLessThan(1e-14);
    expect(maxRelativeError(10, 200_000)).toBeLessThan(5e-14);
  });

  it('is normalCdf itself outside [-10, 10] and for NaN', () => {
    for (const x of [-38, -20, -10.5, 10, 12.5, 40]) expect(tabulatedNormalCdf(x)).toBe(normalCdf(x));
    expect(tabulatedNormalCdf(Number.NaN)).toBeNaN();
  });

  it('keeps Phi(x) + Phi(-x) = 1 to a few ulps (both tails come from the same table)', () => {
    fc.assert(fc.property(fc.double({ min: -9.9, max: 9.9, noNaN: true }), (x) => {
      expect(Math.abs(tabulatedNormalCdf(x) + tabulatedNormalCdf(-x) - 1)).toBeLessThan(5e-16);
    }));
  });

  it('loses at most a few ulps more in its grid-coordinate form g = (x + 10) * 128', () => {
    expect(maxRelativeError(6, 200_000, onGrid)).toBeLessThan(4e-15);
    expect(maxRelativeError(10, 200_000, onGrid)).toBeLessThan(8e-14);
    expect(onGrid(-10.5)).toBe(normalCdf(-10.5));
  });

  it('gives the density to 2e-13 relative in the body, from the derivative of the same table', () => {
    let worst6 = 0; let worst10 = 0;
    for (let x = -10; x <= 10; x += 0.000731) {
      const rel = Math.abs(tabulatedNormalPdf(x) - normalPdf(x)) / normalPdf(x);
      if (Math.abs(x) <= 6) worst6 = Math.max(worst6, rel); else worst10 = Math.max(worst10, rel);
    }
    expect(worst6).toBeLessThan(2e-13);
    expect(worst10).toBeLessThan(1e-11);
    expect(tabulatedNormalPdf(12)).toBe(normalPdf(12));
  });

  it('has unchecked ...InRange forms that give the same values in [-10, 10), from the same cells', () => {
    let worstCdf = 0; let worstPdf = 0; let differing = 0;
    for (let k = 0; k < 200_000; k++) {
      const x = -10 + (20 * (k + 0.318)) / 200_000; // off the cell edges: the same cell, the same u, bit for bit
      if (tabulatedNormalCdfInRange(x) !== tabulatedNormalCdf(x) || tabulatedNormalPdfInRange(x) !== tabulatedNormalPdf(x)) differing++;
    }
    expect(differing).toBe(0);
    for (let j = -1280; j < 1280; j++) { // on the edges x = j/128 rounding may pick the neighbouring cell
      const x = j / 128;
      worstCdf = Math.max(worstCdf, Math.abs(tabulatedNormalCdfInRange(x) / normalCdf(x) - 1));
      worstPdf = Math.max(worstPdf, Math.abs(tabulatedNormalPdfInRange(x) / normalPdf(x) - 1));
    }
    expect(worstCdf).toBeLessThan(5e-14);
    expect(worstPdf).toBeLessThan(1e-11);
    expect(tabulatedNormalCdfInRange(0)).toBe(0.5);
  });

  it('states the range of the ...InRange forms, which return a number for any argument', () => {
    expect(inTabulatedNormalRange(-10)).toBe(true);
    expect(inTabulatedNormalRange(10 - 2 ** -49)).toBe(true);
    expect(inTabulatedNormalRange(10)).toBe(false);
    expect(inTabulatedNormalRange(Number.NaN)).toBe(false);
    fc.assert(fc.property(fc.double(), (x) => typeof tabulatedNormalCdfInRange(x) === 'number' && typeof tabulatedNormalPdfInRange(x) === 'number'));
  });
});
