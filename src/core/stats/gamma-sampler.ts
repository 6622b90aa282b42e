/**
 * Gamma and chi-squared variates by Marsaglia & Tsang (2000), "A simple method for generating
 * gamma variables", ACM TOMS 26(3): squeeze + log acceptance on (1 + c z)^3; shapes below 1 use
 * Gamma(a) = Gamma(a + 1) U^(1/a).
 */
import type { Xoshiro256StarStar } from './xoshiro256-star-star.ts';
import { nextNormal } from './ziggurat-normal.ts';

/** One Gamma(shape, scale 1) variate; `shape` > 0. */
export function nextGamma(rng: Xoshiro256StarStar, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) return nextGamma(rng, shape + 1) * rng.nextOpenDouble() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = nextNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextOpenDouble();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One chi-squared variate with `degreesOfFreedom` > 0 (need not be whole): 2 Gamma(df / 2). */
export function nextChiSquared(rng: Xoshiro256StarStar, degreesOfFreedom: number): number {
  return 2 * nextGamma(rng, degreesOfFreedom / 2);
}
