import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bjerksundStensland2002Price, bsmPrice } from '../pricing/index.ts';
import { bookFromLists } from '../risk/book-from-lists.ts';
import { bookOptionParams } from '../risk/book-option-params.ts';
import { regulatoryScanGrid } from './regulatory-scan-grid.ts';
import type { ScanClass, ScanGridResult } from './regulatory-scan-grid.ts';
import { FIXTURE_OPTIONS, fixtureBook } from './stress-test-fixtures.ts';

function scan(book: ReturnType<typeof fixtureBook>, classes: ScanClass[]): ScanGridResult {
  const r = regulatoryScanGrid({ book, classes });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('regulatoryScanGrid', () => {
  it('scans equities over -15 %..+15 % and broad indices over -8 %..+6 % in 10 equal steps', () => {
    const r = scan(fixtureBook(), ['equity', 'equity', 'broad-index']);
    expect(r.spotMoves.equity).toHaveLength(11);
    expect(r.spotMoves.equity[0]).toBe(-0.15);
    expect(r.spotMoves.equity[10]).toBeCloseTo(0.15, 15);
    expect(r.spotMoves.equity[5]).toBeCloseTo(0, 15);
    expect(r.spotMoves['broad-index'][0]).toBe(-0.08);
    expect(r.spotMoves['broad-index'][10]).toBeCloseTo(0.06, 15);
    expect(r.volShifts.equity).toEqual([-0.25, 0, 0.25]);
    expect(r.volShifts['broad-index']).toEqual([-0.15, 0, 0.15]);
  });

  it('values every option at every point like the closed forms (1e-9 relative)', () => {
    const book = fixtureBook();
    const classes: ScanClass[] = ['equity', 'broad-index', 'equity'];
    const r = scan(book, classes);
    r.byUnderlying.forEach((u, i) => {
      const c = classes[i]!;
      r.spotMoves[c].forEach((m, k) => r.volShifts[c].forEach((v, vi) => {
        let want = book.stockUnits[i]! * book.spots[i]! * m;
        FIXTURE_OPTIONS.forEach((o, j) => {
          if (o.underlying !== i) return;
          const p = bookOptionParams(book, j, book.spots[i]!);
          const price = o.exercise === 'american' ? bjerksundStensland2002Price : bsmPrice;
          want += o.units * (price({ ...p, spot: p.spot * (1 + m), volatility: p.volatility * (1 + v) }) - price(p));
        });
        expect(Math.abs(u.pnl[k]![vi]! - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      }));
    });
  });

  it('adds the worst losses of the underlyings without netting a long against a short', () => {
    const book = bookFromLists({ underlyings: [{ symbol: 'L', spot: 100, stockUnits: 100 }, { symbol: 'S', spot: 100, stockUnits: -100 }], options: [] });
    const r = scan(book, ['equity', 'equity']);
    expect(r.byUnderlying[0]!.worstLoss).toBeCloseTo(1500, 9);
    expect(r.byUnderlying[0]!.worstSpotMove).toBe(-0.15);
    expect(r.byUnderlying[1]!.worstLoss).toBeCloseTo(1500, 9);
    expect(r.byUnderlying[1]!.worstSpotMove).toBeCloseTo(0.15, 12);
    expect(r.requirement).toBeCloseTo(3000, 9);
    expect(r.byClass.equity).toBeCloseTo(3000, 9);
    const index = scan(book, ['broad-index', 'equity']);
    expect(index.byClass['broad-index']).toBeCloseTo(800, 9);
  });

  it('never asks more than the premium for a long option (property)', () => {
    fc.assert(fc.property(
      fc.constantFrom('call' as const, 'put' as const), fc.double({ min: 0.7, max: 1.3, noNaN: true }),
      fc.double({ min: 0.02, max: 2, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }),
      (kind, moneyness, t, vol) => {
        const option = { underlying: 0, kind, strike: 100 * moneyness, timeToExpiryYears: t, volatility: vol, rate: 0.03, units: 100 };
        const book = bookFromLists({ underlyings: [{ symbol: 'X', spot: 100 }], options: [option] });
        const premium = 100 * bsmPrice({ ...option, spot: 100, dividendYield: 0 });
        const r = scan(book, ['equity']);
        expect(r.requirement).toBeLessThanOrEqual(premium * (1 + 1e-12) + 1e-9);
        expect(r.requirement).toBeGreaterThanOrEqual(0);
      },
    ), { numRuns: 100 });
  });

  it('rejects a class list that does not match the underlyings', () => {
    const r = regulatoryScanGrid({ book: fixtureBook(), classes: ['equity'] });
    expect(r.ok ? null : r.error.code).toBe('INVALID_PARAMETERS');
  });
});
