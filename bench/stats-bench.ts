/**
 * Micro-benchmarks of the statistics and simulation kernels (src/core/stats), fixed seeds.
 * Run: npx tsx bench/stats-bench.ts   -> prints a table and writes bench/results/stats.json.
 *
 * Each figure is the median over timed repetitions after untimed warm-up runs (JIT warm), and
 * the per-item cost is that median divided by the items per repetition. Check values guard
 * against dead-code elimination and let runs be compared for agreement.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { cholesky } from '../src/core/stats/cholesky.ts';
import { covarianceMatrix } from '../src/core/stats/covariance-matrix.ts';
import { sortAscending } from '../src/core/stats/empirical-quantile.ts';
import { historicalExpectedShortfall } from '../src/core/stats/historical-expected-shortfall.ts';
import { historicalVar } from '../src/core/stats/historical-var.ts';
import { fillCorrelatedShocks } from '../src/core/stats/multivariate-shocks.ts';
import { Xoshiro256StarStar } from '../src/core/stats/xoshiro256-star-star.ts';
import { fillNormals } from '../src/core/stats/ziggurat-normal.ts';

const SEED = 20240607;
const WARMUP = 3;
const REPETITIONS = 15;

interface Measurement {
  readonly name: string;
  readonly unit: string;
  readonly itemsPerRepetition: number;
  readonly medianMs: number;
  readonly nsPerItem: number;
  readonly minNsPerItem: number;
  readonly check: number;
}

function measure(name: string, unit: string, itemsPerRepetition: number, run: () => number): Measurement {
  let check = 0;
  for (let i = 0; i < WARMUP; i++) check = run();
  const times: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const t0 = performance.now();
    check = run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)]!;
  return { name, unit, itemsPerRepetition, medianMs, nsPerItem: (medianMs * 1e6) / itemsPerRepetition, minNsPerItem: (times[0]! * 1e6) / itemsPerRepetition, check };
}

/** 50-factor equicorrelated (0.3) covariance with vols 1 %..3 % a day, and its Cholesky factor. */
function factorModel(d: number): { covariance: Float64Array; factor: Float64Array } {
  const covariance = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) covariance[i * d + j] = (i === j ? 1 : 0.3) * (0.01 + (0.02 * i) / d) * (0.01 + (0.02 * j) / d);
  }
  const l = cholesky({ matrix: covariance, dimension: d });
  if (!l.ok) throw new Error(l.error.message);
  return { covariance, factor: l.value };
}

const results: Measurement[] = [];
const rng = new Xoshiro256StarStar(SEED);

// uniforms and normals: 1,000,000 per repetition, into a reused buffer. A few thousand short
// calls first, so that V8 optimises the whole function, not only the loop on stack replacement
// (a long loop called a handful of times otherwise runs OSR code, ~30 % slower).
const million = new Float64Array(1_000_000);
const chunk = new Float64Array(256);
for (let i = 0; i < 5000; i++) {
  rng.fillUniforms(chunk);
  fillNormals(rng, chunk);
}
results.push(measure('uniform double (53 bits)', 'ns per uniform', million.length, () => (rng.fillUniforms(million), million[12345]!)));
results.push(measure('standard normal (ziggurat)', 'ns per normal', million.length, () => (fillNormals(rng, million), million[12345]!)));

// correlated 50-dimensional normal vectors: 100,000 paths x 50 factors (the Monte Carlo draw)
const D = 50;
const PATHS = 100_000;
const { factor } = factorModel(D);
const shocks = new Float64Array(PATHS * D);
results.push(
  measure('correlated 50-dim normal vector', 'ns per vector', PATHS, () => {
    fillCorrelatedShocks({ rng, choleskyFactor: factor, dimension: D, pathCount: PATHS, out: shocks });
    return shocks[777]!;
  }),
);
results.push(
  measure('correlated 50-dim normal vector, antithetic pairs', 'ns per vector', PATHS, () => {
    fillCorrelatedShocks({ rng, choleskyFactor: factor, dimension: D, pathCount: PATHS, out: shocks, antithetic: 'pairs' });
    return shocks[777]!;
  }),
);
results.push(
  measure('correlated 50-dim Student-t(4) vector', 'ns per vector', PATHS, () => {
    fillCorrelatedShocks({ rng, choleskyFactor: factor, dimension: D, pathCount: PATHS, out: shocks, distribution: { kind: 'student-t', degreesOfFreedom: 4 } });
    return shocks[777]!;
  }),
);

// historical VaR 95/99 + Acerbi-Tasche ES 97.5 from unsorted returns (includes the sort)
for (const points of [252, 2520]) {
  const returns = new Float64Array(points);
  fillNormals(new Xoshiro256StarStar(SEED + points), returns);
  for (let i = 0; i < points; i++) returns[i]! *= 0.01;
  const calls = Math.round(2_000_000 / points);
  results.push(
    measure(`historical VaR 95+99 and ES 97.5 of ${points} points`, 'ns per call (sort + 3 measures)', calls, () => {
      let s = 0;
      for (let k = 0; k < calls; k++) {
        const sorted = sortAscending(returns);
        s += historicalVar({ sortedReturns: sorted, confidence: 0.95 });
        s += historicalVar({ sortedReturns: sorted, confidence: 0.99 });
        s += historicalExpectedShortfall({ sortedReturns: sorted, confidence: 0.975 });
      }
      return s / calls;
    }),
  );
}

// sample covariance matrix of 252 days x 50 assets
const panel = new Float64Array(252 * D);
fillCorrelatedShocks({ rng: new Xoshiro256StarStar(SEED + 1), choleskyFactor: factor, dimension: D, pathCount: 252, out: panel });
results.push(
  measure('covariance matrix 252 x 50 (n-1)', 'ns per matrix', 1, () => covarianceMatrix({ returns: { values: panel, rows: 252, columns: D } })[51]!),
);

const report = {
  benchmark: 'stats-bench',
  seed: SEED,
  rng: rng.algorithm,
  normalMethod: 'ziggurat, 256 layers, 52-bit magnitudes',
  warmupRuns: WARMUP,
  repetitions: REPETITIONS,
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  measuredAt: new Date().toISOString(),
  results,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/stats.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);

for (const r of results) {
  const total = r.itemsPerRepetition > 1 ? ` (${r.medianMs.toFixed(1)} ms per ${r.itemsPerRepetition.toLocaleString('en')})` : '';
  console.log(`${r.name.padEnd(58)} ${r.nsPerItem.toFixed(r.nsPerItem < 100 ? 2 : 0).padStart(10)} ${r.unit}${total}`);
}
console.log('wrote bench/results/stats.json');
