import { normalCdf } from '../stats/normal-distribution.ts';

/**
 * Gauss-Legendre nodes and weights on [-1, 1], computed once by Newton's method on the Legendre
 * polynomial (exact to double precision; avoids transcribing tables).
 */
function gaussLegendre(order: number): { readonly nodes: Float64Array; readonly weights: Float64Array } {
  const nodes = new Float64Array(order);
  const weights = new Float64Array(order);
  for (let i = 0; i < order; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (order + 0.5));
    let derivative = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= order; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = (order * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}

const GL6 = gaussLegendre(6);
const GL12 = gaussLegendre(12);
const GL20 = gaussLegendre(20);

/**
 * Bivariate standard normal cdf M(x, y; rho) = P(X <= x, Y <= y), corr(X, Y) = rho in [-1, 1].
 * A. Genz (2004), "Numerical computation of rectangular bivariate and trivariate normal and t
 * probabilities", Statistics and Computing 14 (the Drezner-Wesolowsky hybrid used by QuantLib's
 * BivariateCumulativeNormalDistributionWe04DP): about 1e-15 absolute accuracy.
 */
export function bivariateNormalCdf(x: number, y: number, rho: number): number {
  const absRho = Math.abs(rho);
  const gl = absRho < 0.3 ? GL6 : absRho < 0.75 ? GL12 : GL20;
  const h = -x;
  let k = -y;
  let hk = h * k;
  if (absRho < 0.925) {
    let bvn = 0;
    if (absRho > 0) {
      const asr = Math.asin(rho);
      const hs = (h * h + k * k) / 2;
      for (let i = 0; i < gl.nodes.length; i++) {
        const sn = Math.sin((asr * (gl.nodes[i]! + 1)) / 2);
        bvn += gl.weights[i]! * Math.exp((sn * hk - hs) / (1 - sn * sn));
      }
      bvn *= asr / (4 * Math.PI);
    }
    return bvn + normalCdf(-h) * normalCdf(-k);
  }
  if (rho < 0) {
    k = -k;
    hk = -hk;
  }
  let bvn = 0;
  if (absRho < 1) {
    const ass = (1 - rho) * (1 + rho);
    let a = Math.sqrt(ass);
    const bs = (h - k) * (h - k);
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    const asr = -(bs / ass + hk) / 2;
    if (asr > -100) {
      bvn = a * Math.exp(asr) * (1 - (c * (bs - ass) * (1 - (d * bs) / 5)) / 3 + (c * d * ass * ass) / 5);
    }
    if (-hk < 100) {
      const b = Math.sqrt(bs);
      bvn -= Math.exp(-hk / 2) * Math.sqrt(2 * Math.PI) * normalCdf(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    for (let i = 0; i < gl.nodes.length; i++) {
      const xs = (a * (gl.nodes[i]! + 1)) ** 2;
      const rs = Math.sqrt(1 - xs);
      const asr2 = -(bs / xs + hk) / 2;
      if (asr2 > -100) {
        bvn += a * gl.weights[i]! * Math.exp(asr2)
          * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
      }
    }
    bvn /= -2 * Math.PI;
  }
  if (rho > 0) return bvn + normalCdf(-Math.max(h, k));
  bvn = -bvn;
  if (k > h) bvn += h >= 0 ? normalCdf(-h) - normalCdf(-k) : normalCdf(k) - normalCdf(h);
  return Math.max(bvn, 0);
}
