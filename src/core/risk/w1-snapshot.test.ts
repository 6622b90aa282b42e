import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, loadW1Market, loadW1Positions, runW1 } from '../../../bench/w1-snapshot-job.ts';
import type { W1Check } from '../../../bench/w1-snapshot-job.ts';

const C_SOURCE = join(DEFAULT_DATA_DIR, '..', 'c', 'risk.c');

function hasGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const runnable = hasGcc() && existsSync(C_SOURCE) && existsSync(join(DEFAULT_DATA_DIR, 'positions_P100.txt'));

/** Check values printed by the plain-C peer (10 significant digits). */
function cCheck(positions: number): W1Check {
  const binary = join(mkdtempSync(join(tmpdir(), 'w1-c-')), 'risk');
  execFileSync('gcc', ['-O2', '-std=gnu11', C_SOURCE, '-o', binary, '-lm']);
  const out = execFileSync(binary, ['w1', String(positions), '1', '0'], { env: { ...process.env, DATA: DEFAULT_DATA_DIR }, encoding: 'utf8' });
  return (JSON.parse(out) as { check: W1Check }).check;
}

describe.skipIf(!runnable)('W1 snapshot cross-check against the plain-C peer (shared/bench/c/risk.c)', () => {
  it('agrees on all 12 check values of P = 100 to the 10 digits C prints', () => {
    const ours = runW1(loadW1Market(), loadW1Positions(100));
    const theirs = cCheck(100);
    for (const key of Object.keys(theirs) as (keyof W1Check)[]) {
      expect(Math.abs(ours[key] - theirs[key]), key).toBeLessThanOrEqual(1e-9 * Math.abs(theirs[key]));
    }
  });
});
