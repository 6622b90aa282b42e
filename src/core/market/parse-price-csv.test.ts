import { describe, expect, it } from 'vitest';
import { parsePriceCsv } from './parse-price-csv.ts';

describe('parsePriceCsv', () => {
  it('reads one bar per non-empty cell and skips empty cells', () => {
    const r = parsePriceCsv('date,AA,IBM\n2000-01-03,10.5,\n2000-01-04,11,101.25\n');
    expect(r.problems).toEqual([]);
    expect(r.bars).toEqual([
      { symbol: 'AA', date: '2000-01-03', close: 10.5 },
      { symbol: 'AA', date: '2000-01-04', close: 11 }, { symbol: 'IBM', date: '2000-01-04', close: 101.25 },
    ]);
  });

  it('lists every bad line with its reason', () => {
    const r = parsePriceCsv('date,AA\n2000-13-01,1\n2000-01-04,-2\n2000-01-05,abc\n2000-01-06,1,2\n');
    expect(r.problems.map((p) => p.path)).toEqual(['line 2', 'line 3, column AA', 'line 4, column AA', 'line 5']);
  });

  it('rejects a file without a date header', () => {
    expect(parsePriceCsv('day,AA\n2000-01-03,1').problems[0]?.message).toMatch(/header/);
  });
});
