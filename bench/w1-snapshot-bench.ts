/**
 * W1 portfolio snapshot benchmark (../shared/bench/README.md). Run: npx tsx bench/w1-snapshot-bench.ts [rounds] [P,...]
 *
 * One job = book from the parsed positions, Greeks and per-underlying aggregates, covariance,
 * historical-simulation VaR 95/99 and ES 97.5 by full revaluation over the 252 days (1-day ageing),
 * delta-normal VaR 95/99, HHI over underlyings (bench/w1-snapshot-job.ts). Single thread; each
 * timing is the median of 5 runs after 1 warm-up, like the peers. The peers (plain C, numpy/scipy)
 * run as separate processes in the same session, interleaved round-robin with ours (the order
 * rotates every round) to cancel the machine's speed drift; ratios are medians of per-round
 * ratios. Agreement = max relative difference of the 12 check values (C prints 10 digits).
 * Writes bench/results/w1.json and prints a table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { W1Check, W1Market, W1Positions } from './w1-snapshot-job.ts';
import { DEFAULT_TAIL_CONVENTIONS } from '../src/core/risk/pnl-tail-measures.ts';
import { DEFAULT_DATA_DIR, loadW1Market, loadW1Positions, runW1 } from './w1-snapshot-job.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env['W1_DATA_DIR'] ?? DEFAULT_DATA_DIR;
const peerDir = join(dataDir, '..');
const rounds = Number(process.argv[2] ?? 5);
const sizes = (process.argv[3] ?? '100,1000,10000').split(',').map(Number);
const REPS = 5;
const WARM = 1;

type Impl = 'ours' | 'c' | 'numpy';
interface Run { readonly ms: number; readonly check: W1Check }

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
};

function runOurs(market: W1Market, positions: W1Positions): Run {
  const times: number[] = [];
  let check: W1Check | undefined;
  for (let k = 0; k < WARM + REPS; k++) {
    const t0 = process.hrtime.bigint();
    check = runW1(market, positions);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (k >= WARM) times.push(ms);
  }
  return { ms: median(times), check: check! };
}

function runPeer(command: string, args: string[]): Run | undefined {
  try {
    const out = execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, DATA: dataDir }, timeout: 600_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const line = JSON.parse(out.trim().split('\n').pop()!) as { median_ms: number; check: W1Check };
    return { ms: line.median_ms, check: line.check };
  } catch {
    return undefined;
  }
}

function prepareC(): string | undefined {
  const binary = '/tmp/risk-c';
  try {
    execFileSync('gcc', ['-O3', '-march=native', '-std=gnu11', join(peerDir, 'c', 'risk.c'), '-o', binary, '-lm'], { stdio: 'ignore', timeout: 120_000 });
    return binary;
  } catch {
    return undefined;
  }
}

/** /usr/bin/python3 with numpy and scipy; tries `apt-get install` once if they are missing. */
function preparePython(): string | undefined {
  const python = '/usr/bin/python3';
  const ready = (): boolean => {
    try {
      execFileSync(python, ['-c', 'import numpy, scipy'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync(python)) return undefined;
  if (ready()) return python;
  console.error('numpy/scipy missing: trying apt-get install -y python3-numpy python3-scipy once');
  try {
    execFileSync('apt-get', ['install', '-y', 'python3-numpy', 'python3-scipy'], { stdio: 'ignore', timeout: 600_000 });
  } catch {
    return undefined;
  }
  return ready() ? python : undefined;
}

/** The same job with the service's own defaults (type-7 quantile, Acerbi-Tasche ES), for reference. */
function projectConventions(p: number): Record<string, number> {
  const check = runW1(market, positionsBySize.get(p)!, DEFAULT_TAIL_CONVENTIONS);
  return { hvar95: check.hvar95, hvar99: check.hvar99, hes975: check.hes975 };
}

const maxRelativeDifference = (ours: W1Check, theirs: W1Check): number =>
  Math.max(...(Object.keys(theirs) as (keyof W1Check)[]).map((k) => Math.abs(ours[k] - theirs[k]) / Math.abs(theirs[k])));

const market = loadW1Market(dataDir);
const c = prepareC();
const python = preparePython();
const runners: Record<Impl, ((p: number) => Run | undefined) | undefined> = {
  ours: (p) => runOurs(market, positionsBySize.get(p)!),
  c: c === undefined ? undefined : (p) => runPeer(c, ['w1', String(p), String(REPS), String(WARM)]),
  numpy: python === undefined ? undefined : (p) => runPeer(python, [join(peerDir, 'py', 'risk_np.py'), 'w1', String(p), String(REPS), String(WARM)]),
};
const positionsBySize = new Map(sizes.map((p) => [p, loadW1Positions(p, dataDir)]));
// JIT warm-up, untimed (the peers need none: C is compiled, numpy's kernels are)
for (const p of sizes) for (let k = 0; k < 10; k++) runW1(market, positionsBySize.get(p)!);

const loadBefore = loadavg()[0] ?? 0;
const order: Impl[] = ['ours', 'c', 'numpy'];
const perSize = sizes.map((p) => {
  const runs: Record<Impl, Run[]> = { ours: [], c: [], numpy: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < order.length; k++) {
      const impl = order[(k + r) % order.length]!;
      const run = runners[impl]?.(p);
      if (run !== undefined) runs[impl].push(run);
    }
  }
  return { p, runs };
});
const loadAfter = loadavg()[0] ?? 0;

const summaries = perSize.map(({ p, runs }) => {
  const ours = runs.ours;
  const peer = (impl: 'c' | 'numpy'): Record<string, unknown> => {
    const rs = runs[impl];
    if (rs.length !== ours.length || rs.length === 0) return { available: false };
    const ratios = rs.map((run, r) => ours[r]!.ms / run.ms);
    return {
      available: true,
      median_ms: median(rs.map((x) => x.ms)),
      per_round_ms: rs.map((x) => x.ms),
      ratio_ours_over_peer: median(ratios),
      ratio_range: [Math.min(...ratios), Math.max(...ratios)],
      max_rel_diff_of_checks: maxRelativeDifference(ours[0]!.check, rs[0]!.check),
      check: rs[0]!.check,
    };
  };
  return {
    positions: p,
    options: positionsBySize.get(p)!.kind.reduce((n, k) => n + (k === 0 ? 0 : 1), 0),
    ours: { median_ms: median(ours.map((x) => x.ms)), per_round_ms: ours.map((x) => x.ms), check: ours[0]!.check },
    ours_project_conventions: projectConventions(p),
    c: peer('c'),
    numpy: peer('numpy'),
  };
});

const results = {
  benchmark: 'W1 portfolio snapshot',
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  threads: 1,
  rounds,
  reps_per_round: REPS,
  warmup_per_round: WARM,
  timing: 'per round: median of reps after warm-up, inside each process; reported: median over rounds; ratios: median of per-round ratios',
  load_average_1min: { before: loadBefore, after: loadAfter },
  data_dir: dataDir,
  peers: { c: c === undefined ? 'unavailable' : 'gcc -O3 -march=native, libm erfc', numpy: python === undefined ? 'unavailable' : 'numpy/scipy (risk_np.py)' },
  var_conventions: 'checks use the peers\' index rule: VaR = -x[floor(N(1-a))] (floor-index), ES = mean of the worst ceil(N(1-a)) (tail-mean); ours_project_conventions: type-7 quantile, Acerbi-Tasche ES',
  results: summaries,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'w1.json'), `${JSON.stringify(results, null, 2)}\n`);

const fmt = (x: unknown, digits = 2): string => (typeof x === 'number' ? x.toFixed(digits) : '-');
console.log(`W1 snapshot, ${rounds} interleaved rounds, load ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}`);
console.log('| P | options | ours ms | C ms | numpy ms | ours/C | ours/numpy | max rel diff vs C | vs numpy |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const s of summaries) {
  console.log(`| ${s.positions} | ${s.options} | ${fmt(s.ours.median_ms)} | ${fmt(s.c['median_ms'])} | ${fmt(s.numpy['median_ms'])} | ${fmt(s.c['ratio_ours_over_peer'])} | ${fmt(s.numpy['ratio_ours_over_peer'])} | ${typeof s.c['max_rel_diff_of_checks'] === 'number' ? s.c['max_rel_diff_of_checks'].toExponential(1) : '-'} | ${typeof s.numpy['max_rel_diff_of_checks'] === 'number' ? s.numpy['max_rel_diff_of_checks'].toExponential(1) : '-'} |`);
}
