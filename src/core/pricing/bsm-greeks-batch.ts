import {
  TABULATED_EXP_MAX, TABULATED_EXP_MIN, TABULATED_LOG_MAX, TABULATED_LOG_MIN, tabulatedExpInRange, tabulatedLogInRange,
} from '../stats/tabulated-exp-log.ts';
import { TABULATED_CDF_OFFSET, tabulatedNormalCdfInRange, tabulatedNormalPdfInRange } from '../stats/tabulated-normal-cdf.ts';
import { bsmGreeks } from './bsm-greeks.ts';

/**
 * Struct-of-arrays input for `bsmGreeksBatch`: element i of every array describes option i.
 * `callPutSign[i]` is +1 for a call and -1 for a put. Units as in option-types.ts.
 */
export interface BsmBatchInput {
  readonly callPutSign: Int8Array;
  readonly spot: Float64Array;
  readonly strike: Float64Array;
  readonly timeToExpiryYears: Float64Array;
  readonly volatility: Float64Array;
  readonly rate: Float64Array;
  readonly dividendYield: Float64Array;
}

/**
 * Struct-of-arrays output, raw per-1.00 units as RawGreeks: vega per 1.00 vol, theta per year,
 * rho and dividendRho per 1.00 of rate. Allocate once with `createBsmBatchOutput` and reuse.
 */
export interface BsmBatchOutput {
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  readonly vega: Float64Array;
  readonly theta: Float64Array;
  readonly rho: Float64Array;
  readonly dividendRho: Float64Array;
}

export function createBsmBatchOutput(count: number): BsmBatchOutput {
  return {
    price: new Float64Array(count),
    delta: new Float64Array(count),
    gamma: new Float64Array(count),
    vega: new Float64Array(count),
    theta: new Float64Array(count),
    rho: new Float64Array(count),
    dividendRho: new Float64Array(count),
  };
}

/** Options per block: the indices sent to the scalar path are collected per block. */
const BLOCK = 256;

// Module-local aliases of the imported functions and constants used in the hot loop. V8 treats
// an imported binding as a live cell: every use in the loop reloads it, checks it for the hole
// and (for a function) checks its identity, and those checks make it schedule the loop's square
// root and divisions several times over (~6 ns per option). A local const is folded into the code.
const expInRange = tabulatedExpInRange;
const logInRange = tabulatedLogInRange;
const cdfInRange = tabulatedNormalCdfInRange;
const pdfInRange = tabulatedNormalPdfInRange;
const EXP_MIN = TABULATED_EXP_MIN;
const EXP_MAX = TABULATED_EXP_MAX;
const LOG_MIN = TABULATED_LOG_MIN;
const LOG_MAX = TABULATED_LOG_MAX;
const CDF_LIMIT = TABULATED_CDF_OFFSET;

/**
 * Black-Scholes-Merton price and first-order Greeks (plus gamma) for many options, writing into
 * `output`; no allocation per option. Same conventions and results as `bsmGreeks`, to ~1e-12
 * relative (the two round ln(S/K) differently, which a tiny sigma sqrt(T) amplifies).
 *
 * Speed: one loop whose body has no call, so V8 keeps it in registers. exp(-qT), exp(-rT) and
 * ln(S/K) come from the inlinable tables of tabulated-exp-log.ts (< 2.5 ulp) instead of
 * Math.exp / Math.log, Phi and phi from the table-driven normal cdf (tabulated-normal-cdf.ts,
 * ~1e-15 relative); phi(d1) is read from the same cell as Phi(w d1) (phi is even).
 * Every option is computed on that fast path; the few outside its ranges (expired or zero
 * volatility, |qT| or |rT| >= ~2, S/K outside [0.5, 2], |d1| or |d2| >= 10, NaN inputs) are
 * collected per block and recomputed with the scalar `bsmGreeks`, so results never depend on
 * the ranges. Throws on mismatched lengths (a programming error).
 */
