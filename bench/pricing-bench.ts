/**
 * Options pricing benchmark (issue 3). Run: npx tsx bench/pricing-bench.ts
 * Fixed seed; writes bench/results/pricing.json and prints it. Single-threaded, in-process,
 * median over repetitions after a warm-up. If gcc is present, also compiles and runs the plain-C
 * reference (shared/bench/c/risk.c bsbench) for a side-by-side ratio measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BINOMIAL_STEPS } from '../src/core/pricing/american-binomial.ts';
import { americanPrice } from '../src/core/pricing/american-pricing.ts';
import { bsmGreeks, bsmPrice } from '../src/core/pricing/bsm-greeks.ts';
import { bsmGreeksBatch, createBsmBatchOutput } from '../src/core/pricing/bsm-greeks-batch.ts';
import type { BsmBatchInput } from '../src/core/pricing/bsm-greeks-batch.ts';
import { impliedVolatility } from '../src/core/pricing/implied-volatility.ts';
import type { OptionParams, PricingMethod } from '../src/core/pricing/option-types.ts';
import { SHARED_BENCH_DIR } from './shared-bench-dir.ts';

const SEED = 20240607;
const here = dirname(fileURLToPath(import.meta.url));

/** mulberry32: tiny deterministic PRNG, good enough to draw benchmark inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Same input distribution as risk.c bsbench: S 20..500, K = S x 0.8..1.2, 20..730 days, vol 15..60 %, q 0..3 %, r 4 %. */
function drawOption(u: () => number): OptionParams {
  const spot = 20 + 480 * u();
  return {
    spot,
    strike: spot * (0.8 + 0.4 * u()),
    timeToExpiryYears: (20 + 710 * u()) / 365,
    volatility: 0.15 + 0.45 * u(),
    dividendYield: 0.03 * u(),
    rate: 0.04,
    kind: u() < 0.5 ? 'call' : 'put',
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** ns per item: median over `reps` timed runs after `warm` untimed ones. */
function time(items: number, reps: number, warm: number, run: () => void): number {
  const ns: number[] = [];
  for (let k = 0; k < warm + reps; k++) {
    const t0 = process.hrtime.bigint();
    run();
    const elapsed = Number(process.hrtime.bigint() - t0);
    if (k >= warm) ns.push(elapsed / items);
  }
  return median(ns);
}

function benchBatch(): Record<string, number> {
  const n = 1 << 20;
  const u = rng(SEED);
  const input: BsmBatchInput = {
    callPutSign: new Int8Array(n), spot: new Float64Array(n), strike: new Float64Array(n), timeToExpiryYears: new Float64Array(n),
    volatility: new Float64Array(n), rate: new Float64Array(n), dividendYield: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const o = drawOption(u);
    input.callPutSign[i] = o.kind === 'call' ? 1 : -1;
    input.spot[i] = o.spot;
    input.strike[i] = o.strike;
    input.timeToExpiryYears[i] = o.timeToExpiryYears;
    input.volatility[i] = o.volatility;
    input.rate[i] = o.rate;
    input.dividendYield[i] = o.dividendYield;
  }
  const out = createBsmBatchOutput(n);
  // JIT warm-up as in the service (many calls on book-sized batches), so V8 optimises the kernel as a
  // function rather than only by on-stack replacement of one long first call.
  const small = 4096;
  const smallInput: BsmBatchInput = {
    callPutSign: input.callPutSign.subarray(0, small), spot: input.spot.subarray(0, small), strike: input.strike.subarray(0, small),
    timeToExpiryYears: input.timeToExpiryYears.subarray(0, small), volatility: input.volatility.subarray(0, small),
    rate: input.rate.subarray(0, small), dividendYield: input.dividendYield.subarray(0, small),
  };
  const smallOut = createBsmBatchOutput(small);
  for (let k = 0; k < 400; k++) bsmGreeksBatch(smallInput, smallOut);
  const batchNs = time(n, 10, 2, () => bsmGreeksBatch(input, out));
  // scalar kernels on the first 200k options, for comparison
  const m = 200_000;
  const params: OptionParams[] = [];
  for (let i = 0; i < m; i++) {
    params.push({
      kind: input.callPutSign[i]! > 0 ? 'call' : 'put', spot: input.spot[i]!, strike: input.strike[i]!,
      timeToExpiryYears: input.timeToExpiryYears[i]!, volatility: input.volatility[i]!, rate: input.rate[i]!, dividendYield: input.dividendYield[i]!,
    });
  }
  let sink = 0;
  const scalarPriceNs = time(m, 7, 1, () => { for (const p of params) sink += bsmPrice(p); });
  const scalarGreeksNs = time(m, 7, 1, () => { for (const p of params) sink += bsmGreeks(p).vanna; });
  let maxRelDiff = 0;
  for (let i = 0; i < m; i += 97) {
    const g = bsmGreeks(params[i]!);
    maxRelDiff = Math.max(maxRelDiff, Math.abs(out.price[i]! - g.price) / Math.max(g.price, 1e-300), Math.abs(out.delta[i]! - g.delta));
  }
  return {
    options: n,
    ns_per_option_batch_price_and_greeks: round(batchNs),
    ns_per_option_scalar_price: round(scalarPriceNs),
    ns_per_option_scalar_all_greeks_incl_second_order: round(scalarGreeksNs),
    batch_vs_scalar_max_diff: maxRelDiff,
    checksum: round(out.price[n >> 1]! + out.delta[n >> 2]! + (sink > 0 ? 0 : 1)),
  };
}

function benchImpliedVol(): Record<string, number> {
  const u = rng(SEED + 1);
  const n = 100_000;
  const inputs = Array.from({ length: n }, () => {
    const o = drawOption(u);
    return { ...o, style: 'european' as const, price: bsmPrice(o) };
  });
  let failures = 0;
  let worst = 0;
  const ns = time(n, 5, 1, () => {
    failures = 0;
    for (const x of inputs) if (!impliedVolatility(x).ok) failures++;
  });
  for (let i = 0; i < n; i += 101) {
    const x = inputs[i]!;
    const iv = impliedVolatility(x);
    if (iv.ok) worst = Math.max(worst, Math.abs(bsmPrice({ ...x, volatility: iv.value }) - x.price) / x.price);
  }
  const american = inputs.slice(0, 50).map((x) => ({ ...x, style: 'american' as const, price: americanPrice(x, 'binomial') }));
  const americanNs = time(american.length, 3, 1, () => { for (const x of american) impliedVolatility(x); });
  return {
    ns_per_implied_vol_european: round(ns),
    european_failures: failures,
    european_max_rel_price_error: worst,
    us_per_implied_vol_american_binomial: round(americanNs / 1000),
  };
}

function benchAmerican(): Record<string, number> {
  const u = rng(SEED + 2);
  const options = Array.from({ length: 400 }, () => drawOption(u));
  const counts: Record<PricingMethod, number> = { bsm: 400, baw: 400, 'bjerksund-stensland-2002': 400, binomial: 100 };
  const result: Record<string, number> = { binomial_steps: DEFAULT_BINOMIAL_STEPS };
  for (const method of ['bsm', 'baw', 'bjerksund-stensland-2002', 'binomial'] as const) {
    const subset = options.slice(0, counts[method]);
    let sink = 0;
    const ns = time(subset.length, 7, 2, () => { for (const p of subset) sink += americanPrice(p, method); });
    result[`us_per_american_price_${method}`] = round(ns / 1000);
    if (!(sink > 0)) result[`sink_${method}`] = sink;
  }
  return result;
}

function runC(): Record<string, unknown> | undefined {
  const source = [join(SHARED_BENCH_DIR, 'c/risk.c')].find((p) => existsSync(p));
  if (source === undefined) return undefined;
  try {
    execFileSync('gcc', ['-O3', '-march=native', '-std=gnu11', source, '-o', '/tmp/risk-c', '-lm'], { stdio: 'ignore', timeout: 120_000 });
    const line = execFileSync('/tmp/risk-c', ['bsbench'], { encoding: 'utf8', timeout: 120_000 }).trim();
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined; // no gcc, or it failed: the C yardstick is optional
  }
}

const round = (x: number): number => Math.round(x * 100) / 100;

const batch = benchBatch();
const c = runC();
const results = {
  benchmark: 'pricing',
  seed: SEED,
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  units: 'ns per option unless the key says us (microseconds)',
  load_average_1min: round(loadavg()[0] ?? 0),
  bsm: batch,
  implied_volatility: benchImpliedVol(),
  american: benchAmerican(),
  ...(c === undefined ? {} : {
    c_reference: c,
    ratio_batch_vs_c_price_plus_greeks: typeof c['ns_price_plus_greeks'] === 'number'
      ? round(batch['ns_per_option_batch_price_and_greeks']! / (c['ns_price_plus_greeks'] as number)) : null,
  }),
};
const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'pricing.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
