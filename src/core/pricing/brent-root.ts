/**
 * Brent-Dekker root finding on a bracket [a, b] with f(a) and f(b) of opposite signs (given, to
 * spare evaluations). Stops when the bracket is narrower than `tolerance` (absolute, in x) or f
 * is exactly 0; undefined if the bracket is invalid or `maxIterations` is exhausted.
 */
export function brentRoot(
  f: (x: number) => number, a: number, b: number, fa: number, fb: number, tolerance: number, maxIterations: number,
): number | undefined {
  if (fa * fb > 0 || Number.isNaN(fa) || Number.isNaN(fb)) return undefined;
  let c = a, fc = fa, d = b - a, e = d;
  for (let i = 0; i < maxIterations; i++) {
    if (fb * fc > 0) { c = a; fc = fa; d = b - a; e = d; }
    if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tolerance;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number, q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc, r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) { e = d; d = p / q; }
      else { d = m; e = d; }
    } else {
      d = m;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return undefined;
}
