/**
 * Margin-like scan in the style of OCC TIMS and FINRA Rule 4210 portfolio margin: each underlying
 * is moved over its class's range in 10 equal steps (11 points, the ends included) with implied
 * volatility down, unchanged and up; the positions on that underlying (stock and options, full
 * revaluation) are valued at every point, and the underlying's requirement is its worst loss
 * (0 when no point loses). The total is the SUM over underlyings: no offsets between underlyings
 * (no cross-margining between classes or products, no concentration add-on, no per-contract
 * minimum); per class it is the sum over that class's underlyings.
 *
 * Default ranges (FINRA 4210(g) / Cboe portfolio-margin price ranges): equities -15 % .. +15 %;
 * broad-based indices -8 % .. +6 %. The implied-vol shifts are this service's choice, not a
 * regulator's figure: +-25 % relative for equities, +-15 % relative for broad indices (sigma x 1.25 /
 * x 0.75 and x 1.15 / x 0.85). Instantaneous: no time decay, rates and dividends unchanged.
 */
import { bjerksundStensland2002Price, bsmPrice, earlyExerciseNeverOptimal } from '../pricing/index.ts';
import { bookOptionParams } from '../risk/book-option-params.ts';
import type { RevaluationBook } from '../risk/revaluation-book.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import { normalCdf } from '../stats/normal-distribution.ts';

export const SCAN_CLASSES = ['equity', 'broad-index'] as const;
export type ScanClass = (typeof SCAN_CLASSES)[number];

export interface ScanRange {
  /** Lowest relative spot move, e.g. -0.15. */
  readonly down: number;
  /** Highest relative spot move, e.g. 0.15. */
  readonly up: number;
  /** Relative implied-vol shift applied down and up (0.25: sigma x 0.75 and x 1.25). */
  readonly volShiftRelative: number;
}

export const DEFAULT_SCAN_RANGES: Readonly<Record<ScanClass, ScanRange>> = {
  equity: { down: -0.15, up: 0.15, volShiftRelative: 0.25 },
  'broad-index': { down: -0.08, up: 0.06, volShiftRelative: 0.15 },
};

export const SCAN_STEPS = 10;

export interface UnderlyingScan {
  readonly underlying: string;
  readonly scanClass: ScanClass;
  /** Positive currency amount: max(0, -min P&L over the points). */
  readonly worstLoss: number;
  readonly worstSpotMove: number;
  readonly worstVolShift: number;
  /** pnl[k][v]: spot point k (spotMoves of the class) and vol state v (down, unchanged, up). */
  readonly pnl: readonly (readonly number[])[];
}

export interface ScanGridResult {
  readonly spotMoves: Readonly<Record<ScanClass, readonly number[]>>;
  /** Relative vol shifts per class: [-shift, 0, +shift]. */
  readonly volShifts: Readonly<Record<ScanClass, readonly number[]>>;
  readonly byUnderlying: readonly UnderlyingScan[];
  readonly byClass: Readonly<Record<ScanClass, number>>;
  /** Sum of the per-underlying worst losses. */
  readonly requirement: number;
  readonly conventions: typeof SCAN_CONVENTIONS;
}

export const SCAN_CONVENTIONS = {
  points: `${SCAN_STEPS + 1} spot points per underlying (10 equal steps, ends included) x implied vol down / unchanged / up`,
  ranges: 'equities -15 % .. +15 %, vol +-25 % relative; broad indices -8 % .. +6 %, vol +-15 % relative (vol shifts: house choice)',
  requirement: 'sum over underlyings of max(0, worst loss); no cross-margining, no concentration add-on, no per-contract minimum',
  revaluation: 'full: European BSM, American Bjerksund-Stensland 2002; instantaneous (no time decay)',
} as const;

