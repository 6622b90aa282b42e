/**
 * Delta-gamma VaR and ES with the Cornish-Fisher expansion: an APPROXIMATION (CONVENTIONS.md).
 *
 * One-day P&L to second order in the underlyings' returns x ~ N(0, Sigma) (Sigma: sample (n - 1)
 * covariance of daily log returns, used for the simple returns; the difference is third order):
 *   dP = e'x + 0.5 x'Gx,  e = dollar delta, G = diag(gamma_u S_u^2) the dollar gamma matrix
 * (each option is on one underlying, so G is diagonal; G_u = 100 x dollarGammaPer1Pct_u).
 * Its cumulants, with M = G Sigma (Mathai-Provost; Britten-Jones and Schaefer 1999):
 *   k1 = tr(M) / 2                        (the mean; NOT set to zero)
 *   k2 = e'Sigma e + tr(M^2) / 2
 *   k3 = 3 e'Sigma G Sigma e + tr(M^3)
 *   k4 = 12 e'Sigma G Sigma G Sigma e + 3 tr(M^4)
 * skewness k3 / k2^1.5, excess kurtosis k4 / k2^2. VaR = -(k1 + sqrt(k2) z_cf) with the
 * Cornish-Fisher quantile z_cf of the 1 - c tail (core/stats cornishFisherVar); ES = the mean of
 * that Cornish-Fisher quantile function over the tail, -(k1 + sqrt(k2) E[g(Z) | Z <= z]) with
 * E[Z|.] = -phi/a, E[Z^2|.] = 1 - z phi/a, E[Z^3|.] = -(z^2 + 2) phi/a, a = 1 - c. Where the
 * expansion is not monotone over the tail (strong skew or kurtosis) the quantile function is not
 * a distribution's: `cornishFisherMonotoneInTail` is then false, and ES is floored at VaR.
 * With G = 0 everything reduces to delta-normal.
 */
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import { normalInvCdf, normalPdf } from '../stats/normal-distribution.ts';
import { cornishFisherVar } from '../stats/parametric-var.ts';
import type { ParametricVarErrorCode, ParametricVarInput } from './delta-normal-var.ts';
import { parametricInputProblem, quadraticForm } from './delta-normal-var.ts';
import type { TailMeasure } from './pnl-tail-measures.ts';

export interface DeltaGammaVarInput extends ParametricVarInput {
  /** Dollar gamma per 1 % move per underlying (BookGreeks.underlyings.dollarGammaPer1Pct), currency. */
  readonly dollarGammaPer1PctByUnderlying: Float64Array;
}

export interface DeltaGammaMoments {
  /** Currency per day. */
  readonly mean: number;
  readonly standardDeviation: number;
  readonly skewness: number;
  readonly excessKurtosis: number;
}

export interface DeltaGammaVar {
  readonly method: 'delta-gamma-cornish-fisher';
  readonly approximation: true;
  readonly conventions: {
    readonly mean: 'model mean tr(G Sigma)/2';
    readonly covariance: 'sample (n-1) of daily log returns';
    readonly horizonDays: 1;
    readonly losses: 'positive';
    readonly expectedShortfall: 'tail mean of the Cornish-Fisher quantile';
  };
  readonly moments: DeltaGammaMoments;
  readonly measures: readonly (TailMeasure & { readonly cornishFisherMonotoneInTail: boolean })[];
}

export function deltaGammaVar(input: DeltaGammaVarInput): Result<DeltaGammaVar, ParametricVarErrorCode> {
  const { dollarDeltaByUnderlying: e, dollarGammaPer1PctByUnderlying: g1, covariance, netAssetValue, confidences = [0.95, 0.99] } = input;
  const problem = parametricInputProblem(e, covariance, netAssetValue, confidences);
  if (problem !== null) return fail(problem[0], problem[1]);
  if (g1.length !== e.length || !g1.every(Number.isFinite)) return fail('INVALID_PARAMETERS', 'dollar gammas must be finite, one per underlying');
  const gamma = g1.map((x) => 100 * x);
  const moments = deltaGammaMoments(e, gamma, covariance);
  if (moments === null) return fail('INVALID_COVARIANCE', 'the P&L variance is negative: the covariance is not positive semi-definite');
  return ok({
    method: 'delta-gamma-cornish-fisher',
    approximation: true,
    conventions: {
      mean: 'model mean tr(G Sigma)/2', covariance: 'sample (n-1) of daily log returns', horizonDays: 1, losses: 'positive',
      expectedShortfall: 'tail mean of the Cornish-Fisher quantile',
    },
    moments,
    measures: confidences.map((confidence) => measureAt(moments, confidence, netAssetValue)),
  });
}

