import { describe, expect, it } from 'vitest';
import { LIMIT_REASON_CODES, limitTypeOfCode, ORDER_REASON_CODES } from './pre-trade-reason-codes.ts';

describe('limitTypeOfCode', () => {
  it('gives back the limit type of each of its three codes, including the irregular ones', () => {
    for (const [type, codes] of Object.entries(LIMIT_REASON_CODES)) {
      for (const code of [codes.exceeded, codes.alert, codes.warning]) expect(limitTypeOfCode(code), code).toBe(type);
    }
    expect(limitTypeOfCode('RESTRICTED_SYMBOL')).toBe('restricted-symbols');
    expect(limitTypeOfCode('PRICE_OUTSIDE_COLLAR')).toBe('price-collar');
  });
  it('has no limit type for order codes or unknown codes', () => {
    for (const code of ORDER_REASON_CODES) expect(limitTypeOfCode(code)).toBeNull();
    expect(limitTypeOfCode('CLIENT_ORDER_ID_REUSED')).toBeNull();
  });
});
