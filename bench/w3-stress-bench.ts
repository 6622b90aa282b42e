/**
 * W3 stress benchmark (../shared/bench/README.md) and the stress targets of issue 6.
 * Run: npx tsx bench/w3-stress-bench.ts [rounds]   (writes bench/results/w3.json)
 *
 * 1. W3: the shared nine deterministic scenarios on positions_P1000 (and P10000 for the issue's
 *    <= 50 ms target), as ScenarioDefinitions run by runStressSuite (full revaluation, per-position
 *    and per-underlying P&L, post-stress Greeks, liquidation cost). The C -O3 and numpy peers run in
 *    the same session, interleaved round by round; agreement = max relative difference of the nine
 *    scenario totals (C prints 10 significant digits).
 *    W3 moves every spot by the same amount: the market's betas are set to 1 for it.
 * 2. The regulatory scan grid on 10,000 positions (target <= 200 ms).
 * 3. Monte Carlo stress, 10,000 paths on 1,000 positions (target <= 200 ms), fixed seed.
 * Single thread; each timing is the median of 5 runs after 1 warm-up, median over rounds; ours runs
 * after an untimed JIT warm-up (20 suites) as a long-running service would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RevaluationBook } from '../src/core/risk/revaluation-book.ts';
import { covarianceMatrix } from '../src/core/stats/covariance-matrix.ts';
import { runStressSuite } from '../src/core/stress/run-stress-suite.ts';
import type { ScenarioDefinition, ScenarioShock } from '../src/core/stress/scenario-definition.ts';
import type { StockPositionList } from '../src/core/stress/apply-scenario.ts';
import type { StressMarket } from '../src/core/stress/shock-book.ts';
import type { W1Market } from './w1-snapshot-job.ts';
import { buildW1Book, DEFAULT_DATA_DIR, loadW1Market, loadW1Positions } from './w1-snapshot-job.ts';
import { runExtraTargets } from './w3-stress-targets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env['W3_DATA_DIR'] ?? DEFAULT_DATA_DIR;
const peerDir = join(dataDir, '..');
const rounds = Number(process.argv[2] ?? 5);
const REPS = 5;
const WARM = 1;
const C_BINARY = '/tmp/risk-c';
const JIT_WARMUP_RUNS = 20;
/** The peers' z for the 99 % quantile (risk.c). */
const Z99 = 2.3263478740408408;

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
};

/** Median ms of REPS timed runs after WARM warm-ups; returns the last result too. */
export function timeIt<T>(job: () => T): { ms: number; result: T } {
  const times: number[] = [];
  let result: T | undefined;
  for (let k = 0; k < WARM + REPS; k++) {
    const t0 = process.hrtime.bigint();
    result = job();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (k >= WARM) times.push(ms);
  }
  return { ms: median(times), result: result! };
}

export interface BenchBook {
  readonly book: RevaluationBook;
  readonly stockPositions: StockPositionList;
  readonly market: StressMarket;
  readonly dailyCovariance: Float64Array;
  readonly sectorOf: readonly number[];
  readonly positionCount: number;
}

/** Book, stock positions (with their position indices), sample sds (n-1) and covariance of the first U underlyings. */
export function loadBenchBook(market: W1Market, positionCount: number): BenchBook {
  const p = loadW1Positions(positionCount, dataDir);
  const { book, stockUnderlying, stockUnits } = buildW1Book(market, p);
  const position = new Int32Array(stockUnits.length);
  let s = 0;
  for (let i = 0; i < p.count; i++) if (p.kind[i] === 0) position[s++] = i;
  const u = p.underlyingCount;
  const values = new Float64Array(market.days * u);
  for (let t = 0; t < market.days; t++) values.set(market.logReturns.subarray(t * market.underlyingCount, t * market.underlyingCount + u), t * u);
  const dailyCovariance = covarianceMatrix({ returns: { values, rows: market.days, columns: u } });
  const sd = Float64Array.from({ length: u }, (_, i) => Math.sqrt(dailyCovariance[i * u + i]!));
  const sectorOf = Array.from({ length: u }, (_, i) => i % 10);
  return {
    book, stockPositions: { underlying: stockUnderlying, units: stockUnits, position },
    market: { sectors: sectorOf.map((k) => `S${k}`), betas: new Float64Array(u).fill(1), dailyLogReturnSd: sd },
    dailyCovariance, sectorOf, positionCount: p.count,
  };
}

