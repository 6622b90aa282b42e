import { describe, expect, it } from 'vitest';
import { RiskMonitor } from './risk-monitor.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RiskMonitor', () => {
  it('runs every portfolio on the interval and never overlaps runs of one portfolio', async () => {
    const runs: string[] = [];
    let concurrent = 0; let maxConcurrent = 0;
    const m = new RiskMonitor({
      listActivePortfolioIds: async () => ['a', 'b'],
      runCycle: async (id) => { concurrent++; maxConcurrent = Math.max(maxConcurrent, concurrent); runs.push(id); await sleep(15); concurrent--; },
      onError: () => {}, intervalMs: 30, debounceMs: 5,
    });
    m.start();
    await sleep(120);
    m.markDirty('a'); m.markDirty('a'); m.markDirty('a');
    await sleep(40);
    await m.stop();
    expect(runs.filter((r) => r === 'a').length).toBeGreaterThanOrEqual(2);
    expect(runs).toContain('b');
    expect(maxConcurrent).toBeLessThanOrEqual(2);
  });

  it('reruns once when marked dirty during a run, and reports errors without stopping', async () => {
    const runs: number[] = [];
    const errors: unknown[] = [];
    let n = 0;
    const m = new RiskMonitor({
      listActivePortfolioIds: async () => [],
      runCycle: async () => { n++; runs.push(n); await sleep(20); if (n === 1) throw new Error('boom'); },
      onError: (_id, e) => errors.push(e), intervalMs: 10_000, debounceMs: 1,
    });
    m.start();
    const first = m.runOne('x');
    void m.runOne('x'); void m.runOne('x');
    await first;
    await sleep(60);
    await m.stop();
    expect(runs).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
  });
});
