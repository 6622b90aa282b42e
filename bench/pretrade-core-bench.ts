/**
 * In-process pre-trade check benchmark (issue 5 target: <= 20 us median per check, 1,000 positions,
 * 20 limits). Run: npx tsx bench/pretrade-core-bench.ts [rounds=5]. Writes bench/results/pretrade-core.json.
 *
 * Two runs over the 10,000 shared W4 orders (../shared/bench/data, fixed seed 20240607; the only
 * generated input, the ADV per underlying, comes from a fixed-seed LCG):
 * - "w4": the exact ten W4 limits on the W4 book (each file row its own position, every order a
 *   new one, as W4 aggregates) through the full `evaluateOrder` (order parsing, instrument keys,
 *   BSM for options, every reason object). Accepted count and per-limit breach counts must equal
 *   the C peer's (7,048). Time = ns per order averaged over the 10,000 orders, median of 5 reps -
 *   the peers' own metric, so the ratios vs C and numpy are like for like.
 * - "20 limits": the book merged by instrument key (strategies s0..s3), 20 limits of 20 types
 *   (the ten W4 ones plus net gamma, theta, VaR, volatility, correlation, liquidity, order
 *   quantity, price collar, order rate, restricted symbols) with warning levels [0.8, 0.95] and
 *   limit prices on every order; per-call median and p99 (process.hrtime.bigint around each call;
 *   the timer's own cost is reported and not subtracted) and the batch mean.
 * The peers (C -O3, numpy) run as separate processes in the same session, interleaved with ours
 * round by round (the order rotates) to cancel the machine's drift; ratios are per-round medians.
 * Wall-clock figures are what the peers report; CPU-time figures (process.cpuUsage over the same
 * batches) are given too, since a loaded machine preempts long batches more than short ones.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateOrder } from '../src/core/limits/evaluate-order.ts';
import { measureLimits } from '../src/core/limits/measure-limits.ts';
import type { LimitDefinition } from '../src/core/limits/limit-definition.ts';
import type { PreTradeOrder } from '../src/core/limits/pre-trade-decision.ts';
import type { PreTradeState } from '../src/core/limits/pre-trade-state.ts';
import { buildPreTradeState } from '../src/core/limits/pre-trade-state.ts';
import { bsmPrice } from '../src/core/pricing/bsm-greeks.ts';
import type { W4Data } from './pretrade-bench-data.ts';
import { DATA_DIR, limit, loadW4Data, NOW_MS, ordersOf, positionsOf, w4Limits } from './pretrade-bench-data.ts';

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.argv[2] ?? 5);
const REPS = 5;
const PEER_DIR = join(DATA_DIR, '..');
const C_BINARY = '/tmp/risk-c';

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
};
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function state(data: W4Data, opts: { asLots: boolean; limits: LimitDefinition[]; var95: number; var99: number }): PreTradeState {
  const nav = data.w4[10]!; const dailyPnl = data.w4[11]!;
  const r = buildPreTradeState({
    portfolioId: 'P1000', nav, navAtStartOfDay: nav - dailyPnl, tradingState: 'ACTIVE', rate: data.rate, underlyings: data.underlyings,
    positions: positionsOf(data, { asLots: opts.asLots, strategies: opts.asLots ? ['w4'] : ['s0', 's1', 's2', 's3'] }),
    dailyCovariance: data.dailyCovariance, var95: opts.var95, var99: opts.var99, limits: opts.limits, limitsVersion: 1,
  });
  if (!r.ok) throw new Error(`${r.error.message}: ${JSON.stringify(r.error.details)}`);
  return r.value;
}

/** The 20-limit state: W4's ten plus ten more, calibrated on the merged book so that each can bind. */
function twentyLimitState(data: W4Data): PreTradeState {
  const probeLimits = [limit('g', 'net-gamma', 1), limit('t', 'net-theta', 1), limit('v', 'volatility', 1), limit('c', 'correlation', 1), limit('l', 'liquidity', 1)];
  const probe = state(data, { asLots: false, limits: probeLimits, var95: 0, var99: 0 });
  const now = new Map(measureLimits({ state: probe }).map((m) => [m.limitId, m.magnitude]));
  const sigma = Math.sqrt(probe.tables.totals.netCovNet);
  // stand-in for the risk engine's hybrid VaR: delta-normal VaR of the book
  const var95 = 1.6448536269514722 * sigma; const var99 = 2.3263478740408408 * sigma;
  const limits = [
    ...w4Limits(data.w4).map((l) => ({ ...l, warningLevels: [0.8, 0.95] })),
    limit('gamma', 'net-gamma', 1.2 * now.get('g')!),
    limit('theta', 'net-theta', Math.max(1.2 * now.get('t')!, 1)),
    limit('var99', 'var', 1.1 * var99, { params: { confidence: 0.99 } }),
    limit('volatility', 'volatility', 1.1 * now.get('v')!),
    limit('correlation', 'correlation', now.get('c')! + 0.02),
    limit('liquidity', 'liquidity', 1.5 * now.get('l')!, { params: { participationRate: 0.2 } }),
    limit('order-quantity', 'order-quantity', 5_000),
    limit('collar', 'price-collar', 0.05, { params: { reference: 'last' } }),
    limit('order-rate', 'order-rate', 100),
    limit('restricted', 'restricted-symbols', 0, { params: { symbols: ['U49'] } }),
  ];
  return state(data, { asLots: false, limits, var95, var99 });
}

