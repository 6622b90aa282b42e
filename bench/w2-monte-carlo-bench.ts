/**
 * W2 benchmark: Monte Carlo VaR by full revaluation on the shared benchmark data
 * (../shared/bench/README.md, workload W2): P = 1,000 and 10,000 positions, 100,000 paths,
 * normal and Student-t(4), 1-day horizon, options aged one day, VaR99 and ES97.5 with the
 * peers' index rule (VaR = -x[floor(N (1 - a))], ES = mean of the worst N (1 - a)).
 *
 *   npx tsx bench/w2-monte-carlo-bench.ts [--quick] [--no-peers] [--no-exact]
 *
 * Measures, in one session: our grid mode on the worker pool (median over repetitions after
 * warm-ups; the pool is started before timing, its cold start is reported apart), grid mode in
 * one thread in-process, exact mode on the pool, the grid error against exact revaluation on the
 * same paths (every path), and the peers (C -O3 single thread as the README builds it, C with
 * OpenMP on 2 threads, numpy). Writes bench/results/w2.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMonteCarloWorkerPool } from '../src/adapters/compute/run-monte-carlo-var.ts';
import type { MonteCarloDistribution, MonteCarloVarRequest, MonteCarloVarResult } from '../src/core/risk/monte-carlo-types.ts';
import { monteCarloVar } from '../src/core/risk/monte-carlo-var.ts';
import { loadW2Data } from './w2-load-data.ts';
import { compileCPeers, runCPeer, runNumpyPeer } from './w2-peers.ts';
import type { PeerJob, PeerOutcome } from './w2-peers.ts';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const withPeers = !process.argv.includes('--no-peers');
const withExact = !process.argv.includes('--no-exact');
const PATHS = 100_000;
const SEED = 42;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
};
const round = (x: number, digits = 4): number => Number(x.toPrecision(digits));

type Dist = 'normal' | 't4';
const distribution = (d: Dist): MonteCarloDistribution =>
  d === 'normal' ? { kind: 'normal' } : { kind: 'student-t', degreesOfFreedom: 4 };

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** VaR99 / ES97.5 of a result with their standard errors. */
function headline(r: MonteCarloVarResult) {
  const v = r.var.find((x) => x.confidence === 0.99)!;
  const e = r.expectedShortfall.find((x) => x.confidence === 0.975)!;
  return { var99: v.amount, var99StandardError: v.standardError, es975: e.amount, es975StandardError: e.standardError, mean: r.pnl.mean };
}

/** Difference to a peer in standard errors of the difference (two independent runs of the same size). */
function agreement(ours: ReturnType<typeof headline>, peer: PeerOutcome) {
  if (!('var99' in peer)) return null;
  return {
    impl: peer.impl,
    var99: { peer: peer.var99, relativeDifference: round(ours.var99 / peer.var99 - 1), z: round((ours.var99 - peer.var99) / (Math.SQRT2 * ours.var99StandardError), 3) },
    es975: { peer: peer.es975, relativeDifference: round(ours.es975 / peer.es975 - 1), z: round((ours.es975 - peer.es975) / (Math.SQRT2 * ours.es975StandardError), 3) },
  };
}

function gridVersusExact(grid: MonteCarloVarResult, exact: MonteCarloVarResult) {
  const g = grid.pathPnl!, x = exact.pathPnl!;
  let maxAbs = 0;
  for (let p = 0; p < g.length; p++) maxAbs = Math.max(maxAbs, Math.abs(g[p]! - x[p]!));
  const hg = headline(grid), hx = headline(exact);
  return {
    pathsCompared: g.length,
    maxAbsErrorPerPath: maxAbs,
    var99: { grid: hg.var99, exact: hx.var99, relativeDifference: hg.var99 / hx.var99 - 1 },
    es975: { grid: hg.es975, exact: hx.es975, relativeDifference: hg.es975 / hx.es975 - 1 },
    runCheck: grid.gridError,
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]): number => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));

