/**
 * g(t) = Phi^-1(T_df(t)): maps a standard Student-t variate to the standard normal with the same
 * cdf value, the marginal transform of the t copula with normal marginals. Computing it directly
 * costs an incomplete beta function per draw (~1 us), so it is tabulated once per run:
 *
 * g is odd and smooth; for |t| it is interpolated by cubic Hermite polynomials with exact slopes
 * on a uniform grid in v = ln(1 + |t|) (which straightens the heavy t tail), g'(t) = f_df(t) /
 * phi(g(t)). The upper tail is evaluated as -Phi^-1(P(T > |t|)), never as Phi^-1(1 - small),
 * so no precision is lost far out. Beyond the table (tail probability below 1e-15) the direct
 * formula is used. Interpolation error < 1e-9 (see the test).
 */
import { normalInvCdf } from '../stats/normal-distribution.ts';
import { logGamma, studentTCdf } from '../stats/student-t-distribution.ts';

const CELLS = 4096;
const LAST_TAIL_PROBABILITY = 1e-15;

export interface TCopulaMap {
  readonly degreesOfFreedom: number;
  readonly stepV: number;
  readonly maxV: number;
  /** Per cell: value and slope (per cell width) at both knots, as cubic coefficients c0..c3. */
  readonly coefficients: Float64Array;
}

/** g(t) computed directly (slow): sign(t) (-Phi^-1(P(T > |t|))). */
export function tToNormalDirect(t: number, degreesOfFreedom: number): number {
  const tail = studentTCdf(-Math.abs(t), degreesOfFreedom);
  const z = -normalInvCdf(tail);
  return t < 0 ? -z : z;
}

function studentTDensity(t: number, df: number, logNorm: number): number {
  return Math.exp(logNorm - 0.5 * (df + 1) * Math.log1p((t * t) / df));
}

/** Maps built so far, by df (a few only: each run uses one df); building one costs ~5 ms. */
const built = new Map<number, TCopulaMap>();
const MAX_CACHED = 8;

/** The map for `degreesOfFreedom` (> 0), built once and reused (a pure function, memoised). */
export function createTCopulaMap(degreesOfFreedom: number): TCopulaMap {
  const cached = built.get(degreesOfFreedom);
  if (cached !== undefined) return cached;
  const map = buildTCopulaMap(degreesOfFreedom);
  if (built.size >= MAX_CACHED) built.clear();
  built.set(degreesOfFreedom, map);
  return map;
}

function buildTCopulaMap(degreesOfFreedom: number): TCopulaMap {
  const df = degreesOfFreedom;
  const logNorm = logGamma(0.5 * (df + 1)) - logGamma(0.5 * df) - 0.5 * Math.log(df * Math.PI);
  // largest |t| tabulated: P(T > t) = 1e-15, by bisection on ln(1 + t)
  let lo = 0;
  let hi = 1;
  while (studentTCdf(-Math.expm1(hi), df) > LAST_TAIL_PROBABILITY) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-12; k++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(-Math.expm1(mid), df) > LAST_TAIL_PROBABILITY) lo = mid;
    else hi = mid;
  }
  const maxV = hi;
  const stepV = maxV / CELLS;
  const value = new Float64Array(CELLS + 1);
  const slope = new Float64Array(CELLS + 1); // dg/dv x stepV
  for (let j = 0; j <= CELLS; j++) {
    const t = Math.expm1(j * stepV);
    const g = tToNormalDirect(t, df);
    value[j] = g;
    const phi = Math.exp(-0.5 * g * g) / Math.sqrt(2 * Math.PI);
    slope[j] = ((studentTDensity(t, df, logNorm) / phi) * (1 + t)) * stepV;
  }
  const coefficients = new Float64Array(4 * CELLS); // never mutated once built (shared through the memo)
  for (let c = 0; c < CELLS; c++) {
    const va = value[c]!, vb = value[c + 1]!, ma = slope[c]!, mb = slope[c + 1]!;
    coefficients[4 * c] = va;
    coefficients[4 * c + 1] = ma;
    coefficients[4 * c + 2] = 3 * (vb - va) - 2 * ma - mb;
    coefficients[4 * c + 3] = 2 * (va - vb) + ma + mb;
  }
  return { degreesOfFreedom: df, stepV, maxV, coefficients };
}

/** g(t) from the table (direct formula beyond it). */
export function tToNormal(map: TCopulaMap, t: number): number {
  const a = t < 0 ? -t : t;
  const x = Math.log1p(a) / map.stepV;
  if (!(x < CELLS)) return tToNormalDirect(t, map.degreesOfFreedom);
  const c = x | 0;
  const f = x - c;
  const k = 4 * c;
  const co = map.coefficients;
  const g = co[k]! + f * (co[k + 1]! + f * (co[k + 2]! + f * co[k + 3]!));
  return t < 0 ? -g : g;
}