const scenario = (id: string, shocks: ScenarioShock[]): ScenarioDefinition => ({
  id, name: id, type: 'custom', severity: 'moderate', description: `W3 ${id}`, sourceNotes: '../shared/bench/README.md W3', shocks,
});
const all = { market: true } as const;

/** The nine W3 scenarios, named as the peers print them. */
export const W3_SCENARIOS: readonly ScenarioDefinition[] = [
  scenario('spot-20', [{ target: all, spot: { relative: -0.2 } }]),
  scenario('spot-10', [{ target: all, spot: { relative: -0.1 } }]),
  scenario('spot+10', [{ target: all, spot: { relative: 0.1 } }]),
  scenario('vol x1.5', [{ target: all, volatility: { relative: 0.5 } }]),
  scenario('vol x2', [{ target: all, volatility: { relative: 1 } }]),
  scenario('rates+200bp', [{ target: all, rateBp: 200 }]),
  scenario('corr-to-one 99% 10d', [{ target: all, spot: { sigmas: -Z99, horizonDays: 10 } }]),
  scenario('crash spot-15 vol x1.5', [{ target: all, spot: { relative: -0.15 }, volatility: { relative: 0.5 } }]),
  scenario('liquidity haircut', [{
    target: all, spot: { relative: -0.05 }, volatility: { relative: 0.25 },
    liquidity: { spreadWideningMultiplier: 1, haircutByBucket: { liquid: 0, moderate: 0, illiquid: 0 } },
  }]),
];

/** W3's liquidation cost: 0.5 % of |stock MV| and 5 % of |option MV|, position by position. */
const W3_LIQUIDITY = { averageDailyVolumeShares: new Float64Array(0), stockHalfSpreadFraction: 0.005, optionHalfSpreadFraction: 0.05 };

export function runW3(b: BenchBook): Record<string, number> {
  const suite = runStressSuite({
    book: b.book, market: b.market, scenarios: W3_SCENARIOS, netAssetValue: 1e8, stockPositions: b.stockPositions, liquidityMarket: W3_LIQUIDITY,
  });
  if (!suite.ok) throw new Error(suite.error.message);
  const out: Record<string, number> = {};
  suite.value.results.forEach((r, k) => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    out[W3_SCENARIOS[k]!.id] = r.value.pnl.amount;
  });
  return out;
}

interface PeerRun { readonly ms: number; readonly check: Record<string, number> }

