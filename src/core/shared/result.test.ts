import { describe, expect, it } from 'vitest';
import { fail, ok } from './result.ts';

describe('Result', () => {
  it('carries a value on success and a coded failure otherwise', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    const f = fail('PRICE_OUT_OF_BOUNDS', 'too high', { price: 5 });
    expect(f.ok).toBe(false);
    expect(f.error.code).toBe('PRICE_OUT_OF_BOUNDS');
    expect(fail('X', 'y').error).not.toHaveProperty('details');
  });
});
