/**
 * exp and ln for batch kernels: a table lookup plus a short Taylor polynomial, written so that
 * V8 inlines them into the caller's loop (no call, no division, no branch). `Math.exp` and
 * `Math.log` are calls into C in V8, which also makes the optimising compiler spill every live
 * register around them; in bsm-greeks-batch.ts the two discount factors and the log-moneyness
 * cost ~18 ns of ~70 ns per option that way.
 *
 * exp(x), x in [-2, 2 - 2^-10): x = j/512 + r with j = round(512 x) and |r| <= 2^-10, so
 * exp(x) = E[j] (1 + r + r^2/2 + r^3/6 + r^4/24) with E[j] = Math.exp(j/512); truncation error
 * < 2^-50/120 ~ 7e-18 relative. r is exact (Sterbenz), so the error is the rounding of E[j] and
 * of the polynomial: at most 2 ulp measured against a 200-bit reference, where Math.exp is at
 * most 0.8 ulp (tabulated-exp-log.test.ts asserts < 2.5 ulp).
 *
 * ln(x), x in [0.5, 2]: x = c (1 + r) with c = j/256, j = round(256 x), r = (x - c) / c and
 * |r| <= 2^-8 (x - c exact by Sterbenz; the division is a multiplication by the tabulated 1/c),
 * ln(x) = ln(c) + log1p(r) with log1p to degree 6 (truncation < 2^-56/7 absolute, and relative
 * 2^-54/7 in the cell around 1, where c = 1 and r = x - 1 exactly, so ln(x) keeps its relative
 * accuracy as x -> 1). At most 2 ulp measured against the 200-bit reference (asserted: < 2.5).
 *
 * `tabulatedExp` / `tabulatedLog` check their range and fall back to Math.exp / Math.log outside
 * it (and for NaN, infinities, zero, negative numbers). The `...InRange` forms skip the check
 * for loops that test `inTabulatedExpRange` / `inTabulatedLogRange` themselves and send the
 * rare item outside to a slow path: given any other argument they return a meaningless number
 * (never read outside their table, never throw). Tables: 2,048 + 1,024 doubles (24 KB), built once.
 */

// ROUND_MAGIC = 1.5 * 2^52 = 6755399441055744: for |y| < 2^51, (y + ROUND_MAGIC) - ROUND_MAGIC is y
// rounded to an integer (ties to even), without an int-to-double conversion. The functions below
// spell it and their other constants as literals: named module constants cost bytecode, and V8
// inlines a function only while the caller's total inlined bytecode stays under its budget.

/** Fast exp domain: TABULATED_EXP_MIN <= x < TABULATED_EXP_MAX (2 - 2^-10, so round(512 x) <= 1023). */
export const TABULATED_EXP_MIN = -2;
export const TABULATED_EXP_MAX = 2 - 1 / 1024;
const EXP_SCALE = 512;
const EXP_MASK = 2047;

/** Fast ln domain: TABULATED_LOG_MIN <= x <= TABULATED_LOG_MAX. */
export const TABULATED_LOG_MIN = 0.5;
export const TABULATED_LOG_MAX = 2;
const LOG_SCALE = 256;
const LOG_FIRST = TABULATED_LOG_MIN * LOG_SCALE; // 128
const LOG_MASK = 511;

/** exp(j / 512) for j in [-1024, 1023], at index j & 2047. */
const EXP_TABLE = buildExpTable();
/** ln(j / 256) at 2 (j - 128), 256 / j at 2 (j - 128) + 1, for j in [128, 512]. */
const LOG_TABLE = buildLogTable();

export function inTabulatedExpRange(x: number): boolean {
  return x >= TABULATED_EXP_MIN && x < TABULATED_EXP_MAX;
}

export function inTabulatedLogRange(x: number): boolean {
  return x >= TABULATED_LOG_MIN && x <= TABULATED_LOG_MAX;
}

/** e^x; < 2.5 ulp in [-2, 2 - 2^-10), Math.exp elsewhere. */
export function tabulatedExp(x: number): number {
  return inTabulatedExpRange(x) ? tabulatedExpInRange(x) : Math.exp(x);
}

/** ln x; < 2.5 ulp in [0.5, 2], Math.log elsewhere. */
export function tabulatedLog(x: number): number {
  return inTabulatedLogRange(x) ? tabulatedLogInRange(x) : Math.log(x);
}

/** e^x for x with inTabulatedExpRange(x); anything else gives a meaningless value. */
export function tabulatedExpInRange(x: number): number {
  const j = (x * 512 + 6755399441055744) - 6755399441055744; // round(x * EXP_SCALE), via ROUND_MAGIC
  const r = x - j * 0.001953125; // exact (Sterbenz): j / 512 is within 2^-10 of x
  const r2 = r * r;
  return EXP_TABLE[(j | 0) & 2047]! * (1 + (r + r2 * ((0.5 + r * (1 / 6)) + r2 * (1 / 24))));
}

/** ln x for x with inTabulatedLogRange(x); anything else gives a meaningless value. */
export function tabulatedLogInRange(x: number): number {
  const j = (x * 256 + 6755399441055744) - 6755399441055744; // round(x * LOG_SCALE), via ROUND_MAGIC
  const o = (((j | 0) - 128) & 511) << 1; // 2 (j - LOG_FIRST) & LOG_MASK
  const r = (x - j * 0.00390625) * LOG_TABLE[o + 1]!; // (x - j/256) exactly, times 256/j
  const r2 = r * r;
  return LOG_TABLE[o]! + (r + r2 * ((-0.5 + r * (1 / 3)) + r2 * ((-0.25 + r * 0.2) + r2 * (-1 / 6))));
}

function buildExpTable(): Float64Array {
  const table = new Float64Array(EXP_MASK + 1);
  for (let j = -1024; j < 1024; j++) table[j & EXP_MASK] = Math.exp(j / EXP_SCALE);
  return table;
}

function buildLogTable(): Float64Array {
  // entries for j in [128, 512] fill 2 * 385 slots; the rest (reached only out of range) stay 0
  const table = new Float64Array(2 * (LOG_MASK + 1));
  for (let j = LOG_FIRST; j <= TABULATED_LOG_MAX * LOG_SCALE; j++) {
    table[2 * (j - LOG_FIRST)] = Math.log(j / LOG_SCALE);
    table[2 * (j - LOG_FIRST) + 1] = LOG_SCALE / j;
  }
  return table;
}