function runPeer(command: string, args: string[]): PeerRun | { unavailable: string } {
  try {
    const out = execFileSync(command, args, { encoding: 'utf8', cwd: peerDir, env: { ...process.env, DATA: dataDir }, timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'] });
    const line = JSON.parse(out.trim().split('\n').pop()!) as { median_ms: number; check: Record<string, number> };
    return { ms: line.median_ms, check: line.check };
  } catch (e) {
    return { unavailable: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  }
}

function maxRelativeDifference(ours: Record<string, number>, peer: Record<string, number>): number {
  let worst = 0;
  for (const [k, v] of Object.entries(peer)) {
    const o = ours[k];
    if (o === undefined) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, Math.abs(o - v) / Math.max(Math.abs(v), 1));
  }
  return worst;
}

function main(): void {
  let cBuild: string | null = null;
  try {
    execFileSync('gcc', ['-O3', '-march=native', '-std=gnu11', join(peerDir, 'c/risk.c'), '-o', C_BINARY, '-lm'], { stdio: 'pipe' });
  } catch (e) {
    cBuild = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  }
  const market = loadW1Market(dataDir);
  const p1000 = loadBenchBook(market, 1000);
  const p10000 = loadBenchBook(market, 10000);
  // JIT warm-up (untimed): a long-running service runs warm code; the peers need none
  for (let k = 0; k < JIT_WARMUP_RUNS; k++) { runW3(p1000); runW3(p10000); }
  const loadBefore = loadavg();
  const impls = ['ours', 'c', 'numpy'] as const;
  const times: Record<(typeof impls)[number], number[]> = { ours: [], c: [], numpy: [] };
  const checks: Record<string, Record<string, number>> = {};
  const unavailable: Record<string, string> = {};
  const ratios: { c: number[]; numpy: number[] } = { c: [], numpy: [] };
  for (let round = 0; round < rounds; round++) {
    const order = impls.map((_, k) => impls[(k + round) % impls.length]!);
    const roundMs: Partial<Record<string, number>> = {};
    for (const impl of order) {
      if (impl === 'ours') {
        const t = timeIt(() => runW3(p1000));
        roundMs[impl] = t.ms;
        checks[impl] = t.result;
      } else {
        const r = impl === 'c'
          ? (existsSync(C_BINARY) ? runPeer(C_BINARY, ['w3', String(REPS), String(WARM)]) : { unavailable: cBuild ?? 'not built' })
          : runPeer('/usr/bin/python3', [join(peerDir, 'py/risk_np.py'), 'w3', String(REPS), String(WARM)]);
        if ('unavailable' in r) { unavailable[impl] = r.unavailable; continue; }
        roundMs[impl] = r.ms;
        checks[impl] = r.check;
      }
      times[impl].push(roundMs[impl]!);
    }
    for (const peer of ['c', 'numpy'] as const) {
      if (roundMs[peer] !== undefined) ratios[peer].push(roundMs['ours']! / roundMs[peer]);
    }
  }
  const p10000Run = timeIt(() => runW3(p10000));
  const extra = runExtraTargets({ p1000, p10000, timeIt });
  const ours = checks['ours']!;
  const result = {
    benchmark: 'w3-stress',
    description: 'W3 of ../shared/bench/README.md (nine deterministic scenarios, full revaluation) plus the issue 6 stress targets',
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    settings: { rounds, repsPerRound: REPS, warmups: WARM, jitWarmupRuns: JIT_WARMUP_RUNS },
    w3: {
      positions: p1000.positionCount,
      options: p1000.book.optionCount,
      medianMs: { ours: median(times.ours), c: times.c.length > 0 ? median(times.c) : null, numpy: times.numpy.length > 0 ? median(times.numpy) : null },
      timesMs: times,
      ratioOursOver: { c: ratios.c.length > 0 ? median(ratios.c) : null, numpy: ratios.numpy.length > 0 ? median(ratios.numpy) : null },
      check: checks,
      maxRelativeDifference: {
        c: checks['c'] === undefined ? null : maxRelativeDifference(ours, checks['c']),
        numpy: checks['numpy'] === undefined ? null : maxRelativeDifference(ours, checks['numpy']),
      },
      unavailable,
      work: 'ours also computes per-position and per-underlying P&L, post-stress Greeks and worst contributors; the peers compute P&L per scenario and underlying only',
    },
    targets: {
      nineScenarioSuite10000: { positions: p10000.positionCount, options: p10000.book.optionCount, medianMs: p10000Run.ms, targetMs: 50, met: p10000Run.ms <= 50 },
      ...extra,
    },
  };
  const out = join(here, 'results');
  if (!existsSync(out)) mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'w3.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ w3: { medianMs: result.w3.medianMs, ratio: result.w3.ratioOursOver, agreement: result.w3.maxRelativeDifference }, targets: result.targets }, null, 2));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