/** Cumulants of e'x + x'Gx/2 (G diagonal, given as a vector) under x ~ N(0, Sigma); null if k2 < 0. */
export function deltaGammaMoments(e: Float64Array, gamma: Float64Array, sigma: Float64Array): DeltaGammaMoments | null {
  const d = e.length;
  const m = new Float64Array(d * d); // M = G Sigma
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m[i * d + j] = gamma[i]! * sigma[i * d + j]!;
  const m2 = multiply(m, m, d);
  let trM = 0, trM2 = 0, trM3 = 0, trM4 = 0;
  for (let i = 0; i < d; i++) {
    trM += m[i * d + i]!;
    for (let j = 0; j < d; j++) {
      trM2 += m[i * d + j]! * m[j * d + i]!;
      trM3 += m2[i * d + j]! * m[j * d + i]!;
      trM4 += m2[i * d + j]! * m2[j * d + i]!;
    }
  }
  const sigmaE = new Float64Array(d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) sigmaE[i]! += sigma[i * d + j]! * e[j]!;
  const gSigmaE = sigmaE.map((x, i) => gamma[i]! * x);
  let eSe = 0, eSGSe = 0;
  for (let i = 0; i < d; i++) {
    eSe += e[i]! * sigmaE[i]!;
    eSGSe += sigmaE[i]! * gSigmaE[i]!;
  }
  const k2 = eSe + 0.5 * trM2;
  if (!(k2 >= 0)) return null;
  const k3 = 3 * eSGSe + trM3;
  const k4 = 12 * quadraticForm(sigma, gSigmaE, gSigmaE) + 3 * trM4;
  // k3 = k4 = 0 exactly without gamma: keep 0 even where k2^1.5 underflows
  return {
    mean: 0.5 * trM,
    standardDeviation: Math.sqrt(k2),
    skewness: k3 === 0 ? 0 : k3 / k2 ** 1.5,
    excessKurtosis: k4 === 0 ? 0 : k4 / (k2 * k2),
  };
}

function measureAt(moments: DeltaGammaMoments, confidence: number, nav: number): DeltaGammaVar['measures'][number] {
  const { mean, standardDeviation: sd, skewness: s, excessKurtosis: k } = moments;
  const a = 1 - confidence;
  const z = normalInvCdf(a);
  const v = cornishFisherVar({ mean, sd, skewness: s, excessKurtosis: k, confidence });
  const ratio = normalPdf(z) / a;
  const m1 = -ratio;
  const m2 = 1 - z * ratio;
  const m3 = -(z * z + 2) * ratio;
  const tailMean = m1 + ((m2 - 1) * s) / 6 + ((m3 - 3 * m1) * k) / 24 - ((2 * m3 - 5 * m1) * s * s) / 36;
  const es = Math.max(-(mean + sd * tailMean), v);
  return {
    confidence,
    valueAtRisk: { amount: v, fractionOfNav: v / nav },
    expectedShortfall: { amount: es, fractionOfNav: es / nav },
    cornishFisherMonotoneInTail: monotoneOnTail(s, k, z),
  };
}

/**
 * Whether the Cornish-Fisher map g(z) increases on [-8, z_a] (all the tail mass above 1e-15):
 * g'(z) = A z^2 + B z + C with A = K/8 - S^2/6, B = S/3, C = 1 - K/8 + 5 S^2/36.
 */
function monotoneOnTail(s: number, k: number, zTail: number): boolean {
  const a = k / 8 - (s * s) / 6;
  const b = s / 3;
  const c = 1 - k / 8 + (5 * s * s) / 36;
  const derivative = (z: number): number => (a * z + b) * z + c;
  const lo = -8;
  let min = Math.min(derivative(lo), derivative(zTail));
  if (a > 0) {
    const vertex = -b / (2 * a);
    if (vertex > lo && vertex < zTail) min = Math.min(min, derivative(vertex));
  }
  return min > 0;
}

function multiply(x: Float64Array, y: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const xik = x[i * d + k]!;
      for (let j = 0; j < d; j++) out[i * d + j]! += xik * y[k * d + j]!;
    }
  }
  return out;
}
