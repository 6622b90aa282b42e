/**
 * Validation of the `analyzeReturns` request: the HTTP layer checks only the JSON shape, so every
 * semantic rule lives here. All problems are collected and reported at once as one
 * INVALID_INPUT failure whose `details` is the list of InputProblem `{ path, message }`
 * (path = JSON pointer into the request, e.g. `/prices/DAX/17`), as elsewhere in the service.
 */
import { isCalendarDate } from '../shared/calendar-date.ts';
import { INVALID_INPUT } from '../shared/input-problem.ts';
import type { InputProblem } from '../shared/input-problem.ts';
import { fail, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import type { Rebalance } from './portfolio-returns.ts';
import type { ReturnKind } from './price-returns.ts';

export type PriceColumns = Readonly<Record<string, readonly (number | null)[]>>;

export interface AnalyzeReturnsInput {
  /** Price dates, `YYYY-MM-DD`, strictly increasing; one per price row. */
  readonly dates: readonly string[];
  /** Price columns by name, oldest first; `null` marks a missing price. */
  readonly prices: PriceColumns;
  /** Portfolio weights by column (normalised to sum 1); default: equal weights on every column. */
  readonly weights?: Readonly<Record<string, number>>;
  readonly rebalance?: Rebalance;
  readonly returnType?: ReturnKind;
  /** Confidence levels in (0, 1); default [0.95, 0.99]. */
  readonly confidenceLevels?: readonly number[];
  /** Annual risk-free rate as a fraction (0.02 = 2 %); default 0. */
  readonly rfAnnual?: number;
  /** Return periods per year; default 252. */
  readonly periodsPerYear?: number;
  readonly quantileMethod?: 'type7' | 'type1';
  readonly esMethod?: 'acerbi-tasche' | 'tail-mean';
  /** Exactly one benchmark price column, same dates as `prices`. */
  readonly benchmark?: PriceColumns;
  /** Drop every row with a missing price instead of rejecting the request; default false. */
  readonly dropMissing?: boolean;
}

export interface ParsedReturnsInput {
  readonly dates: readonly string[];
  readonly columns: readonly string[];
  readonly prices: readonly Float64Array[];
  /** Raw weights in `columns` order (not yet normalised). */
  readonly weights: Float64Array;
  readonly benchmark?: { readonly name: string; readonly prices: Float64Array };
  readonly rebalance: Rebalance;
  readonly returnType: ReturnKind;
  readonly confidenceLevels: readonly number[];
  readonly rfAnnual: number;
  readonly periodsPerYear: number;
  readonly quantileMethod: 'type7' | 'type1';
  readonly esMethod: 'acerbi-tasche' | 'tail-mean';
  readonly dropMissing: boolean;
  readonly droppedRows: number;
}

/** JSON pointer (RFC 6901) to a place in the request. */
const pointer = (...parts: (string | number)[]): string =>
  parts.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

const KNOWN_KEYS = new Set([
  'dates', 'prices', 'weights', 'rebalance', 'returnType', 'confidenceLevels', 'rfAnnual',
  'periodsPerYear', 'quantileMethod', 'esMethod', 'benchmark', 'dropMissing',
]);
const MAX_LISTED_CELLS = 20;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function enumOption<T extends string>(raw: Record<string, unknown>, key: string, allowed: readonly T[], fallback: T, problems: InputProblem[]): T {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  problems.push({ path: pointer(key), message: `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(v)}` });
  return fallback;
}

function numberOption(raw: Record<string, unknown>, key: string, fallback: number, valid: (x: number) => boolean, rule: string, problems: InputProblem[]): number {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v === 'number' && valid(v)) return v;
  problems.push({ path: pointer(key), message: `must be ${rule}, got ${show(v)}` });
  return fallback;
}