export function bsmGreeksBatch(input: BsmBatchInput, output: BsmBatchOutput): void {
  const n = input.spot.length;
  assertLengths(input, output, n);
  const slowPath = new Int32Array(BLOCK);
  for (let start = 0; start < n; start += BLOCK) {
    const slow = fastBlock(input, output, start, Math.min(n, start + BLOCK), slowPath);
    for (let k = 0; k < slow; k++) scalarPath(input, output, slowPath[k]!);
  }
}

/** Fast path for options [start, end); returns how many it listed in `slowPath` for the scalar kernel. */
function fastBlock(input: BsmBatchInput, output: BsmBatchOutput, start: number, end: number, slowPath: Int32Array): number {
  const { callPutSign, spot, strike, timeToExpiryYears, volatility, rate, dividendYield } = input;
  const { price, delta, gamma, vega, theta, rho, dividendRho } = output;
  let slow = 0;
  for (let i = start; i < end; i++) {
    const w = callPutSign[i]!;
    const s = spot[i]!;
    const k = strike[i]!;
    const t = timeToExpiryYears[i]!;
    const vol = volatility[i]!;
    const r = rate[i]!;
    const q = dividendYield[i]!;
    const sqrtT = Math.sqrt(t);
    const sst = vol * sqrtT;
    const invSst = 1 / sst;
    const qt = -q * t;
    const rt = -r * t;
    const moneyness = s / k;
    const dq = expInRange(qt);
    const fwdSpot = s * dq;
    const fwdStrike = k * expInRange(rt);
    const d1 = (logInRange(moneyness) + (r - q) * t) * invSst + 0.5 * sst;
    const d2 = d1 - sst;
    const x1 = w * d1;
    const x2 = w * d2;
    const n1 = cdfInRange(x1);
    const n2 = cdfInRange(x2);
    const fwdPdf = fwdSpot * pdfInRange(x1);
    const a = fwdSpot * n1;
    const b = fwdStrike * n2;
    const p = w * (a - b);
    price[i] = p > 0 ? p : 0;
    delta[i] = w * dq * n1;
    gamma[i] = (fwdPdf * invSst) / (s * s);
    vega[i] = fwdPdf * sqrtT;
    theta[i] = -0.5 * fwdPdf * vol * vol * invSst - w * (r * b - q * a);
    rho[i] = w * t * b;
    dividendRho[i] = -w * t * a;
    // The ranges of the ...InRange functions, checked last (an early `continue` makes V8 compute
    // the square root and the divisions twice) and spelt out (calls to inTabulatedExpRange etc.
    // would use up V8's inlining budget for this function, which the functions above need).
    if (!(sst > 0 && qt >= EXP_MIN && qt < EXP_MAX && rt >= EXP_MIN && rt < EXP_MAX && moneyness >= LOG_MIN && moneyness <= LOG_MAX
      && x1 >= -CDF_LIMIT && x1 < CDF_LIMIT && x2 >= -CDF_LIMIT && x2 < CDF_LIMIT)) {
      slowPath[slow++] = i;
    }
  }
  return slow;
}

function scalarPath(input: BsmBatchInput, output: BsmBatchOutput, i: number): void {
  const g = bsmGreeks({
    kind: input.callPutSign[i]! > 0 ? 'call' : 'put',
    spot: input.spot[i]!,
    strike: input.strike[i]!,
    timeToExpiryYears: input.timeToExpiryYears[i]!,
    volatility: input.volatility[i]!,
    rate: input.rate[i]!,
    dividendYield: input.dividendYield[i]!,
  });
  output.price[i] = g.price;
  output.delta[i] = g.delta;
  output.gamma[i] = g.gamma;
  output.vega[i] = g.vega;
  output.theta[i] = g.theta;
  output.rho[i] = g.rho;
  output.dividendRho[i] = g.dividendRho;
}

function assertLengths(input: BsmBatchInput, output: BsmBatchOutput, n: number): void {
  const arrays = [...Object.values(input), ...Object.values(output)] as ArrayLike<number>[];
  for (const a of arrays) {
    if (a.length < n) throw new RangeError(`bsmGreeksBatch: array of length ${a.length} < ${n}`);
  }
}
