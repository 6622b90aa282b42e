import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TABULATED_EXP_MAX, TABULATED_EXP_MIN, TABULATED_LOG_MAX, TABULATED_LOG_MIN, inTabulatedExpRange, inTabulatedLogRange,
  tabulatedExp, tabulatedExpInRange, tabulatedLog, tabulatedLogInRange,
} from './tabulated-exp-log.ts';

// Reference values in 200-bit fixed point (BigInt), so errors are measured in ulps of the true
// value rather than against Math.exp / Math.log, which are themselves up to ~0.8 ulp off.
const P = 200n;
const ONE = 1n << P;
const f64 = new Float64Array(1);
const bits64 = new BigUint64Array(f64.buffer);

/** A finite non-zero double as mantissa * 2^exponent, exactly. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  f64[0] = x;
  const bits = bits64[0]!;
  const sign = bits >> 63n ? -1n : 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0
    ? { mantissa: sign * fraction, exponent: -1074 }
    : { mantissa: sign * (fraction | (1n << 52n)), exponent: biased - 1075 };
}

/** x * 2^200 exactly (every double used here is a multiple of 2^-200). */
function fixedPoint(x: number): bigint {
  if (x === 0) return 0n;
  const { mantissa, exponent } = decompose(x);
  const shift = BigInt(exponent) + P;
  if (shift < 0n) throw new RangeError(`${x} is not a multiple of 2^-200`);
  return mantissa << shift;
}

function expReference(x: number): bigint {
  const fx = fixedPoint(x);
  let term = ONE;
  let sum = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * fx) / (n * ONE);
    sum += term;
  }
  return sum;
}

/** ln x = 2 atanh((x - 1) / (x + 1)), |z| <= 1/3 on [0.5, 2]. */
function logReference(x: number): bigint {
  const fx = fixedPoint(x);
  const z = ((fx - ONE) * ONE) / (fx + ONE);
  const z2 = (z * z) / ONE;
  let power = z;
  let sum = 0n;
  for (let k = 0n; power !== 0n; k++) {
    sum += power / (2n * k + 1n);
    power = (power * z2) / ONE;
  }
  return 2n * sum;
}

/** |y - reference| in units in the last place of y. */
function ulpError(y: number, reference: bigint): number {
  const diff = fixedPoint(y) - reference;
  const ulp = 1n << (BigInt(decompose(y).exponent) + P);
  return Number(diff < 0n ? -diff : diff) / Number(ulp);
}

/** n points spread over [lo, hi), off any regular grid, in a fixed order. */
function spread(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => lo + ((hi - lo) * (k + 0.3183098861837907)) / n);
}

function worstUlps(points: readonly number[], f: (x: number) => number, reference: (x: number) => bigint): number {
  let worst = 0;
  for (const x of points) worst = Math.max(worst, ulpError(f(x), reference(x)));
  return worst;
}

describe('tabulatedExp', () => {
  // cell edges (j/512 +- 2^-k), the domain ends, and tiny arguments
  const edges = [-1024, -513, -7, -1, 0, 1, 6, 300, 1023].flatMap((j) => [-1e-9, -1e-15, 1e-15, 1e-9].map((d) => j / 512 + d))
    .filter(inTabulatedExpRange).concat([TABULATED_EXP_MIN, TABULATED_EXP_MAX - 2 ** -40, 2 ** -30, -(2 ** -50)]);

  it('is within 2.5 ulp of e^x over its whole fast range (Math.exp: ~0.8 ulp)', () => {
    expect(worstUlps(spread(TABULATED_EXP_MIN, TABULATED_EXP_MAX, 40_000), tabulatedExpInRange, expReference)).toBeLessThan(2.5);
    expect(worstUlps(spread(-0.1, 0.01, 10_000), tabulatedExpInRange, expReference)).toBeLessThan(2.5); // discount factors
    expect(worstUlps(edges, tabulatedExpInRange, expReference)).toBeLessThan(2.5);
  });

  it('is exact at 0 and for arguments too small to move e^x off 1', () => {
    expect(tabulatedExpInRange(0)).toBe(1);
    expect(tabulatedExpInRange(-0)).toBe(1);
    expect(tabulatedExpInRange(1e-300)).toBe(1);
    expect(tabulatedExpInRange(-1e-17)).toBe(1);
  });

  it('agrees with Math.exp to 1e-15 relative, and is Math.exp itself outside [-2, 2 - 2^-10)', () => {
    fc.assert(fc.property(fc.double({ min: -2, max: 1.999, noNaN: true }), (x) => {
      expect(Math.abs(tabulatedExp(x) / Math.exp(x) - 1)).toBeLessThan(1e-15);
    }));
    for (const x of [-745, -50, -2.0000001, TABULATED_EXP_MAX, 2, 3, 709, Infinity, -Infinity]) expect(tabulatedExp(x)).toBe(Math.exp(x));
    expect(tabulatedExp(Number.NaN)).toBeNaN();
  });

  it('has the stated range, and its unchecked form returns a number for any argument', () => {
    expect(inTabulatedExpRange(-2)).toBe(true);
    expect(inTabulatedExpRange(TABULATED_EXP_MAX - 2 ** -50)).toBe(true);
    expect(inTabulatedExpRange(TABULATED_EXP_MAX)).toBe(false);
    expect(inTabulatedExpRange(-2 - 2 ** -50)).toBe(false);
    expect(inTabulatedExpRange(Number.NaN)).toBe(false);
    fc.assert(fc.property(fc.double(), (x) => typeof tabulatedExpInRange(x) === 'number'));
  });
});

