import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitmix64 } from './splitmix64.ts';
import { Xoshiro256StarStar } from './xoshiro256-star-star.ts';

/** Outputs of Vigna's reference C code (xoshiro256starstar.c + splitmix64.c), printed as hex. */
const REFERENCE = [
  {
    seed: 0,
    state: ['e220a8397b1dcdaf', '6e789e6aa1b965f4', '06c45d188009454f', 'f88bb8a8724c81ec'],
    first: ['99ec5f36cb75f2b4', 'bf6e1f784956452a', '1a5f849d4933e6e0', '6aa594f1262d2d2c', 'bba5ad4a1f842e59'],
    output1001: '2c9f68b076642982',
    afterJump: ['02f7b806babca42c', '86e19312b684f193', '84648805e447e9ed'],
  },
  {
    seed: 42,
    state: ['bdd732262feb6e95', '28efe333b266f103', '47526757130f9f52', '581ce1ff0e4ae394'],
    first: ['15780b2e0c2ec716', '6104d9866d113a7e', 'ae17533239e499a1', 'ecb8ad4703b360a1', 'fde6dc7fe2ec5e64'],
    output1001: '0f5028c28f5771b2',
    afterJump: ['36373da21026c384', '9922bca843089db8', 'ca101844f96e4823'],
  },
  {
    seed: 20240607,
    state: ['6486828236cdc99b', '0920e175eb2cb418', 'fe3152498c0b74d7', '2bb8005e6e86cfce'],
    first: ['63d0dd2b6dd41cc6', 'c9df3a3311d1e5f0', '3fedb4c2d00e7bf2', '1c5e1bb12222cc51', '6288a83ed21ed9df'],
    output1001: '5c4b2628bf20fe06',
    afterJump: ['206d94f66faf7d7b', '80dd8e67ac079fc2', 'b70bbdf89fce7739'],
  },
];

const hex = (hi: number, lo: number): string =>
  (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

function nextHex(rng: Xoshiro256StarStar): string {
  rng.advance();
  return hex(rng.output[0]!, rng.output[1]!);
}

describe('splitmix64 and xoshiro256**', () => {
  it.each(REFERENCE)('reproduces the reference C outputs for seed $seed', (ref) => {
    const rng = new Xoshiro256StarStar(ref.seed);
    const s = rng.state;
    expect([hex(s[0]!, s[1]!), hex(s[2]!, s[3]!), hex(s[4]!, s[5]!), hex(s[6]!, s[7]!)]).toEqual(ref.state);
    expect(ref.first.map(() => nextHex(rng))).toEqual(ref.first);
    for (let i = 0; i < 995; i++) rng.advance();
    expect(nextHex(rng)).toBe(ref.output1001);
    rng.jump();
    expect(ref.afterJump.map(() => nextHex(rng))).toEqual(ref.afterJump);
  });

  it('seeds the state with the first four splitmix64 outputs', () => {
    const words = splitmix64({ seed: 42n, count: 4 });
    expect(words.map((w) => w.toString(16).padStart(16, '0'))).toEqual(REFERENCE[1]!.state);
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (seed) => {
        const a = new Xoshiro256StarStar(seed);
        const b = new Xoshiro256StarStar(seed);
        const c = new Xoshiro256StarStar(seed + 1);
        const xa = [a.nextDouble(), a.nextDouble()];
        expect([b.nextDouble(), b.nextDouble()]).toEqual(xa);
        expect([c.nextDouble(), c.nextDouble()]).not.toEqual(xa);
      }),
      { numRuns: 50 },
    );
  });

  it('builds uniforms from the top 53 bits, in [0, 1)', () => {
    const rng = new Xoshiro256StarStar(7);
    const copy = rng.clone();
    copy.advance();
    const expected = Number(BigInt('0x' + hex(copy.output[0]!, copy.output[1]!)) >> 11n) / 2 ** 53;
    expect(rng.nextDouble()).toBe(expected);
    const u = new Float64Array(100_000);
    rng.fillUniforms(u);
    let min = 1, max = 0, sum = 0;
    for (const x of u) {
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // mean of U(0,1): sd of the mean = sqrt(1/12 / n); allow 4 standard errors
    expect(Math.abs(sum / u.length - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / u.length));
  });

  it('fills the same uniforms in bulk as one at a time, and the same state afterwards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 500 }), (seed, n) => {
        const bulk = new Xoshiro256StarStar(seed);
        const single = bulk.clone();
        const u = new Float64Array(n + 2);
        bulk.fillUniforms(u, 1, n + 1);
        expect([u[0], u[n + 1]]).toEqual([0, 0]);
        for (let i = 1; i <= n; i++) expect(u[i]).toBe(single.nextDouble());
        expect(bulk.state).toEqual(single.state);
      }),
      { numRuns: 30 },
    );
  });

  it('never returns 0 from nextOpenDouble, even for an all-zero output', () => {
    const rng = new Xoshiro256StarStar(1);
    rng.state.fill(0); // xoshiro's fixed point: every output is 0
    expect(rng.nextOpenDouble()).toBe(0.5 / 2 ** 53);
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => new Xoshiro256StarStar(0.5)).toThrow(RangeError);
  });
});
