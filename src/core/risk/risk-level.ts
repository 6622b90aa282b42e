export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** Three increasing thresholds: at the first a metric is MEDIUM, at the second HIGH, at the third CRITICAL. */
export type Bands = readonly [number, number, number];

export interface RiskLevelPolicy {
  /** Weight of each metric in the score (normalised over the metrics that are available). */
  readonly weights: Readonly<Record<string, number>>;
  readonly bands: Readonly<Record<string, Bands>>;
  /** When annualised volatility exceeds `threshold`, every band is multiplied by `factor` (< 1 tightens). */
  readonly highVolatility: { readonly threshold: number; readonly factor: number };
}

export interface RiskDriver {
  readonly metric: string;
  readonly value: number;
  readonly bands: Bands;
  /** 0..3: 1 at the MEDIUM band, 2 at HIGH, 3 at CRITICAL (linear between, capped at 3). */
  readonly score: number;
  readonly weight: number;
  readonly level: RiskLevel;
}

export interface RiskLevelResult {
  readonly level: RiskLevel;
  /** Weighted mean metric score, 0..3. */
  readonly score: number;
  /** Metrics that set the level, highest weighted contribution first. */
  readonly drivers: readonly RiskDriver[];
  readonly tightened: boolean;
  readonly rule: string;
  /** Metrics that could not be scored (no value). */
  readonly unavailable: readonly string[];
}

const LEVELS: readonly RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export function metricScore(value: number, [b1, b2, b3]: Bands): number {
  if (value <= 0) return 0;
  if (value < b1) return value / b1;
  if (value < b2) return 1 + (value - b1) / (b2 - b1);
  if (value < b3) return 2 + (value - b2) / (b3 - b2);
  return 3;
}

const levelOf = (score: number): RiskLevel => LEVELS[Math.min(3, Math.floor(score))] as RiskLevel;

export const RISK_LEVEL_RULE = 'each metric scores 0..3 against its bands (1 = MEDIUM band, 2 = HIGH, 3 = CRITICAL, linear between); '
  + 'the level is the weighted mean score (floor: 0 LOW, 1 MEDIUM, 2 HIGH, 3 CRITICAL), raised to at least HIGH when any metric is at or beyond its CRITICAL band; '
  + 'when annualised volatility exceeds the high-volatility threshold every band is scaled by the tightening factor';

/** The portfolio's risk level from metric values (positive fractions/ratios; absent = unavailable). */
export function riskLevel(values: Readonly<Record<string, number | null>>, policy: RiskLevelPolicy, annualizedVolatility: number | null): RiskLevelResult {
  const tightened = annualizedVolatility !== null && annualizedVolatility > policy.highVolatility.threshold;
  const drivers: RiskDriver[] = [];
  const unavailable: string[] = [];
  for (const [metric, weight] of Object.entries(policy.weights)) {
    const value = values[metric];
    const raw = policy.bands[metric];
    if (value === null || value === undefined || !Number.isFinite(value) || raw === undefined || weight <= 0) { unavailable.push(metric); continue; }
    const f = tightened ? policy.highVolatility.factor : 1;
    const bands: Bands = [raw[0] * f, raw[1] * f, raw[2] * f];
    const score = metricScore(value, bands);
    drivers.push({ metric, value, bands, score, weight, level: levelOf(score) });
  }
  const totalWeight = drivers.reduce((s, d) => s + d.weight, 0);
  const score = totalWeight > 0 ? drivers.reduce((s, d) => s + d.weight * d.score, 0) / totalWeight : 0;
  let level = levelOf(score);
  if (drivers.some((d) => d.score >= 3) && LEVELS.indexOf(level) < 2) level = 'HIGH';
  drivers.sort((a, b) => b.weight * b.score - a.weight * a.score);
  return { level, score, drivers, tightened, rule: RISK_LEVEL_RULE, unavailable };
}
