/**
 * Student-t variates as Z / sqrt(W / df), Z standard normal (ziggurat) and W ~ chi-squared(df)
 * (Marsaglia-Tsang gamma). Variance df / (df - 2) for df > 2: NOT unit variance; multiply by
 * sqrt((df - 2) / df) for that (multivariate-shocks.ts does so for the multivariate t).
 */
import { nextChiSquared } from './gamma-sampler.ts';
import type { Xoshiro256StarStar } from './xoshiro256-star-star.ts';
import { fillNormals, nextNormal } from './ziggurat-normal.ts';

export function nextStudentT(rng: Xoshiro256StarStar, degreesOfFreedom: number): number {
  return nextNormal(rng) / Math.sqrt(nextChiSquared(rng, degreesOfFreedom) / degreesOfFreedom);
}

/** Fills `out[from, to)` with independent standard Student-t variates; allocates nothing. */
export function fillStudentT(rng: Xoshiro256StarStar, out: Float64Array, degreesOfFreedom: number, from = 0, to = out.length): void {
  fillNormals(rng, out, from, to);
  for (let i = from; i < to; i++) out[i]! /= Math.sqrt(nextChiSquared(rng, degreesOfFreedom) / degreesOfFreedom);
}
