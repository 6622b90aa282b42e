/**
 * Parametric (Gaussian and Cornish-Fisher) VaR and Gaussian ES as POSITIVE loss fractions, with
 * a = 1 - confidence and z_a = Phi^-1(a) < 0 (for confidence > 0.5):
 *
 * - Gaussian VaR  = -(mu + z_a sd)               (`centring: 'zero-mean'`: mu = 0)
 * - Gaussian ES   = -(mu - sd phi(z_a) / a)
 * - Cornish-Fisher ("modified") VaR = -(mu + z_cf sd), z_cf from population skewness S and
 *   excess kurtosis K: z + (z^2 - 1) S/6 + (z^3 - 3z) K/24 - (2z^3 - 5z) S^2/36.
 *
 * `sd` is whatever the caller passes; the service passes the n - 1 sample sd. Gaussian
 * ES - VaR = sd (phi(z)/a + z) >= 0 for every a (Mills-ratio inequality).
 */
import { normalInvCdf, normalPdf } from './normal-distribution.ts';

/** Whether the distribution is centred on the sample mean or on zero (RiskMetrics style). */
export type Centring = 'sample-mean' | 'zero-mean';

interface GaussianParams {
  mean: number;
  sd: number;
  confidence: number;
  centring?: Centring;
}

function tailProbability(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  return 1 - confidence;
}

export function gaussianVar({ mean, sd, confidence, centring = 'sample-mean' }: GaussianParams): number {
  const z = normalInvCdf(tailProbability(confidence));
  return -((centring === 'zero-mean' ? 0 : mean) + z * sd);
}

export function gaussianExpectedShortfall({ mean, sd, confidence, centring = 'sample-mean' }: GaussianParams): number {
  const a = tailProbability(confidence);
  const z = normalInvCdf(a);
  return -((centring === 'zero-mean' ? 0 : mean) - (sd * normalPdf(z)) / a);
}

/** Cornish-Fisher expansion of the standard normal quantile `z`. */
export function cornishFisherQuantile({
  z,
  skewness,
  excessKurtosis,
}: {
  z: number;
  skewness: number;
  excessKurtosis: number;
}): number {
  const z2 = z * z, z3 = z2 * z;
  return z + ((z2 - 1) * skewness) / 6 + ((z3 - 3 * z) * excessKurtosis) / 24 - ((2 * z3 - 5 * z) * skewness * skewness) / 36;
}

export function cornishFisherVar({
  mean,
  sd,
  skewness,
  excessKurtosis,
  confidence,
}: {
  mean: number;
  sd: number;
  skewness: number;
  excessKurtosis: number;
  confidence: number;
}): number {
  const z = normalInvCdf(tailProbability(confidence));
  return -(mean + cornishFisherQuantile({ z, skewness, excessKurtosis }) * sd);
}