/** Limit prices: 1 % off the reference, 8 % off for every tenth order (outside the 5 % collar). */
function limitPrices(data: W4Data): (row: W4Data['orders'][number]) => number {
  let i = 0;
  return (row) => {
    const off = i++ % 10 === 0 ? 1.08 : 1.01;
    const u = data.underlyings[row.und]!;
    if (row.kind === 0) return u.spot! * off;
    return off * bsmPrice({ kind: row.kind === 1 ? 'call' : 'put', spot: u.spot!, strike: row.strike, timeToExpiryYears: row.days / 365, volatility: u.atmVolatility!, rate: data.rate, dividendYield: u.dividendYield });
  };
}

interface Counts { accepted: number; breaches: Map<string, number> }

/** CPU time (user + system) of the last runBatch, ns per order: immune to preemption by other processes. */
let lastBatchCpuNs = 0;

function runBatch(s: PreTradeState, orders: readonly PreTradeOrder[], counts: Counts | null): number {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < orders.length; i++) {
    const d = evaluateOrder({ state: s, order: orders[i]!, nowMs: NOW_MS, maxQuoteAgeMs: 1_000, ordersInLastSecond: i % 50 });
    if (counts === null) continue;
    if (d.decision === 'approve') counts.accepted++;
    for (const r of d.reasons) counts.breaches.set(r.limitId ?? r.code, (counts.breaches.get(r.limitId ?? r.code) ?? 0) + 1);
  }
  const wall = Number(process.hrtime.bigint() - t0) / orders.length;
  const c = process.cpuUsage(c0);
  lastBatchCpuNs = ((c.user + c.system) * 1000) / orders.length;
  return wall;
}

/** Median wall ns per order over `reps` batches, and the CPU ns per order of the same batches. */
function timedBatches(s: PreTradeState, orders: readonly PreTradeOrder[], reps: number): { wall: number; cpu: number } {
  const wall: number[] = []; const cpu: number[] = [];
  for (let k = 0; k < reps; k++) { wall.push(runBatch(s, orders, null)); cpu.push(lastBatchCpuNs); }
  return { wall: median(wall), cpu: median(cpu) };
}

function runPerCall(s: PreTradeState, orders: readonly PreTradeOrder[], out: number[]): void {
  for (let i = 0; i < orders.length; i++) {
    const t0 = process.hrtime.bigint();
    evaluateOrder({ state: s, order: orders[i]!, nowMs: NOW_MS, maxQuoteAgeMs: 1_000, ordersInLastSecond: i % 50 });
    out.push(Number(process.hrtime.bigint() - t0));
  }
}

function timerOverheadNs(): number {
  const xs: number[] = [];
  for (let i = 0; i < 20_000; i++) { const t0 = process.hrtime.bigint(); xs.push(Number(process.hrtime.bigint() - t0)); }
  return median(xs);
}

interface Peer { readonly nsPerOrder: number; readonly accepted: number; readonly breachCounts: number[] }

