import { isCalendarDate } from '../shared/calendar-date.ts';
import type { InputProblem } from '../shared/input-problem.ts';
import type { PriceBar } from './market-data.ts';
import { SYMBOL_PATTERN } from '../portfolio/validate-instrument.ts';

/**
 * Parses daily closes laid out as `date,SYM1,SYM2,...` (one row per date). An empty cell means
 * "no price that day" and is skipped; anything else that is not a positive number is a problem.
 * Row numbers in problems are 1-based file lines.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Problems listed from one file; more are counted. */
export const MAX_LISTED_PROBLEMS = 1000;

export function parsePriceCsv(text: string): { bars: PriceBar[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  // a file of bad cells would otherwise make millions of problems: the first ones are listed, all counted
  let uncounted = 0;
  const problem = (p: InputProblem): void => { if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p); else uncounted++; };
  const bars: PriceBar[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  if (header.length < 2 || !/^date$/i.test(header[0] ?? '')) {
    return { bars, problems: [{ path: 'line 1', message: 'header must be "date,SYMBOL[,SYMBOL...]"' }] };
  }
  const symbols = header.slice(1);
  symbols.forEach((s, j) => {
    if (!SYMBOL_PATTERN.test(s)) problem({ path: `line 1, column ${j + 2}`, message: `invalid symbol "${s}"` });
  });
  if (new Set(symbols).size !== symbols.length) problem({ path: 'line 1', message: 'duplicate symbol column' });
  const seenDates = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const where = `line ${i + 1}`;
    const date = cells[0] ?? '';
    if (cells.length !== header.length) { problem({ path: where, message: `expected ${header.length} cells, found ${cells.length}` }); continue; }
    if (!isCalendarDate(date)) { problem({ path: where, message: `"${date}" is not a date YYYY-MM-DD` }); continue; }
    if (seenDates.has(date)) problem({ path: where, message: `date ${date} appears twice` });
    seenDates.add(date);
    symbols.forEach((symbol, j) => {
      const cell = cells[j + 1] ?? '';
      if (cell === '' || /^(NA|NaN|null)$/i.test(cell)) return;
      // a decimal number only (Number() would also read "0x10" as 16)
      const close = DECIMAL.test(cell) ? Number(cell) : Number.NaN;
      if (!Number.isFinite(close) || close <= 0) problem({ path: `${where}, column ${symbol}`, message: `"${cell}" is not a positive price` });
      else bars.push({ symbol, date, close });
    });
  }
  if (seenDates.size === 0 && problems.length === 0) problem({ path: 'line 2', message: 'no data rows' });
  if (uncounted > 0) problems.push({ path: '', message: `and ${uncounted} more problem(s) not listed` });
  return { bars, problems };
}
