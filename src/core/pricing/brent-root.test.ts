import { describe, expect, it } from 'vitest';
import { brentRoot } from './brent-root.ts';

describe('brentRoot', () => {
  it('finds the root of a smooth function to the requested tolerance', () => {
    const f = (x: number): number => Math.cos(x) - x;
    expect(brentRoot(f, 0, 1, f(0), f(1), 1e-15, 100)).toBeCloseTo(0.7390851332151607, 14);
  });

  it('returns undefined when the bracket does not straddle a root', () => {
    const f = (x: number): number => x * x + 1;
    expect(brentRoot(f, -1, 1, f(-1), f(1), 1e-12, 100)).toBeUndefined();
  });
});
