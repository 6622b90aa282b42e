/**
 * splitmix64 (Steele, Lea & Flood 2014; Vigna's reference constants): expands one 64-bit seed
 * into well-mixed 64-bit words. Used only to seed xoshiro256**, so BigInt speed does not matter.
 */
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
const MUL_1 = 0xbf58476d1ce4e5b9n;
const MUL_2 = 0x94d049bb133111ebn;

/** The first `count` outputs of splitmix64 started at `seed` (taken mod 2^64). */
export function splitmix64({ seed, count }: { seed: bigint; count: number }): bigint[] {
  const out: bigint[] = [];
  let state = BigInt.asUintN(64, seed);
  for (let i = 0; i < count; i++) {
    state = BigInt.asUintN(64, state + GOLDEN_GAMMA);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * MUL_1);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * MUL_2);
    out.push(z ^ (z >> 31n));
  }
  return out;
}
