import { tabulatedNormalCdf, tabulatedNormalPdf } from '../stats/tabulated-normal-cdf.ts';
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

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2PI = 2.5066282746310002;
/** Options per block: the scratch arrays of one block stay in L1 cache. */
const BLOCK = 256;

/** Per-block intermediate values (discount factors, log-moneyness then d1, Gaussian factor). */
interface Scratch {
  readonly dividendDiscount: Float64Array;
  readonly rateDiscount: Float64Array;
  readonly d1: Float64Array;
  readonly gaussian: Float64Array;
}

/**
 * Black-Scholes-Merton price and first-order Greeks (plus gamma) for many options, writing into
 * `output`; no allocation per option. Same conventions and results as `bsmGreeks`, to ~1e-12
 * relative (the two round ln(S/K) differently, which a tiny sigma sqrt(T) amplifies).
 * Speed-ups over calling the scalar kernel: the table-driven normal cdf (tabulated-normal-cdf.ts,
 * ~1e-15 relative, no exp or division), and the loop is split into phases per block
 * of 256 options so that the Math.exp / Math.log library calls run in loops with few live values
 * (V8 spills every live register around such calls). Expired and zero-volatility options take
 * the scalar path. Throws on mismatched lengths (a programming error).
 */
export function bsmGreeksBatch(input: BsmBatchInput, output: BsmBatchOutput): void {
  const n = input.spot.length;
  assertLengths(input, output, n);
  const scratch: Scratch = {
    dividendDiscount: new Float64Array(BLOCK),
    rateDiscount: new Float64Array(BLOCK),
    d1: new Float64Array(BLOCK),
    gaussian: new Float64Array(BLOCK),
  };
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    discountsAndMoneyness(input, start, end, scratch);
    d1AndGaussian(input, start, end, scratch);
    pricesAndGreeks(input, output, start, end, scratch);
  }
}

function discountsAndMoneyness(input: BsmBatchInput, start: number, end: number, scratch: Scratch): void {
  const { spot, strike, timeToExpiryYears, rate, dividendYield } = input;
  const { dividendDiscount, rateDiscount, d1 } = scratch;
  for (let i = start, k = 0; i < end; i++, k++) {
    const t = timeToExpiryYears[i]!;
    dividendDiscount[k] = Math.exp(-dividendYield[i]! * t);
    rateDiscount[k] = Math.exp(-rate[i]! * t);
    d1[k] = Math.log(spot[i]! / strike[i]!);
  }
}

function d1AndGaussian(input: BsmBatchInput, start: number, end: number, scratch: Scratch): void {
  const { timeToExpiryYears, volatility, rate, dividendYield } = input;
  const { d1, gaussian } = scratch;
  for (let i = start, k = 0; i < end; i++, k++) {
    const t = timeToExpiryYears[i]!;
    const sst = volatility[i]! * Math.sqrt(t);
    const d = (d1[k]! + (rate[i]! - dividendYield[i]!) * t) / sst + 0.5 * sst;
    d1[k] = d;
    gaussian[k] = tabulatedNormalPdf(d) * SQRT_2PI;
  }
}

function pricesAndGreeks(input: BsmBatchInput, output: BsmBatchOutput, start: number, end: number, scratch: Scratch): void {
  const { callPutSign, spot, strike, timeToExpiryYears, volatility, rate, dividendYield } = input;
  const { price, delta, gamma, vega, theta, rho, dividendRho } = output;
  for (let i = start, k = 0; i < end; i++, k++) {
    const t = timeToExpiryYears[i]!;
    const vol = volatility[i]!;
    const sqrtT = Math.sqrt(t);
    const sst = vol * sqrtT;
    if (!(t > 0 && sst > 0)) {
      scalarPath(input, output, i);
      continue;
    }
    const w = callPutSign[i]!;
    const s = spot[i]!;
    const dq = scratch.dividendDiscount[k]!;
    const fwdSpot = s * dq;
    const fwdStrike = strike[i]! * scratch.rateDiscount[k]!;
    const d1 = scratch.d1[k]!;
    const g1 = scratch.gaussian[k]!;
    const n1 = tabulatedNormalCdf(w * d1);
    const n2 = tabulatedNormalCdf(w * (d1 - sst));
    const invSst = 1 / sst;
    const fwdPdf = fwdSpot * INV_SQRT_2PI * g1;
    const a = fwdSpot * n1;
    const b = fwdStrike * n2;
    const p = w * (a - b);
    price[i] = p > 0 ? p : 0;
    delta[i] = w * dq * n1;
    gamma[i] = (fwdPdf * invSst) / (s * s);
    vega[i] = fwdPdf * sqrtT;
    theta[i] = -0.5 * fwdPdf * vol * vol * invSst - w * (rate[i]! * b - dividendYield[i]! * a);
    rho[i] = w * t * b;
    dividendRho[i] = -w * t * a;
  }
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
