/**
 * Herfindahl-Hirschman concentration of exposure weights: HHI = sum w_i^2 with
 * w_i = |x_i| / sum |x_j| (in 0..1; 1/N for N equal weights, 1 for a single name), and the
 * normalised form (HHI - 1/N) / (1 - 1/N) in 0..1 (1 for a single asset).
 */
export interface Concentration {
  readonly hhi: number;
  readonly normalized: number;
}

export function herfindahlIndex(exposures: Float64Array): Concentration {
  const n = exposures.length;
  let gross = 0;
  for (let i = 0; i < n; i++) gross += Math.abs(exposures[i]!);
  let hhi = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.abs(exposures[i]!) / gross;
    hhi += w * w;
  }
  return { hhi, normalized: n === 1 ? 1 : (hhi - 1 / n) / (1 - 1 / n) };
}
