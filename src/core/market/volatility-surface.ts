/**
 * A per-underlying implied volatility surface built from quoted option vols, sticky-strike:
 * for a strike K and time T, interpolate each quoted expiry's smile linearly in log-moneyness
 * ln(K/F) (flat beyond the quoted strikes), then interpolate total variance sigma^2 T linearly in T
 * between the bracketing expiries (flat volatility beyond the first and last expiry).
 * With no quoted vols the surface is flat at a fallback level (e.g. realised volatility).
 */
export interface VolPoint {
  readonly timeYears: number;
  readonly logMoneyness: number;
  readonly volatility: number;
}

export type VolSource = 'quoted-surface' | 'historical-flat';

export interface VolatilitySurface {
  readonly underlying: string;
  readonly source: VolSource;
  /** At-the-money level at the shortest quoted expiry (or the flat level). */
  readonly atmVolatility: number;
  volatility(args: { timeYears: number; logMoneyness: number }): number;
}

interface Smile { readonly timeYears: number; readonly x: Float64Array; readonly vol: Float64Array }

function smileAt(s: Smile, logMoneyness: number): number {
  const { x, vol } = s;
  const n = x.length;
  if (logMoneyness <= (x[0] as number)) return vol[0] as number;
  if (logMoneyness >= (x[n - 1] as number)) return vol[n - 1] as number;
  let i = 1;
  while ((x[i] as number) < logMoneyness) i++;
  const x0 = x[i - 1] as number; const x1 = x[i] as number;
  const w = (logMoneyness - x0) / (x1 - x0);
  return (vol[i - 1] as number) * (1 - w) + (vol[i] as number) * w;
}

/** Builds the surface from quoted points (any order); needs at least one point. */
export function buildVolatilitySurface(underlying: string, points: readonly VolPoint[]): VolatilitySurface {
  const byTime = new Map<number, VolPoint[]>();
  for (const p of points) {
    const key = Math.round(p.timeYears * 365 * 24) / (365 * 24); // same expiry -> same hour bucket
    const list = byTime.get(key) ?? [];
    list.push(p);
    byTime.set(key, list);
  }
  const smiles: Smile[] = [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, pts]) => {
    const sorted = [...pts].sort((a, b) => a.logMoneyness - b.logMoneyness);
    return { timeYears: t, x: Float64Array.from(sorted, (p) => p.logMoneyness), vol: Float64Array.from(sorted, (p) => p.volatility) };
  });
  const first = smiles[0] as Smile;
  const last = smiles[smiles.length - 1] as Smile;
  return {
    underlying, source: 'quoted-surface', atmVolatility: smileAt(first, 0),
    volatility({ timeYears, logMoneyness }) {
      if (timeYears <= first.timeYears || smiles.length === 1) return smileAt(first, logMoneyness);
      if (timeYears >= last.timeYears) return smileAt(last, logMoneyness);
      let i = 1;
      while ((smiles[i] as Smile).timeYears < timeYears) i++;
      const a = smiles[i - 1] as Smile; const b = smiles[i] as Smile;
      const va = smileAt(a, logMoneyness); const vb = smileAt(b, logMoneyness);
      const w = (timeYears - a.timeYears) / (b.timeYears - a.timeYears);
      const totalVariance = va * va * a.timeYears * (1 - w) + vb * vb * b.timeYears * w;
      return Math.sqrt(Math.max(totalVariance, 0) / timeYears);
    },
  };
}

export function flatVolatilitySurface(underlying: string, volatility: number): VolatilitySurface {
  return { underlying, source: 'historical-flat', atmVolatility: volatility, volatility: () => volatility };
}
