/**
 * Concentration of exposure (CONVENTIONS.md): Herfindahl-Hirschman index of absolute exposure
 * weights, HHI = sum w_i^2 with w_i = |x_i| / sum_j |x_j| (0..1: 1/N for N equal exposures, 1 for
 * a single one), its normalised form (HHI - 1/N) / (1 - 1/N) over the N non-zero exposures, and
 * the share of the top N (default 5) weights.
 *
 * By position the exposures are taken as given; by underlying, sector or strategy they are first
 * netted within each label (a long and a short on the same name offset), as the W1 benchmark does
 * per underlying. The caller chooses the exposure measure (dollar delta, market value, ...).
 * With no exposure at all (gross 0) every index is 0 and `grossExposure` says why.
 */
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';

export interface TopExposure {
  readonly label: string;
  /** |exposure| / gross, 0..1. */
  readonly weight: number;
}

export interface ConcentrationMeasure {
  readonly hhi: number;
  readonly normalizedHhi: number;
  /** Sum of the `top` weights. */
  readonly topShare: number;
  /** Largest weights first, at most topN. */
  readonly top: readonly TopExposure[];
  /** Items (positions or labels) with non-zero exposure. */
  readonly nonZeroCount: number;
  /** Sum of |exposure| after netting within labels, currency. */
  readonly grossExposure: number;
}

/** Label per position: a symbol, sector name or strategy id (strings or integer codes). */
export type PositionLabels = ArrayLike<string | number>;

export interface ConcentrationInput {
  /** Signed exposure per position, currency. */
  readonly positionExposures: Float64Array;
  /** Names for the by-position top list; default the position index. */
  readonly positionLabels?: PositionLabels;
  readonly underlyingLabels?: PositionLabels;
  readonly sectorLabels?: PositionLabels;
  readonly strategyLabels?: PositionLabels;
  /** Default 5. */
  readonly topN?: number;
}

export interface Concentration {
  readonly conventions: { readonly weights: 'absolute exposure / gross'; readonly grouping: 'netted within label'; readonly topN: number };
  readonly byPosition: ConcentrationMeasure;
  readonly byUnderlying?: ConcentrationMeasure;
  readonly bySector?: ConcentrationMeasure;
  readonly byStrategy?: ConcentrationMeasure;
}

export function concentration(input: ConcentrationInput): Result<Concentration, 'INVALID_PARAMETERS'> {
  const { positionExposures: x, positionLabels, topN = 5 } = input;
  if (!x.every(Number.isFinite)) return fail('INVALID_PARAMETERS', 'position exposures must be finite');
  if (!(Number.isInteger(topN) && topN >= 1)) return fail('INVALID_PARAMETERS', `topN ${topN} must be a whole number >= 1`);
  const groupings = { byUnderlying: input.underlyingLabels, bySector: input.sectorLabels, byStrategy: input.strategyLabels };
  for (const [name, labels] of Object.entries({ positionLabels, ...groupings })) {
    if (labels !== undefined && labels.length !== x.length) return fail('INVALID_PARAMETERS', `${name} has ${labels.length} labels for ${x.length} positions`);
  }
  const out: { -readonly [K in keyof Concentration]: Concentration[K] } = {
    conventions: { weights: 'absolute exposure / gross', grouping: 'netted within label', topN },
    byPosition: exposureConcentration({ exposures: x, topN, ...(positionLabels === undefined ? {} : { labels: positionLabels }) }),
  };
  for (const [key, labels] of Object.entries(groupings) as [keyof typeof groupings, PositionLabels | undefined][]) {
    if (labels === undefined) continue;
    const grouped = netByLabel(x, labels);
    out[key] = exposureConcentration({ exposures: grouped.exposures, labels: grouped.labels, topN });
  }
  return ok(out);
}

/** Concentration of the given exposures as they are (one item each); labels default to the index. */
export function exposureConcentration({
  exposures, labels, topN = 5,
}: {
  exposures: Float64Array;
  labels?: PositionLabels;
  topN?: number;
}): ConcentrationMeasure {
  const n = exposures.length;
  let gross = 0;
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(exposures[i]!);
    gross += a;
    if (a > 0) nonZero++;
  }
  if (!(gross > 0)) return { hhi: 0, normalizedHhi: 0, topShare: 0, top: [], nonZeroCount: 0, grossExposure: 0 };
  let hhi = 0; // sum of squared weights (not sum x^2 / gross^2, which can underflow or overflow)
  for (let i = 0; i < n; i++) {
    const w = Math.abs(exposures[i]!) / gross;
    hhi += w * w;
  }
  const top = largest(exposures, topN).map((i) => ({ label: String(labels === undefined ? i : labels[i]), weight: Math.abs(exposures[i]!) / gross }));
  return {
    hhi,
    normalizedHhi: nonZero === 1 ? 1 : (hhi - 1 / nonZero) / (1 - 1 / nonZero),
    topShare: top.reduce((s, t) => s + t.weight, 0),
    top,
    nonZeroCount: nonZero,
    grossExposure: gross,
  };
}

/** Net exposure per distinct label, labels in order of first appearance. */
export function netByLabel(exposures: Float64Array, labels: PositionLabels): { exposures: Float64Array; labels: (string | number)[] } {
  const index = new Map<string | number, number>();
  const keys: (string | number)[] = [];
  const sums: number[] = [];
  for (let i = 0; i < exposures.length; i++) {
    const label = labels[i]!;
    let k = index.get(label);
    if (k === undefined) {
      k = keys.length;
      index.set(label, k);
      keys.push(label);
      sums.push(0);
    }
    sums[k]! += exposures[i]!;
  }
  return { exposures: Float64Array.from(sums), labels: keys };
}

/** Indices of the `count` largest |x| with x != 0, largest first (ties: lower index first); O(n count). */
function largest(x: Float64Array, count: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a === 0 || (best.length === count && a <= Math.abs(x[best[count - 1]!]!))) continue;
    let at = best.length;
    while (at > 0 && Math.abs(x[best[at - 1]!]!) < a) at--;
    best.splice(at, 0, i);
    if (best.length > count) best.pop();
  }
  return best;
}