/**
 * One seed is one draw: compare the mean VaR99 / ES97.5 over several seeds (ours and C's) with
 * the spread of those means, and our reported standard error with the spread across seeds.
 */
async function seedStudy(pool: ReturnType<typeof createMonteCarloWorkerPool>, request: MonteCarloVarRequest, job: PeerJob) {
  const ours = [];
  for (let seed = 1; seed <= (quick ? 4 : 30); seed++) ours.push(headline(unwrap(await pool.runMonteCarloVar({ ...request, seed, gridCheckWindow: 0 }))));
  // the OpenMP build gives the same numbers as the single-thread one (a stream per block), in half the time
  const c = withPeers ? Array.from({ length: quick ? 3 : 20 }, (_, k) => runCPeer({ ...job, reps: 1, warmups: 0, seed: k + 1 }, 2)) : [];
  const cRuns = c.flatMap((r) => ('var99' in r ? [r] : []));
  const summary = (xs: number[]) => ({ mean: round(mean(xs), 6), sdAcrossSeeds: round(sd(xs), 3), standardErrorOfMean: round(sd(xs) / Math.sqrt(xs.length), 3), seeds: xs.length });
  return {
    ours: { var99: summary(ours.map((o) => o.var99)), es975: summary(ours.map((o) => o.es975)), meanReportedVar99StandardError: round(mean(ours.map((o) => o.var99StandardError)), 3) },
    c: cRuns.length > 1 ? { var99: summary(cRuns.map((r) => r.var99)), es975: summary(cRuns.map((r) => r.es975)) } : null,
  };
}