function priceTable(raw: unknown, field: string, rows: number, problems: InputProblem[]): Map<string, readonly unknown[]> {
  const table = new Map<string, readonly unknown[]>();
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    problems.push({ path: pointer(field), message: 'must be an object mapping at least one column name to an array of prices' });
    return table;
  }
  for (const [name, column] of Object.entries(raw)) {
    if (!Array.isArray(column)) problems.push({ path: pointer(field, name), message: 'must be an array of prices' });
    else if (column.length !== rows) problems.push({ path: pointer(field, name), message: `has ${column.length} prices but there are ${rows} dates` });
    else table.set(name, column);
  }
  return table;
}

function validateDates(raw: unknown, problems: InputProblem[]): readonly string[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push({ path: pointer('dates'), message: 'must be a non-empty array of YYYY-MM-DD strings' });
    return [];
  }
  raw.forEach((d: unknown, i) => {
    if (typeof d !== 'string' || !isCalendarDate(d)) problems.push({ path: pointer('dates', i), message: `is not a valid YYYY-MM-DD date: ${show(d)}` });
    else if (i > 0 && typeof raw[i - 1] === 'string' && !(d > (raw[i - 1] as string))) {
      problems.push({ path: pointer('dates', i), message: `dates must be strictly increasing: ${d} follows ${String(raw[i - 1])}` });
    }
  });
  return raw as string[];
}

function validateConfidenceLevels(raw: unknown, problems: InputProblem[]): readonly number[] {
  if (raw === undefined) return [0.95, 0.99];
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push({ path: pointer('confidenceLevels'), message: 'must be a non-empty array of numbers in (0, 1)' });
    return [];
  }
  raw.forEach((c: unknown, i) => {
    if (typeof c !== 'number' || !(c > 0 && c < 1)) problems.push({ path: pointer('confidenceLevels', i), message: `must be a fraction in (0, 1), e.g. 0.99 (not 99), got ${show(c)}` });
    else if (raw.indexOf(c) !== i) problems.push({ path: pointer('confidenceLevels', i), message: `${c} is listed twice` });
  });
  return raw as number[];
}

