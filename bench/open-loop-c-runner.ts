/**
 * Runs the C open-loop generator (bench/open-loop-c/open_loop.c), compiled on first use with the
 * machine's C compiler. Same method and result shape as runOpenLoop (open-loop-load.ts); the
 * bodies are all written out first, so request i carries the same body with either generator.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LatencySummaryMs, OpenLoopOptions, OpenLoopResult } from './open-loop-load.ts';

const source = fileURLToPath(new URL('open-loop-c/open_loop.c', import.meta.url));

/** The Node generator's result with the C one's own totals (it has no onResponse callback). */
export interface OpenLoopCResult extends Omit<OpenLoopResult, 'tool'> {
  readonly tool: 'open-loop-c';
  readonly decisions: { readonly approve: number; readonly reject: number };
  /** The `latencyMicros` of each answer that carries one, in ms. */
  readonly gateLatencyMs: LatencySummaryMs;
  /** The body of the first measured answer. */
  readonly sampleBody: string;
}

let compiled: string | null | undefined;

/** The generator's executable, compiled once per process; null where no C compiler works (`cc`, `gcc`). */
export function openLoopCExecutable(): string | null {
  if (compiled !== undefined) return compiled;
  const out = join(mkdtempSync(join(tmpdir(), 'bench-open-loop-c-')), 'open_loop');
  compiled = null;
  for (const cc of ['cc', 'gcc']) {
    const r = spawnSync(cc, ['-O2', '-o', out, source], { encoding: 'utf8' });
    if (r.error === undefined && r.status === 0 && existsSync(out)) { compiled = out; break; }
  }
  return compiled;
}

/**
 * `body(i)` is called for every request up front (warm-up and window); `onMeasureStart` when the
 * generator reports the first measured request due. `onResponse` is not called (the C generator
 * counts decisions itself).
 */
export async function runOpenLoopC(exe: string, o: Omit<OpenLoopOptions, 'onResponse'>): Promise<OpenLoopCResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-open-loop-c-run-'));
  try {
    const total = Math.round(o.rate * ((o.warmupS ?? 0) + o.durationS));
    const bodies: string[] = [];
    for (let i = 0; i < total; i++) {
      const b = o.body(i);
      if (b.includes('\n')) throw new Error('a request body for the C generator must be one line');
      bodies.push(b);
    }
    writeFileSync(join(dir, 'bodies.txt'), `${bodies.join('\n')}\n`);
    writeFileSync(join(dir, 'headers.txt'), Object.entries(o.headers).filter(([k]) => k.toLowerCase() !== 'content-type').map(([k, v]) => `${k}: ${v}\r\n`).join(''));
    const args = [o.host, String(o.port), o.path, String(o.rate), String(o.durationS), String(o.warmupS ?? 0), String(o.connections), join(dir, 'bodies.txt'), join(dir, 'headers.txt'), ...(o.dumpPath === undefined ? [] : [o.dumpPath])];
    const prio = process.env.BENCH_GENERATOR_FIFO;
    const child = prio === undefined ? spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn('chrt', ['-f', prio, exe, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      if (text.includes('measuring')) o.onMeasureStart?.();
      err += text.replace('measuring\n', '');
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`open_loop exited with ${String(code)}: ${err.slice(0, 500)}`);
    return JSON.parse(out) as OpenLoopCResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
