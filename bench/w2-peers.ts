/**
 * Runs the W2 peer implementations of ../shared/bench (plain C -O3, numpy) in this session, so
 * that speed ratios are taken side by side on the same machine. Each peer prints one JSON line
 * with its median time and check values (VaR99, ES97.5 and the mean of the path P&L).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_BENCH_DIR } from './shared-bench-dir.ts';

export const PEER_DIR = process.env['W2_PEERS'] ?? SHARED_BENCH_DIR;

export interface PeerRun {
  readonly impl: string;
  readonly medianMs: number;
  readonly timesMs: number[] | null;
  readonly reps: number;
  readonly var99: number;
  readonly es975: number;
  readonly mean: number;
  readonly command: string;
}

export type PeerOutcome = PeerRun | { readonly impl: string; readonly unavailable: string };

const C_BINARY = '/tmp/risk-c';
const C_OPENMP_BINARY = '/tmp/risk-c-omp';

/** Compiles the C peer as the README says (single thread) and with OpenMP; returns what failed. */
export function compileCPeers(): string[] {
  const problems: string[] = [];
  const source = join(PEER_DIR, 'c/risk.c');
  for (const [out, extra] of [[C_BINARY, []], [C_OPENMP_BINARY, ['-fopenmp']]] as const) {
    try {
      execFileSync('gcc', ['-O3', '-march=native', '-std=gnu11', ...extra, source, '-o', out, '-lm'], { stdio: 'pipe' });
    } catch (e) {
      problems.push(`${out}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return problems;
}

function parse(impl: string, command: string, stdout: string): PeerRun {
  const line = stdout.trim().split('\n').pop() ?? '';
  const j = JSON.parse(line) as { median_ms: number; times_ms?: number[]; reps: number; check: { var99: number; es975: number; mean: number } };
  return { impl, medianMs: j.median_ms, timesMs: j.times_ms ?? null, reps: j.reps, var99: j.check.var99, es975: j.check.es975, mean: j.check.mean, command };
}

function runPeer(impl: string, file: string, args: string[], env: NodeJS.ProcessEnv): PeerOutcome {
  const command = `${file} ${args.join(' ')}`;
  try {
    const stdout = execFileSync(file, args, { cwd: PEER_DIR, env: { ...process.env, DATA: join(PEER_DIR, 'data'), ...env }, encoding: 'utf8', maxBuffer: 1 << 20 });
    return parse(impl, command, stdout);
  } catch (e) {
    return { impl, unavailable: `${command}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}

export interface PeerJob {
  readonly positions: number;
  readonly paths: number;
  readonly dist: 'normal' | 't4';
  readonly reps: number;
  readonly warmups: number;
  /** Default: the peers' default seed (42). */
  readonly seed?: number;
}

const w2Args = (job: PeerJob): string[] =>
  ['w2', String(job.positions), String(job.paths), job.dist, String(job.reps), String(job.warmups), ...(job.seed === undefined ? [] : [String(job.seed)])];

export function runCPeer(job: PeerJob, threads: 1 | 2): PeerOutcome {
  const binary = threads === 1 ? C_BINARY : C_OPENMP_BINARY;
  const impl = threads === 1 ? 'c-O3' : 'c-O3-openmp-2-threads';
  if (!existsSync(binary)) return { impl, unavailable: `${binary} was not built` };
  return runPeer(impl, binary, [...w2Args(job)], { OMP_NUM_THREADS: String(threads) });
}

export function runNumpyPeer(job: PeerJob): PeerOutcome {
  return runPeer('numpy', '/usr/bin/python3', [join(PEER_DIR, 'py/risk_np.py'), ...w2Args(job)], {});
}
