import { normalCdf, normalCdfWithGaussian, normalInvCdf, normalPdf } from '../stats/normal-distribution.ts';

/**
 * Normalised Black price of an out-of-the-money (or at-the-money) call, in the spirit of
 * P. Jaeckel, "Let's be rational" (2015): with x = ln(F/K) <= 0 and s = sigma sqrt(T) > 0,
 * b(x, s) = e^{x/2} N(x/s + s/2) - e^{-x/2} N(x/s - s/2) = price / (DF sqrt(F K)).
 * Every European option reduces to this form (in-the-money ones through put-call parity).
 */
export function normalisedOtmCall(x: number, s: number): number {
  return Math.exp(x / 2) * normalCdf(x / s + s / 2) - Math.exp(-x / 2) * normalCdf(x / s - s / 2);
}

const SQRT_2PI = 2.5066282746310002;

/** b, b_max - b (without cancellation) and the s-derivatives of b at one point. */
interface Evaluation {
  readonly b: number;
  readonly distance: number;
  readonly v: number;
  readonly v1: number;
}

/**
 * One evaluation sharing its exponentials: e^{x/2} phi(d1) = e^{-x/2} phi(d2), so one Gaussian
 * factor serves both cdfs and the vega db/ds; d2b/ds2 = vega d1 d2 / s.
 */
function evaluate(x: number, s: number, halfExp: number): Evaluation {
  const d1 = x / s + s / 2;
  const d2 = x / s - s / 2;
  const pdf1 = normalPdf(d1);
  const g1 = pdf1 * SQRT_2PI;
  const g2 = g1 * halfExp * halfExp; // phi(d2) = e^x phi(d1)
  const v = halfExp * pdf1;
  return {
    b: halfExp * normalCdfWithGaussian(d1, g1) - normalCdfWithGaussian(d2, g2) / halfExp,
    distance: halfExp * normalCdfWithGaussian(-d1, g1) + normalCdfWithGaussian(d2, g2) / halfExp,
    v,
    v1: (v * d1 * d2) / s,
  };
}

const MAX_ITERATIONS = 100;
/** sigma sqrt(T) beyond which b(x, s) equals its upper bound to double precision. */
const S_MAX = 80;

/**
 * Solves b(x, s) = beta for s, given x <= 0 and 0 < beta < e^{x/2} (callers check the bounds).
 * Safeguarded Halley iteration on a bracket, with Jaeckel's choice of objective per region so
 * that each is nearly linear in s: 1/ln b below the inflection point s_c = sqrt(-2x) (where b is
 * exponentially small), b itself in the middle, ln(b_max - b) when beta is close to b_max.
 * Converges to full double precision in s in a handful of iterations.
 */
export function solveNormalisedOtmCall(beta: number, x: number): number {
  const bMax = Math.exp(x / 2);
  const sc = Math.sqrt(-2 * x);
  const bc = sc > 0 ? normalisedOtmCall(x, sc) : 0;
  if (beta < bc) {
    const guess = Math.min(Math.abs(x) / Math.sqrt(-2 * Math.log(beta)), sc);
    return halley(lowerObjective(x, beta), 0, sc, guess);
  }
  const upper = beta > 0.5 * bMax;
  const cosh = Math.exp(x / 2) + Math.exp(-x / 2);
  const guess = Math.min(S_MAX, Math.max(sc, -2 * normalInvCdf((bMax - beta) / cosh), 1e-8));
  return halley(upper ? upperObjective(x, bMax - beta) : middleObjective(x, beta), sc, S_MAX, guess);
}

/** Objective value and its first two derivatives in s; decreasing or increasing, see `sign`. */
interface Objective {
  (s: number): { readonly f: number; readonly f1: number; readonly f2: number };
  /** +1 if the objective increases with s, -1 if it decreases. */
  readonly sign: 1 | -1;
  /**
   * Relative Halley step after which the iterate is final. Tighter below the inflection point,
   * where the price is so steep in s (d ln b / d ln s ~ x^2 / s^2) that s needs ~1e-14.
   */
  readonly halleyExit: number;
}

function lowerObjective(x: number, beta: number): Objective {
  const target = 1 / Math.log(beta);
  const halfExp = Math.exp(x / 2);
  const objective = (s: number): { f: number; f1: number; f2: number } => {
    const { b, v, v1 } = evaluate(x, s, halfExp);
    const l = Math.log(b);
    const f1 = -v / (b * l * l);
    const f2 = -v1 / (b * l * l) + (v * v) / (b * b * l * l) + (2 * v * v) / (b * b * l * l * l);
    return { f: 1 / l - target, f1, f2 };
  };
  return Object.assign(objective, { sign: -1 as const, halleyExit: 1e-9 });
}

function middleObjective(x: number, beta: number): Objective {
  const halfExp = Math.exp(x / 2);
  const objective = (s: number): { f: number; f1: number; f2: number } => {
    const { b, v, v1 } = evaluate(x, s, halfExp);
    return { f: b - beta, f1: v, f2: v1 };
  };
  return Object.assign(objective, { sign: 1 as const, halleyExit: 1e-6 });
}

function upperObjective(x: number, distance: number): Objective {
  const target = Math.log(distance);
  const halfExp = Math.exp(x / 2);
  const objective = (s: number): { f: number; f1: number; f2: number } => {
    const { distance: c, v, v1 } = evaluate(x, s, halfExp);
    return { f: Math.log(c) - target, f1: -v / c, f2: (-v1 * c - v * v) / (c * c) };
  };
  return Object.assign(objective, { sign: -1 as const, halleyExit: 1e-6 });
}

/** Halley's method kept inside [lo, hi]; falls back to bisection when a step leaves it. */
function halley(objective: Objective, lo: number, hi: number, guess: number): number {
  let s = guess;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const { f, f1, f2 } = objective(s);
    if (f === 0) return s;
    // shrink the bracket: the root is above s when f has the opposite sign of the slope
    if (f * objective.sign < 0) lo = s;
    else hi = s;
    const newton = -f / f1;
    const denominator = 1 - (f * f2) / (2 * f1 * f1);
    const isHalley = denominator > 0.5 && denominator < 2;
    let step = isHalley ? newton / denominator : newton;
    let next = s + step;
    let bisected = false;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      next = 0.5 * (lo + hi);
      step = next - s;
      bisected = true;
    }
    s = next;
    // Halley converges cubically: after a small enough step the remaining error is below 1e-16
    const converged = isHalley && !bisected ? objective.halleyExit : 2e-16;
    if (Math.abs(step) <= converged * s || hi - lo <= 2e-16 * s) return s;
  }
  return s;
}
