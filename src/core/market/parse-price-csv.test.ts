import { describe, expect, it } from 'vitest';
import { MAX_LISTED_PROBLEMS, parsePriceCsv } from './parse-price-csv.ts';

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

  it('reads decimal numbers only: a hexadecimal cell is a bad price', () => {
    const r = parsePriceCsv('date,AA\n2000-01-03,0x10\n2000-01-04,1e2\n');
    expect(r.problems).toEqual([{ path: 'line 2, column AA', message: '"0x10" is not a positive price' }]);
    expect(r.bars).toEqual([{ symbol: 'AA', date: '2000-01-04', close: 100 }]);
  });

  it('lists the first problems of a file of bad cells and counts the rest', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},x,x`);
    const r = parsePriceCsv(`date,AA,BB\n${rows.join('\n')}\n`);
    expect(r.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(r.problems.at(-1)?.message).toBe(`and ${4000 - MAX_LISTED_PROBLEMS} more problem(s) not listed`);
  });
});