function runPeer(command: string, args: string[], cwd: string): Peer | null {
  try {
    const out = execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, DATA: DATA_DIR }, timeout: 600_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const line = JSON.parse(out.trim().split('\n').pop()!) as { median_ns_per_order: number; check: { accepted: number; breach_counts: number[] } };
    return { nsPerOrder: line.median_ns_per_order, accepted: line.check.accepted, breachCounts: line.check.breach_counts };
  } catch (e) {
    console.error(`peer ${command} failed: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

function ensureC(): boolean {
  if (existsSync(C_BINARY)) return true;
  try {
    execFileSync('gcc', ['-O3', '-march=native', '-std=gnu11', join(PEER_DIR, 'c/risk.c'), '-o', C_BINARY, '-lm'], { stdio: 'ignore' });
    return true;
  } catch { return false; }
}

function main(): void {
  const data = loadW4Data();
  const w4State = state(data, { asLots: true, limits: w4Limits(data.w4), var95: 0, var99: 0 });
  const w4Orders = ordersOf(data, () => undefined);
  const s20 = twentyLimitState(data);
  const orders20 = ordersOf(data, limitPrices(data));
  const w4Counts: Counts = { accepted: 0, breaches: new Map() };
  runBatch(w4State, w4Orders, w4Counts);
  const counts20: Counts = { accepted: 0, breaches: new Map() };
  runBatch(s20, orders20, counts20);
  for (let k = 0; k < 3; k++) { runBatch(w4State, w4Orders, null); runBatch(s20, orders20, null); } // warm-up (JIT)
  const haveC = ensureC();
  const perRound: { ours: number; oursCpu: number; c: number | null; numpy: number | null; median20: number; p99_20: number; mean20: number; mean20Cpu: number }[] = [];
  let cPeer: Peer | null = null; let npPeer: Peer | null = null;
  for (let r = 0; r < rounds; r++) {
    const jobs: (() => void)[] = [];
    let ours = 0; let oursCpu = 0; let median20 = 0; let p99 = 0; let mean20 = 0; let mean20Cpu = 0;
    const peers: { c: number | null; numpy: number | null } = { c: null, numpy: null };
    jobs.push(() => {
      ({ wall: ours, cpu: oursCpu } = timedBatches(w4State, w4Orders, REPS));
      const calls: number[] = [];
      runPerCall(s20, orders20, calls); runPerCall(s20, orders20, calls);
      calls.sort((a, b) => a - b);
      median20 = quantile(calls, 0.5); p99 = quantile(calls, 0.99);
      ({ wall: mean20, cpu: mean20Cpu } = timedBatches(s20, orders20, REPS));
    });
    if (haveC) jobs.push(() => { cPeer = runPeer(C_BINARY, ['w4', String(REPS), '1'], PEER_DIR); peers.c = cPeer?.nsPerOrder ?? null; });
    jobs.push(() => { npPeer = runPeer('/usr/bin/python3', [join(PEER_DIR, 'py/risk_np.py'), 'w4', String(REPS), '1'], join(PEER_DIR, 'py')); peers.numpy = npPeer?.nsPerOrder ?? null; });
    for (let j = 0; j < jobs.length; j++) jobs[(j + r) % jobs.length]!();
    perRound.push({ ours, oursCpu, c: peers.c, numpy: peers.numpy, median20, p99_20: p99, mean20, mean20Cpu });
    console.log(`round ${r + 1}: W4 ours ${ours.toFixed(0)} ns/order (cpu ${oursCpu.toFixed(0)}), C ${peers.c?.toFixed(1) ?? '-'}, numpy ${peers.numpy?.toFixed(0) ?? '-'}; 20 limits median ${median20} ns, p99 ${p99} ns, mean ${mean20.toFixed(0)} ns`);
  }
  const w4Order = w4Limits(data.w4).map((l) => l.id);
  const ourBreaches = w4Order.map((id) => w4Counts.breaches.get(id) ?? 0);
  const c = cPeer as Peer | null; const np = npPeer as Peer | null;
  const ratio = (k: 'c' | 'numpy'): number | null => {
    const xs = perRound.filter((p) => p[k] !== null).map((p) => p.ours / p[k]!);
    return xs.length > 0 ? median(xs) : null;
  };
  const result = {
    benchmark: 'pre-trade check (issue 5), in-process', node: process.version, loadAverage1mAtEnd: loadavg()[0], cpu: cpus()[0]?.model ?? 'unknown', rounds, repsPerRound: REPS,
    timerOverheadNs: timerOverheadNs(),
    w4: {
      limits: 10, positions: 1000, orders: w4Orders.length, metric: 'ns per order averaged over the 10,000 orders, median of 5 reps, median over rounds',
      oursNsPerOrder: median(perRound.map((p) => p.ours)), oursCpuNsPerOrder: median(perRound.map((p) => p.oursCpu)), cNsPerOrder: c === null ? null : median(perRound.filter((p) => p.c !== null).map((p) => p.c!)),
      numpyNsPerOrder: np === null ? null : median(perRound.filter((p) => p.numpy !== null).map((p) => p.numpy!)),
      ratioOursOverC: ratio('c'), ratioOursOverNumpy: ratio('numpy'),
      accepted: { ours: w4Counts.accepted, c: c?.accepted ?? null, numpy: np?.accepted ?? null },
      breachCounts: { order: w4Order, ours: ourBreaches, c: c?.breachCounts ?? null, numpy: np?.breachCounts ?? null },
      agrees: c !== null && c.accepted === w4Counts.accepted && JSON.stringify(c.breachCounts) === JSON.stringify(ourBreaches),
    },
    twentyLimits: {
      limits: s20.limits.length, types: [...new Set(s20.limits.map((l) => l.type))].length, positions: s20.tables.positions.keys.length, orders: orders20.length,
      medianNsPerCheck: median(perRound.map((p) => p.median20)), p99NsPerCheck: median(perRound.map((p) => p.p99_20)), meanNsPerCheck: median(perRound.map((p) => p.mean20)), meanCpuNsPerCheck: median(perRound.map((p) => p.mean20Cpu)),
      targetNs: 20_000, accepted: counts20.accepted, reasonCounts: Object.fromEntries([...counts20.breaches].sort()),
    },
    perRound,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'pretrade-core.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ w4: result.w4, twentyLimits: result.twentyLimits, timerOverheadNs: result.timerOverheadNs }, null, 2));
}

main();