/** Checks the request and returns typed price columns (rows with gaps dropped if asked). */
export function parseAnalyzeReturnsInput(input: AnalyzeReturnsInput): Result<ParsedReturnsInput, typeof INVALID_INPUT> {
  const raw: unknown = input;
  if (!isRecord(raw)) return invalid([{ path: '', message: 'the request must be an object' }]);
  const problems: InputProblem[] = [];
  const unknown = Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k));
  for (const key of unknown) problems.push({ path: pointer(key), message: `unknown option '${key}'; known: ${[...KNOWN_KEYS].join(', ')}` });

  const dates = validateDates(raw.dates, problems);
  const prices = priceTable(raw.prices, 'prices', dates.length, problems);
  const benchmarkTable = raw.benchmark === undefined ? undefined : priceTable(raw.benchmark, 'benchmark', dates.length, problems);
  if (benchmarkTable !== undefined && isRecord(raw.benchmark) && Object.keys(raw.benchmark).length > 1) {
    problems.push({ path: pointer('benchmark'), message: 'must hold exactly one price column' });
  }

  let columns = [...prices.keys()];
  let weights = new Float64Array(columns.map(() => 1));
  if (raw.weights !== undefined) {
    if (!isRecord(raw.weights) || Object.keys(raw.weights).length === 0) {
      problems.push({ path: pointer('weights'), message: 'must be an object mapping price columns to numbers' });
    } else {
      const named = raw.weights;
      const strangers = Object.keys(named).filter((k) => !(isRecord(raw.prices) && Object.hasOwn(raw.prices, k)));
      for (const k of strangers) problems.push({ path: pointer('weights', k), message: `names column '${k}', which is not in prices` });
      for (const [k, w] of Object.entries(named)) {
        if (typeof w !== 'number' || !Number.isFinite(w)) problems.push({ path: pointer('weights', k), message: `must be a finite number, got ${show(w)}` });
      }
      columns = columns.filter((c) => Object.hasOwn(named, c));
      weights = Float64Array.from(columns, (c) => named[c] as number);
      const sum = weights.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) problems.push({ path: pointer('weights'), message: `must sum to a positive number (they are normalised to sum 1), sum is ${sum}` });
    }
  }

  const options = {
    rebalance: enumOption<Rebalance>(raw, 'rebalance', ['daily', 'buy-and-hold'], 'daily', problems),
    returnType: enumOption<ReturnKind>(raw, 'returnType', ['simple', 'log'], 'simple', problems),
    quantileMethod: enumOption(raw, 'quantileMethod', ['type7', 'type1'] as const, 'type7', problems),
    esMethod: enumOption(raw, 'esMethod', ['acerbi-tasche', 'tail-mean'] as const, 'acerbi-tasche', problems),
    confidenceLevels: validateConfidenceLevels(raw.confidenceLevels, problems),
    rfAnnual: numberOption(raw, 'rfAnnual', 0, (x) => Number.isFinite(x) && x > -1, 'a finite annual rate above -1 (0.02 = 2 %)', problems),
    periodsPerYear: numberOption(raw, 'periodsPerYear', 252, (x) => Number.isFinite(x) && x > 0, 'a positive number', problems),
    dropMissing: raw.dropMissing === undefined ? false : raw.dropMissing === true,
  };
  if (raw.dropMissing !== undefined && typeof raw.dropMissing !== 'boolean') problems.push({ path: pointer('dropMissing'), message: `must be a boolean, got ${show(raw.dropMissing)}` });
  if (problems.length > 0) return invalid(problems);

  // cells: a missing price (null / NaN) fails the row unless dropMissing; others must be positive
  const used: [string, string, readonly unknown[]][] = columns.map((c) => ['prices', c, prices.get(c)!]);
  const benchmarkName = benchmarkTable === undefined ? undefined : [...benchmarkTable.keys()][0]!;
  if (benchmarkName !== undefined) used.push(['benchmark', benchmarkName, benchmarkTable!.get(benchmarkName)!]);
  const keep: number[] = [];
  const missing: InputProblem[] = [];
  for (let t = 0; t < dates.length; t++) {
    let complete = true;
    for (const [table, name, column] of used) {
      const v = column[t];
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
        complete = false;
        missing.push({ path: pointer(table, name, t), message: `missing price on ${dates[t]} (set dropMissing: true to drop such rows)` });
      } else if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
        problems.push({ path: pointer(table, name, t), message: `prices must be positive finite numbers, got ${show(v)} on ${dates[t]}` });
      }
    }
    if (complete) keep.push(t);
  }
  if (!options.dropMissing && missing.length > 0) {
    problems.push(...missing.slice(0, MAX_LISTED_CELLS));
    if (missing.length > MAX_LISTED_CELLS) problems.push({ path: pointer('prices'), message: `${missing.length - MAX_LISTED_CELLS} more missing prices not listed` });
  }
  if (problems.length === 0 && keep.length < 2) {
    problems.push({ path: pointer('prices'), message: `at least two complete price rows are needed, found ${keep.length}` });
  }
  if (problems.length > 0) return invalid(problems);

  const take = (column: readonly unknown[]): Float64Array => Float64Array.from(keep, (t) => column[t] as number);
  return ok({
    ...options,
    dates: keep.map((t) => dates[t]!),
    columns,
    prices: columns.map((c) => take(prices.get(c)!)),
    weights,
    ...(benchmarkName === undefined ? {} : { benchmark: { name: benchmarkName, prices: take(benchmarkTable!.get(benchmarkName)!) } }),
    droppedRows: dates.length - keep.length,
  });
}

function invalid(problems: InputProblem[]): Result<never, typeof INVALID_INPUT> {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return fail(INVALID_INPUT, `${first.path}: ${first.message}${more}`, problems);
}

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