export function regulatoryScanGrid({ book, classes, ranges }: {
  book: RevaluationBook;
  /** Class of each underlying (aligned with book.underlyings). */
  classes: readonly ScanClass[];
  ranges?: Partial<Record<ScanClass, ScanRange>>;
}): Result<ScanGridResult, 'INVALID_PARAMETERS'> {
  const u = book.underlyings.length;
  if (classes.length !== u || !classes.every((c) => (SCAN_CLASSES as readonly string[]).includes(c))) {
    return fail('INVALID_PARAMETERS', `classes needs one of ${SCAN_CLASSES.join(', ')} per underlying (${u})`);
  }
  const range = { ...DEFAULT_SCAN_RANGES, ...ranges };
  for (const c of SCAN_CLASSES) {
    const r = range[c];
    if (!(r.down > -1 && r.down <= r.up && Number.isFinite(r.up) && r.volShiftRelative >= 0 && r.volShiftRelative < 1)) {
      return fail('INVALID_PARAMETERS', `range of ${c} must have -1 < down <= up and 0 <= volShiftRelative < 1`);
    }
  }
  const spotMoves = mapClasses((c) => Array.from({ length: SCAN_STEPS + 1 }, (_, k) => range[c].down + ((range[c].up - range[c].down) * k) / SCAN_STEPS));
  const volShifts = mapClasses((c) => [-range[c].volShiftRelative, 0, range[c].volShiftRelative]);
  const points = (SCAN_STEPS + 1) * 3;
  // pnl[i * points + k * 3 + v]
  const pnl = new Float64Array(u * points);
  for (let i = 0; i < u; i++) {
    const moves = spotMoves[classes[i]!];
    const stockValue = book.stockUnits[i]! * book.spots[i]!;
    for (let k = 0; k <= SCAN_STEPS; k++) for (let v = 0; v < 3; v++) pnl[i * points + k * 3 + v] = stockValue * moves[k]!;
  }
  addOptionPnl(book, classes, spotMoves, volShifts, pnl);
  const byClass = { equity: 0, 'broad-index': 0 };
  const byUnderlying = book.underlyings.map((name, i): UnderlyingScan => {
    const c = classes[i]!;
    let worst = 0;
    for (let p = 1; p < points; p++) if (pnl[i * points + p]! < pnl[i * points + worst]!) worst = p;
    const worstLoss = Math.max(0, -pnl[i * points + worst]!);
    byClass[c] += worstLoss;
    return {
      underlying: name, scanClass: c, worstLoss,
      worstSpotMove: spotMoves[c][Math.floor(worst / 3)]!, worstVolShift: volShifts[c][worst % 3]!,
      pnl: Array.from({ length: SCAN_STEPS + 1 }, (_, k) => [0, 1, 2].map((v) => pnl[i * points + k * 3 + v]!)),
    };
  });
  return ok({
    spotMoves, volShifts, byUnderlying, byClass, requirement: byClass.equity + byClass['broad-index'], conventions: SCAN_CONVENTIONS,
  });
}

function mapClasses<T>(f: (c: ScanClass) => T): Record<ScanClass, T> {
  return { equity: f('equity'), 'broad-index': f('broad-index') };
}

/**
 * Every option at every point: BSM inline for European options with time and vol (ln(S'/K) =
 * ln(S/K) + ln(1 + move), so one log per option and vol state), bsmPrice / BS2002 otherwise.
 */
function addOptionPnl(
  book: RevaluationBook, classes: readonly ScanClass[], spotMoves: Record<ScanClass, readonly number[]>,
  volShifts: Record<ScanClass, readonly number[]>, pnl: Float64Array,
): void {
  const points = (SCAN_STEPS + 1) * 3;
  const logGrowth = mapClasses((c) => Float64Array.from(spotMoves[c], (m) => Math.log1p(m)));
  const growth = mapClasses((c) => Float64Array.from(spotMoves[c], (m) => 1 + m));
  for (let j = 0; j < book.optionCount; j++) {
    const i = book.optionUnderlying[j]!;
    const c = classes[i]!;
    const params = bookOptionParams(book, j, book.spots[i]!);
    const units = book.optionUnits[j]!;
    const american = book.optionIsAmerican[j] === 1 && !earlyExerciseNeverOptimal(params);
    const price = (spot: number, volatility: number): number => {
      const p = { ...params, spot, volatility };
      return american ? bjerksundStensland2002Price(p) : bsmPrice(p);
    };
    const base = price(params.spot, params.volatility);
    const t = params.timeToExpiryYears;
    const fast = !american && t > 0 && params.volatility > 0;
    const w = params.kind === 'call' ? 1 : -1;
    const fwdSpot = params.spot * Math.exp(-params.dividendYield * t);
    const fwdStrike = params.strike * Math.exp(-params.rate * t);
    const logMoneyness = Math.log(fwdSpot / fwdStrike);
    for (let v = 0; v < 3; v++) {
      const sigma = params.volatility * (1 + volShifts[c][v]!);
      const sst = sigma * Math.sqrt(t);
      const at = i * points + v;
      for (let k = 0; k <= SCAN_STEPS; k++) {
        let value: number;
        if (fast && sst > 0) {
          const d1 = (logMoneyness + logGrowth[c][k]!) / sst + 0.5 * sst;
          const x = w * (fwdSpot * growth[c][k]! * normalCdf(w * d1) - fwdStrike * normalCdf(w * (d1 - sst)));
          value = x > 0 ? x : 0;
        } else {
          value = price(params.spot * growth[c][k]!, sigma);
        }
        pnl[at + k * 3]! += units * (value - base);
      }
    }
  }
}