async function main(): Promise<void> {
  const pool = createMonteCarloWorkerPool();
  const started = performance.now();
  await pool.warmUp();
  const coldStartMs = performance.now() - started;
  const peerBuild = withPeers ? compileCPeers() : ['peers skipped (--no-peers)'];
  const loadBefore = loadavg();
  const rows = [];
  for (const positions of [1_000, 10_000]) {
    const data = loadW2Data({ positionCount: positions });
    for (const dist of ['normal', 't4'] as const) {
      const request: MonteCarloVarRequest = {
        book: data.book, dailyCovariance: data.dailyCovariance, distribution: distribution(dist), pathCount: PATHS, seed: SEED,
        confidences: [0.975, 0.99], quantileMethod: 'floor-index',
      };
      const reps = quick ? 3 : positions === 1_000 ? 15 : 9;
      for (let k = 0; k < 2; k++) unwrap(await pool.runMonteCarloVar(request)); // warm-up (JIT, caches)
      const times: number[] = [];
      let grid: MonteCarloVarResult | null = null;
      const cpu0 = process.cpuUsage(); // all threads of the process: the CPU the runs cost, whatever else runs on the machine
      for (let k = 0; k < reps; k++) {
        const t0 = performance.now();
        grid = unwrap(await pool.runMonteCarloVar(request));
        times.push(performance.now() - t0);
      }
      const cpu = process.cpuUsage(cpu0);
      const cpuMsPerRun = (cpu.user + cpu.system) / 1000 / reps;
      const singleTimes: number[] = [];
      for (let k = 0; k < (quick ? 1 : 3); k++) {
        const t0 = performance.now();
        unwrap(monteCarloVar(request));
        singleTimes.push(performance.now() - t0);
      }
      const t0 = performance.now();
      const exact = withExact ? unwrap(await pool.runMonteCarloVar({ ...request, revaluation: 'exact', includePathPnl: true })) : null;
      const exactMs = performance.now() - t0;
      const gridWithPaths = unwrap(await pool.runMonteCarloVar({ ...request, includePathPnl: true }));
      const job: PeerJob = { positions, paths: PATHS, dist, reps: positions === 1_000 ? 5 : quick ? 1 : 3, warmups: positions === 1_000 ? 1 : 0 };
      const peers: PeerOutcome[] = withPeers
        ? [runCPeer(job, 1), runCPeer(job, 2), runNumpyPeer({ ...job, reps: positions === 1_000 ? 3 : 1, warmups: positions === 1_000 ? 1 : 0 })]
        : [];
      const seeds = positions === 1_000 ? await seedStudy(pool, request, job) : null;
      const ours = headline(grid!);
      const ourMedian = median(times);
      const row = {
        positions, options: data.book.optionCount, dist, paths: PATHS,
        ours: {
          gridPoolMs: { median: round(ourMedian), min: round(Math.min(...times)), max: round(Math.max(...times)), reps, times: times.map((t) => round(t)) },
          gridPoolCpuMsPerRun: round(cpuMsPerRun),
          gridSingleThreadMs: round(median(singleTimes)),
          exactPoolMs: exact === null ? null : round(exactMs),
          ...ours,
        },
        peers: peers.map((p) => ('medianMs' in p ? { ...p, timesMs: p.timesMs?.map((t) => round(t)) ?? null } : p)),
        speedRatios: Object.fromEntries(peers.flatMap((p) => ('medianMs' in p ? [[p.impl, round(p.medianMs / ourMedian, 3)]] : []))),
        agreement: peers.map((p) => agreement(ours, p)).filter((a) => a !== null),
        gridVersusExact: exact === null ? null : gridVersusExact(gridWithPaths, exact),
        seedStudy: seeds,
        loadAverage1m: loadavg()[0],
      };
      rows.push(row);
      console.log(`P=${positions} ${dist}: grid pool ${ourMedian.toFixed(1)} ms [${Math.min(...times).toFixed(1)}-${Math.max(...times).toFixed(1)}] (CPU ${cpuMsPerRun.toFixed(0)} ms/run, load ${loadavg()[0]!.toFixed(2)}), single thread ${median(singleTimes).toFixed(0)} ms, exact ${exact === null ? "skipped" : `${exactMs.toFixed(0)} ms`}; `
        + `VaR99 ${ours.var99.toFixed(0)} (SE ${ours.var99StandardError.toFixed(0)}), ES97.5 ${ours.es975.toFixed(0)}; `
        + peers.map((p) => ('medianMs' in p ? `${p.impl} ${p.medianMs.toFixed(0)} ms (x${(p.medianMs / ourMedian).toFixed(1)}) VaR99 ${p.var99.toFixed(0)} ES ${p.es975.toFixed(0)}` : `${p.impl} unavailable`)).join('; ')
        + (row.gridVersusExact === null ? '' : `; grid vs exact: max |err| ${row.gridVersusExact.maxAbsErrorPerPath.toExponential(2)}, VaR99 rel ${row.gridVersusExact.var99.relativeDifference.toExponential(2)}`));
    }
  }
  await pool.close();
  const result = {
    benchmark: 'w2-monte-carlo',
    description: 'Monte Carlo VaR, full revaluation, W2 of ../shared/bench (README): 100,000 paths, 1-day horizon, VaR99 (floor-index rule) and ES97.5 (Acerbi-Tasche = mean of worst 2,500)',
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, availableParallelism: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    settings: { seed: SEED, paths: PATHS, poolSize: pool.size, revaluation: 'grid (64 cells per underlying) unless stated', quick, withExact, peerBuild },
    pool: { coldStartMs: round(coldStartMs) },
    notes: [
      'gridPoolMs: wall time of runMonteCarloVar on the warm worker pool (validation, Cholesky, grid pricing, paths, grid check, statistics); gridPoolCpuMsPerRun: CPU time of all threads per run (wall ~ CPU / 2 when both cores are free).',
      'The machine is shared with other sessions: loadAverage1m is recorded with each row; C with OpenMP shows whether the second core was free.',
      'Peers: C -O3 single thread as in the README, C with -fopenmp on 2 threads, numpy (single thread); different RNGs, so VaR/ES agree statistically (z = difference / (sqrt 2 x our SE)).',
      'gridVersusExact compares grid and exact revaluation on the same 100,000 paths (same seed).',
    ],
    results: rows,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', withPeers && withExact ? 'w2.json' : 'w2-partial.json'); // partial runs never overwrite the full record
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

await main();