describe('tabulatedLog', () => {
  const nearOne = Array.from({ length: 1_000 }, (_, k) => [1 + (k + 1) * 2 ** -45, 1 - (k + 1) * 2 ** -46]).flat()
    .concat([1 + 2 ** -52, 1 - 2 ** -53, 1 + 3 * 2 ** -52, 1 - 5 * 2 ** -53]);
  const edges = [128, 129, 255, 256, 257, 383, 511, 512].flatMap((j) => [-1e-9, -1e-15, 1e-15, 1e-9].map((d) => j / 256 + d))
    .filter(inTabulatedLogRange).concat([0.5, 2, 1 - 2 ** -53, 1 + 2 ** -52, 0.75, 1.5]);

  it('is within 2.5 ulp of ln x over its whole fast range (Math.log: ~0.8 ulp)', () => {
    expect(worstUlps(spread(TABULATED_LOG_MIN, TABULATED_LOG_MAX, 40_000), tabulatedLogInRange, logReference)).toBeLessThan(2.5);
    expect(worstUlps(spread(0.8, 1.25, 10_000), tabulatedLogInRange, logReference)).toBeLessThan(2.5); // moneyness of a book
    expect(worstUlps(edges, tabulatedLogInRange, logReference)).toBeLessThan(2.5);
  });

  it('keeps its relative accuracy as x -> 1 (the cell around 1 uses r = x - 1 exactly)', () => {
    expect(tabulatedLogInRange(1)).toBe(0);
    expect(worstUlps(nearOne, tabulatedLogInRange, logReference)).toBeLessThan(1);
    expect(worstUlps(spread(0.998, 1.002, 5_000), tabulatedLogInRange, logReference)).toBeLessThan(2);
  });

  it('agrees with Math.log to 1e-15 relative, and is Math.log itself outside [0.5, 2]', () => {
    fc.assert(fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), (x) => {
      const want = Math.log(x);
      expect(Math.abs(tabulatedLog(x) - want)).toBeLessThanOrEqual(1e-15 * Math.abs(want));
    }));
    for (const x of [0, -0, -1, 1e-300, 0.4999999, 2.0000001, 10, 1e300, Infinity]) expect(tabulatedLog(x)).toBe(Math.log(x));
    expect(tabulatedLog(Number.NaN)).toBeNaN();
  });

  it('has the stated range, and its unchecked form returns a number for any argument', () => {
    expect(inTabulatedLogRange(0.5)).toBe(true);
    expect(inTabulatedLogRange(2)).toBe(true);
    expect(inTabulatedLogRange(0.5 - 2 ** -54)).toBe(false);
    expect(inTabulatedLogRange(2 + 2 ** -51)).toBe(false);
    expect(inTabulatedLogRange(Number.NaN)).toBe(false);
    fc.assert(fc.property(fc.double(), (x) => typeof tabulatedLogInRange(x) === 'number'));
  });
});
